import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createProject } from '../../../shared/format';
import type { GraphData, GraphNode } from '../../../shared/graph/types';
import { buildPreset, presetNames } from '../../../shared/presets';
import { exportModelFile, modelWithWeights, onnxBytes } from '../../../main/export';
import { chain, maxErr, WrittenOnnx } from './onnx-helpers';
import { makeRng } from '../../../main/engine/trainer/random';
import { decodeModel } from '../../../main/export/onnx/proto';

/** Residual + concat branches: input → conv → (conv ⊕ id) → concat(dw, sep) → BN → GAP → dense. */
function branchy(): GraphData {
  const n = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({ id, type, params, position: { x: 0, y: 0 } });
  const nodes = [
    n('in', 'Input', { shape: [9, 11, 3] }),
    n('c1', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
    n('c2', 'Conv2D', { filters: 4, kernelSize: [2, 3], strides: 2, padding: 'same' }),
    n('c3', 'Conv2D', { filters: 4, kernelSize: 1, strides: 2 }),
    n('add', 'Add'),
    n('dw', 'DepthwiseConv2D', { kernelSize: 3, padding: 'same', depthMultiplier: 2 }),
    n('sep', 'SeparableConv2D', { filters: 5, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
    n('cat', 'Concatenate', { axis: -1 }),
    n('bn', 'BatchNormalization'),
    n('act', 'Activation', { activation: 'tanh' }),
    n('gap', 'GlobalAveragePooling2D'),
    n('fc', 'Dense', { units: 3, activation: 'softmax' }),
  ];
  const pairs: [string, string, number][] = [
    ['in', 'c1', 0], ['c1', 'c2', 0], ['c1', 'c3', 0], ['c2', 'add', 0], ['c3', 'add', 1], ['add', 'dw', 0], ['add', 'sep', 0],
    ['dw', 'cat', 0], ['sep', 'cat', 1], ['cat', 'bn', 0], ['bn', 'act', 0], ['act', 'gap', 0], ['gap', 'fc', 0],
  ];
  return { nodes, edges: pairs.map(([s, t, p], i) => ({ id: `e${i}`, source: s, target: t, targetPort: p })), groups: [] };
}

/** Every merge layer on two conv branches, concatenated on the channel axis. */
function merges(): GraphData {
  const n = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({ id, type, params, position: { x: 0, y: 0 } });
  const kinds = ['Subtract', 'Multiply', 'Maximum', 'Minimum', 'Average', 'Add'];
  const nodes = [n('in', 'Input', { shape: [6, 5, 2] }), n('a', 'Conv2D', { filters: 3, kernelSize: 3, padding: 'same' }), n('b', 'Conv2D', { filters: 3, kernelSize: 1 })];
  nodes.push(...kinds.map((k) => n(k, k)), n('cat', 'Concatenate', { axis: 3 }), n('flat', 'Flatten'), n('fc', 'Dense', { units: 2 }));
  const pairs: [string, string, number][] = [['in', 'a', 0], ['in', 'b', 0], ['flat', 'fc', 0], ['cat', 'flat', 0]];
  kinds.forEach((k, i) => pairs.push(['a', k, 0], ['b', k, 1], [k, 'cat', i]));
  return { nodes, edges: pairs.map(([s, t, p], i) => ({ id: `e${i}`, source: s, target: t, targetPort: p })), groups: [] };
}

/** Seeded random valid conv chains (mulberry32). */
function randomChain(seed: number): GraphData {
  const rnd = makeRng(seed);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const h0 = 8 + Math.floor(rnd() * 8);
  const w0 = 8 + Math.floor(rnd() * 8);
  // Track the spatial size so kernels never exceed it.
  let h = h0;
  let w = w0;
  const steps: [string, Record<string, unknown>][] = [];
  const acts = ['relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softplus', 'swish', 'linear', 'leakyRelu'];
  for (let i = 0; i < 4; i++) {
    const kind = pick(['conv', 'conv', 'dw', 'pool', 'avg', 'pad', 'bn', 'drop', 'leaky', 'up']);
    const padding = pick(['same', 'valid']);
    const k = Math.min(pick([1, 2, 3]), h, w);
    const s = pick([1, 2]);
    const shrink = (n: number) => (padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);
    if (kind === 'conv') steps.push(['Conv2D', { filters: 2 + Math.floor(rnd() * 4), kernelSize: k, strides: s, padding, activation: pick(acts) }]);
    else if (kind === 'dw') steps.push(['DepthwiseConv2D', { kernelSize: k, strides: s, padding, activation: pick(acts) }]);
    else if (kind === 'pool') steps.push(['MaxPooling2D', { poolSize: k, strides: s, padding }]);
    else if (kind === 'avg') steps.push(['AveragePooling2D', { poolSize: k, strides: s, padding }]);
    else if (kind === 'pad') steps.push(['ZeroPadding2D', { padding: [[1, 0], [2, 1]] }]);
    else if (kind === 'bn') steps.push(['BatchNormalization', {}]);
    else if (kind === 'drop') steps.push(['Dropout', { rate: 0.3 }]);
    else if (kind === 'leaky') steps.push(['LeakyReLU', { alpha: 0.1 }]);
    else steps.push(['UpSampling2D', { size: 2 }]);
    if (['conv', 'dw', 'pool', 'avg'].includes(kind)) {
      h = shrink(h);
      w = shrink(w);
    } else if (kind === 'pad') {
      h += 1;
      w += 3;
    } else if (kind === 'up') {
      h *= 2;
      w *= 2;
    }
  }
  steps.push(pick([['Flatten', {}], ['GlobalMaxPooling2D', {}]] as [string, Record<string, unknown>][]));
  steps.push(['Dense', { units: 4, activation: pick(['linear', 'relu', 'softmax']) }]);
  return chain([h0, w0, 1 + (seed % 3)], steps);
}

const written = new WrittenOnnx('nw-onnx-');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ONNX export', () => {
  const cases: [string, () => GraphData][] = [
    ['lenet5', () => buildPreset('lenet5').graph],
    ['branchy', branchy],
    ['merges', merges],
    [
      'lrn-crop',
      () =>
        chain([12, 10, 6], [
          ['LRN', { depthRadius: 2, bias: 2, alpha: 1e-3, beta: 0.75 }],
          ['Cropping2D', { cropping: [[1, 2], [0, 3]] }],
          ['Permute', { dims: [3, 1, 2] }],
          ['SpatialDropout2D', { rate: 0.2 }],
          ['ReLU', { maxValue: 1.5 }],
          ['Reshape', { targetShape: [9, 7 * 6] }],
          ['Permute', { dims: [2, 1] }],
          ['Reshape', { targetShape: [3, 3, 42] }],
          ['UpSampling2D', { size: [2, 1] }],
          ['GlobalAveragePooling2D', {}],
          ['Dense', { units: 5, useBias: false }],
          ['Softmax', {}],
        ]),
    ],
    ...Array.from({ length: 10 }, (_, i) => [`random${i}`, () => randomChain(i + 1)] as [string, () => GraphData]),
  ];
  for (const [name, make] of cases) {
    it(`${name}: onnxruntime output matches TF.js (NCHW and NHWC)`, async () => {
      for (const layout of ['nchw', 'nhwc'] as const) {
        written.keepMatching(`${name}-${layout}`, `${name} ${layout}`, await maxErr(make(), 7, layout));
      }
    });
  }

  // Numerical parity on the small and mid-size presets (batch 1, CPU backend) …
  const NUMERIC = ['nin', 'squeezenet1_1', 'mobilenet_v2', 'resnet18'];
  // … and every preset up to 30M parameters through the checker; the VGGs, AlexNet and ResNet-101/152
  // export too (0.25–0.57 GB each) but are left out to keep this file at seconds, not minutes.
  const CHECK_ONLY_MAX_PARAMS = 30e6;
  for (const name of NUMERIC) {
    it(`preset ${name}: onnxruntime output matches TF.js`, async () => {
      written.keepMatching(`preset-${name}`, name, await maxErr(buildPreset(name).graph, 11, 'nchw', 1));
    }, 120_000);
  }
  it('the other presets up to 30M parameters export', async () => {
    for (const name of presetNames.filter((n) => !NUMERIC.includes(n) && n !== 'lenet5')) {
      const project = createProject(buildPreset(name).graph);
      const model = await modelWithWeights(project);
      if (model.countParams() <= CHECK_ONLY_MAX_PARAMS) written.write(`preset-${name}`, onnxBytes(model, project));
      model.dispose();
    }
  }, 120_000);

  it('exportModelFile writes an opset-13 model named after the nodes', async () => {
    const out = path.join(written.dir, 'sub', 'lenet.onnx');
    const { files } = await exportModelFile(createProject(buildPreset('lenet5').graph), 'onnx', { outPath: out });
    expect(files).toEqual([out]);
    const m = decodeModel(new Uint8Array(readFileSync(out))) as { opset_import: { version: number }[]; graph: { input: { name: string }[] } };
    expect(m.opset_import[0].version).toBe(13);
    expect(m.graph.input[0].name).toBe('input');
    written.files.push(out);
  });

  it('unsupported layers are reported by node name', async () => {
    const g = chain([5, 4, 2], [['BatchNormalization', { axis: 1 }]]);
    g.nodes[1].name = 'my norm';
    await expect(exportModelFile(createProject(g), 'onnx', { outPath: path.join(written.dir, 'x.onnx') })).rejects.toThrow(/my norm.*BatchNormalization.*axis 1/);
  });

  it('every written file passes onnx.checker.check_model (one python process)', () => {
    written.checkAll(20);
  });
});
