/**
 * ONNX written by PyTorch (Debian's torch 1.13, torch.onnx.export opset 13, BN kept by exporting in
 * training mode): torchvision ResNet-18, MobileNetV2, SqueezeNet 1.1 and GoogLeNet import with nothing
 * unsupported, no graph errors, a [1000] head and exactly torchvision's trainable parameter count.
 * Exercises what our own files never contain: symmetric pads (→ ZeroPadding2D), ceil_mode pooling,
 * Gemm with transB, Identity-shared initializers, keepdims global pooling + Flatten, torch node names.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importModelFile } from '../../../main/import';
import { assertPeer, pythonWith, PYTHON, shouldRun } from '../../shared/export/peers';
import { summarize } from './helpers';

const peer = pythonWith('torch, torchvision');
const SCRIPT = `
import sys, torch, torchvision
torch.manual_seed(0)
models = {
  'resnet18': torchvision.models.resnet18(),
  'mobilenet_v2': torchvision.models.mobilenet_v2(),
  'squeezenet1_1': torchvision.models.squeezenet1_1(),
  'googlenet': torchvision.models.googlenet(aux_logits=False, init_weights=False),
}
for name, m in models.items():
  m.train()
  torch.onnx.export(m, torch.randn(1, 3, 224, 224), f'{sys.argv[1]}/{name}.onnx', opset_version=13,
                    do_constant_folding=False, training=torch.onnx.TrainingMode.TRAINING,
                    input_names=['image'], output_names=['logits'])
  print(name, sum(p.numel() for p in m.parameters() if p.requires_grad))
`;

describe.runIf(shouldRun('PyTorch ONNX import', peer))('import of ONNX files written by PyTorch', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nw-torch-onnx-'));
  const expected = new Map<string, number>();
  beforeAll(() => {
    assertPeer('torch + torchvision', peer);
    const r = spawnSync(PYTHON, ['-W', 'ignore', '-c', SCRIPT, dir], { encoding: 'utf8' });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    for (const line of r.stdout.trim().split('\n')) {
      const [name, count] = line.split(' ');
      expected.set(name, Number(count));
    }
  }, 120_000);

  for (const name of ['resnet18', 'mobilenet_v2', 'squeezenet1_1', 'googlenet']) {
    it(`${name}: torchvision's trainable parameters, [1000] head`, async () => {
      const res = await importModelFile(path.join(dir, `${name}.onnx`));
      expect(res.unsupported).toEqual([]);
      const s = summarize(res.project.graph);
      expect(s.errors).toEqual([]);
      expect(s.outputs).toEqual(['[1000]']);
      expect(s.trainable).toBe(expected.get(name));
      const input = res.project.graph.nodes.find((n) => n.type === 'Input')!;
      expect(input.params.shape).toEqual([224, 224, 3]); // NCHW file → NHWC graph
    });
  }
});
