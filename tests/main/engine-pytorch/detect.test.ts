import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearPytorchCache, detectPytorch, pytorchEngineInfo } from '../../../main/engine-pytorch/index';
import { engineInfoSchema } from '../../../shared/contract/runs';
import { assertPeer, shouldRun } from '../../shared/export/peers';
import { PYTHON, torchPeer } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-pt-detect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => clearPytorchCache());

/** An executable script standing in for a Python interpreter. */
function fakePython(name: string, body: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('detectPytorch: interpreters that cannot train', () => {
  it('an explicit path that does not exist: available false, the path, and what to install', async () => {
    const info = await detectPytorch('/opt/nowhere/bin/python3');
    expect(info).toMatchObject({ available: false, python: null, torchVersion: null, devices: [] });
    expect(info.reason).toContain("The Python interpreter '/opt/nowhere/bin/python3' cannot run the PyTorch engine (/opt/nowhere/bin/python3: not found (no such file))");
    expect(info.reason).toContain("'pip install torch numpy'");
    expect(info.reason).toContain("'sudo apt-get install python3-torch'");
    expect(info.tried).toEqual([{ python: '/opt/nowhere/bin/python3', problem: 'not found (no such file)' }]);
  });

  it('something that is not a Python at all: says it could not run it', async () => {
    const bad = fakePython('broken-python', 'echo "segfault-ish noise" >&2; exit 139');
    const info = await detectPytorch(bad);
    expect(info.available).toBe(false);
    expect(info.tried[0].problem).toMatch(/^could not run it \(.*\): segfault-ish noise$/);
  });

  it.runIf(spawnSync(PYTHON, ['-c', 'pass']).status === 0)('a Python without torch: names the import error and says to install torch', async () => {
    // The real interpreter, with torch made unimportable.
    const noTorch = fakePython('python-no-torch', `exec "${PYTHON}" -c "import sys; sys.modules['torch'] = None
$2"`);
    const info = await detectPytorch(noTorch);
    expect(info.available).toBe(false);
    expect(info.python).toBe(noTorch);
    expect(info.pythonVersion).toMatch(/^3\.\d+\.\d+/);
    expect(info.tried[0].problem).toMatch(/^cannot import torch \((ModuleNotFound|Import)Error: import of torch halted; None in sys.modules\)$/);
    expect(info.reason).toContain('pip install torch');
    const engine = await pytorchEngineInfo(noTorch);
    expect(engineInfoSchema.parse(engine)).toMatchObject({ id: 'pytorch', available: false, version: null, devices: [] });
  });
});

describe.runIf(shouldRun('PyTorch detection', torchPeer))('detectPytorch with Debian python3-torch', () => {
  beforeAll(() => assertPeer('python3 with torch and numpy', torchPeer));
  it('reports the interpreter, versions and devices (CPU last, with its cores); answers from cache the second time', async () => {
    const real = spawnSync(PYTHON, ['-c', 'import sys, torch; print(torch.__version__); print(sys.version.split()[0]); print(torch.cuda.device_count())'], { encoding: 'utf8' });
    const [torchVersion, pythonVersion, gpus] = real.stdout.trim().split('\n');
    const info = await detectPytorch(PYTHON);
    expect(info).toMatchObject({ available: true, reason: null, python: PYTHON, torchVersion, pythonVersion });
    expect(info.devices.filter((d) => d.kind === 'cuda')).toHaveLength(Number(gpus));
    expect(info.devices.at(-1)).toMatchObject({ id: 'cpu', kind: 'cpu', name: expect.stringMatching(/^CPU \(\d+ cores?\)$/) });
    // The cache is checked by counting interpreter starts (a wrapper logs each), not by timing.
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-detect-cache-'));
    const wrapper = path.join(dir, 'python-counting');
    writeFileSync(wrapper, `#!/bin/sh\necho run >> '${path.join(dir, 'starts')}'\nexec '${PYTHON}' "$@"\n`, { mode: 0o755 });
    const starts = () => readFileSync(path.join(dir, 'starts'), 'utf8').trim().split('\n').length;
    const first = await detectPytorch(wrapper);
    expect(first.available).toBe(true);
    const afterFirst = starts();
    expect(await detectPytorch(wrapper)).toEqual(first);
    expect(starts()).toBe(afterFirst);
    rmSync(dir, { recursive: true, force: true });
    const engine = engineInfoSchema.parse(await pytorchEngineInfo(PYTHON));
    expect(engine).toMatchObject({ id: 'pytorch', available: true, reason: null, version: `PyTorch ${torchVersion} — Python ${pythonVersion} at ${PYTHON}` });
  });

  it('without an explicit path: NETWRIGHT_PYTHON first, then /usr/bin/python3 …; a bad candidate is listed and skipped', async () => {
    const saved = process.env.NETWRIGHT_PYTHON;
    process.env.NETWRIGHT_PYTHON = path.join(tmp, 'missing-python');
    try {
      const info = await detectPytorch();
      expect(info.tried[0]).toEqual({ python: path.join(tmp, 'missing-python'), problem: 'not found' });
      if (PYTHON === '/usr/bin/python3') {
        expect(info).toMatchObject({ available: true, python: '/usr/bin/python3' });
        expect(info.tried[1]).toEqual({ python: '/usr/bin/python3', problem: '' });
      }
      process.env.NETWRIGHT_PYTHON = PYTHON;
      clearPytorchCache();
      expect(await detectPytorch()).toMatchObject({ available: true, python: PYTHON });
    } finally {
      if (saved === undefined) delete process.env.NETWRIGHT_PYTHON;
      else process.env.NETWRIGHT_PYTHON = saved;
    }
  });
});
