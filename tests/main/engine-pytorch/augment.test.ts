import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affineImage, type AffineParams } from '../../../main/engine/trainer/augment';
import { RUNNER_PY } from '../../../main/engine-pytorch/runner-py';
import { assertPeer, shouldRun } from '../../shared/export/peers';
import { PYTHON, torchPeer } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-pt-augment-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.runIf(shouldRun('PyTorch engine augmentation', torchPeer))("the runner's augmentation = the built-in engine's (affineImage)", () => {
  beforeAll(() => assertPeer('python3 with torch and numpy', torchPeer));

  it('flip / integer and sub-pixel shifts / rotation / zoom on non-square RGB images: max abs error ≤ 1e-5', () => {
    const [h, w, c] = [9, 11, 3];
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const params: AffineParams[] = [
      { theta: 0, scale: 1, tx: 2, ty: -1, flip: false },
      { theta: 0, scale: 1, tx: -3, ty: 2, flip: true },
      { theta: 0, scale: 1, tx: 0, ty: 0, flip: true },
      ...Array.from({ length: 9 }, () => ({ theta: (rnd() * 2 - 1) * 0.6, scale: 0.8 + rnd() * 0.4, tx: (rnd() * 2 - 1) * 3, ty: (rnd() * 2 - 1) * 3, flip: rnd() < 0.5 })),
    ];
    const images = params.map(() => Float32Array.from({ length: h * w * c }, rnd));
    const expected = images.map((img, i) => {
      const out = new Float32Array(img.length);
      affineImage(img, out, h, w, c, params[i]);
      return Array.from(out);
    });
    writeFileSync(path.join(tmp, 'runner.py'), RUNNER_PY);
    writeFileSync(path.join(tmp, 'in.json'), JSON.stringify({ images: images.map((i) => Array.from(i)), params }));
    const py = spawnSync(
      PYTHON,
      [
        '-c',
        `import json, sys, torch; sys.path.insert(0, ${JSON.stringify(tmp)}); import runner
d = json.load(open(${JSON.stringify(path.join(tmp, 'in.json'))})); p = d["params"]
x = torch.tensor(d["images"]).reshape(-1, ${h}, ${w}, ${c}).permute(0, 3, 1, 2)
col = lambda k: torch.tensor([q[k] for q in p], dtype=torch.float64)
y = runner.affine_batch(x, torch.tensor([q["flip"] for q in p]), col("theta"), col("scale"), col("tx"), col("ty"))
print(json.dumps(y.permute(0, 2, 3, 1).reshape(len(p), -1).tolist()))`,
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const got = JSON.parse(py.stdout.trim().split('\n').pop()!) as number[][];
    let err = 0;
    got.forEach((img, i) => img.forEach((v, k) => (err = Math.max(err, Math.abs(v - expected[i][k])))));
    expect(err).toBeLessThanOrEqual(1e-5);
    // Not the identity: the transforms moved pixels.
    expect(Math.max(...expected[0].map((v, k) => Math.abs(v - images[0][k])))).toBeGreaterThan(0.1);
  });
});
