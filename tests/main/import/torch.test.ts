/**
 * ONNX written by PyTorch (Debian's torch 1.13, torch.onnx.export opset 13, BN kept by exporting in
 * training mode, constants not folded): torchvision ResNet-18, MobileNetV2, SqueezeNet 1.1 and GoogLeNet
 * import with nothing unsupported, no graph errors, a [1000] head and exactly torchvision's trainable
 * parameter count; plus a small conv net and a sequence model covering the other op families.
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
import sys, torch, torchvision, torch.nn as nn
torch.manual_seed(0)
models = {
  'resnet18': torchvision.models.resnet18(),
  'mobilenet_v2': torchvision.models.mobilenet_v2(),
  'squeezenet1_1': torchvision.models.squeezenet1_1(),
  'googlenet': torchvision.models.googlenet(aux_logits=False, init_weights=False),
}
class Seq(nn.Module):
  def __init__(s):
    super().__init__()
    s.emb = nn.Embedding(50, 8); s.conv = nn.Conv1d(8, 12, 3, padding=1); s.lstm = nn.LSTM(12, 6, batch_first=True)
    s.ln = nn.LayerNorm(6); s.fc = nn.Linear(6, 3)
  def forward(s, x):
    y = torch.relu(s.conv(s.emb(x).permute(0, 2, 1))).permute(0, 2, 1)
    y, _ = s.lstm(y)
    return s.fc(s.ln(y[:, -1]))
class Img(nn.Module):
  def __init__(s):
    super().__init__()
    s.c1 = nn.Conv2d(3, 8, 3, stride=2, padding=1); s.dc = nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1)
    s.up = nn.Upsample(scale_factor=2); s.dw = nn.Conv2d(4, 4, 3, padding=1, groups=4, bias=False); s.pw = nn.Conv2d(4, 6, 1)
    s.bn = nn.BatchNorm2d(6); s.fc = nn.Linear(6 * 32 * 32, 5)
  def forward(s, x):
    y = nn.functional.silu(s.dc(nn.functional.gelu(s.c1(x))))
    y = s.bn(s.pw(s.dw(s.up(y))))
    return s.fc(torch.flatten(nn.functional.relu6(y), 1))
inputs = {name: torch.randn(1, 3, 224, 224) for name in models}
models.update(seq=Seq(), img=Img())
inputs.update(seq=torch.randint(0, 50, (1, 10)), img=torch.randn(1, 3, 16, 16))
for name, m in models.items():
  m.train()
  torch.onnx.export(m, inputs[name], f'{sys.argv[1]}/{name}.onnx', opset_version=13,
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

  it('a small conv net: symmetric pads, gelu/silu folds, ConvTranspose, Upsample, depthwise+pointwise → SeparableConv2D, relu6', async () => {
    const res = await importModelFile(path.join(dir, 'img.onnx'));
    expect(res.unsupported).toEqual([]);
    const s = summarize(res.project.graph);
    expect(s.errors).toEqual([]);
    expect(s.trainable).toBe(expected.get('img'));
    expect(s.outputs).toEqual(['[5]']);
    const byName = new Map(res.project.graph.nodes.map((n) => [n.name ?? n.id, n]));
    expect(byName.get('c1')!.params).toMatchObject({ activation: 'gelu', padding: 'valid', strides: 2 });
    expect(byName.get('c1_pad')!.params).toMatchObject({ padding: 1 });
    expect(byName.get('dc')!.params).toMatchObject({ filters: 4, kernelSize: 4, strides: 2, padding: 'same', activation: 'swish' });
    expect(byName.get('dw')!.type).toBe('SeparableConv2D');
    expect(byName.get('up')!.params).toMatchObject({ size: 2, interpolation: 'nearest' });
    // torch.flatten of NCHW: imported as our NHWC Flatten, with a warning about element order.
    expect(res.warnings.join('\n')).toMatch(/Flatten of a channels-first tensor/);
  });

  it('a sequence model: Embedding, Conv1d between permutes, batch-first LSTM read at the last step, LayerNorm', async () => {
    const res = await importModelFile(path.join(dir, 'seq.onnx'));
    expect(res.unsupported).toEqual([]);
    expect(res.project.graph.nodes.map((n) => n.type)).toEqual(['Input', 'Embedding', 'Conv1D', 'LSTM', 'LayerNormalization', 'Dense']);
    const s = summarize(res.project.graph);
    expect(s.errors).toEqual([]);
    expect(s.outputs).toEqual(['[3]']);
    // PyTorch's LSTM has two biases per gate, Keras one: 4 × 6 fewer parameters, and a warning says so.
    expect(s.trainable).toBe(expected.get('seq')! - 4 * 6);
    expect(res.warnings.join('\n')).toMatch(/'lstm': LSTM has input and recurrent biases.*lower by 24/);
    expect(res.project.graph.nodes.find((n) => n.type === 'LSTM')!.params).toMatchObject({ units: 6, returnSequences: false });
  });
});
