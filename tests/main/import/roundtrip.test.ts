/**
 * export → import gives the same model: for the seeded random graphs of the code-export tests, the
 * catalog graphs and the layers added to the ONNX writer, in ONNX (NCHW and NHWC layouts) and TF.js
 * Layers files: no unsupported ops, same head shapes, same trainable and total parameter counts, same
 * shape at every surviving node (ids are the layer names).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { catalogGraphs } from '../../shared/export/catalog-graphs';
import { randomGraphs } from '../../shared/export/random-graphs';
import { chain } from '../export/onnx-helpers';
import { cleanup, roundTrip } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(cleanup);

describe('import round trip', () => {
  it('20 seeded random graphs: ONNX (NCHW, NHWC) and TF.js', async () => {
    let n = 0;
    for (const { seed, graph } of randomGraphs(20)) n += await roundTrip(`random${seed}`, graph, ['onnx', 'onnx-nhwc', 'tfjs']);
    expect(n).toBe(60);
  });

  it('catalog graphs the engine builds: ONNX (NCHW, NHWC) and TF.js', async () => {
    const onnx = new Set(['seq-conv', 'image-misc', 'merges', 'vector']);
    const built: string[] = [];
    for (const { key, graph } of catalogGraphs) {
      // MultiHeadAttention (no TF.js layer) and GRU resetAfter (TF.js: reset-before only) are not buildable.
      if (graph.nodes.some((n) => n.type === 'MultiHeadAttention' || (n.type === 'GRU' && n.params.resetAfter !== false))) continue;
      await roundTrip(key, graph, onnx.has(key) ? ['onnx', 'onnx-nhwc', 'tfjs'] : ['tfjs']);
      built.push(key);
    }
    expect(built).toEqual(['seq-conv', 'image-misc', 'merges', 'vector']);
  });

  const gaps: [string, ReturnType<typeof chain>][] = [
    ['deconv', chain([5, 7, 3], [['Conv2DTranspose', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }], ['Conv2DTranspose', { filters: 3, kernelSize: [2, 3], strides: [2, 1] }], ['Conv2DTranspose', { filters: 2, kernelSize: 1, strides: 3, padding: 'same', useBias: false }], ['GlobalMaxPooling2D', {}]])],
    ['conv1d', chain([17, 3], [['Conv1D', { filters: 5, kernelSize: 4, strides: 2, padding: 'same', activation: 'gelu' }], ['Conv1D', { filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2 }], ['MaxPooling1D', { poolSize: 3, strides: 2, padding: 'same' }], ['BatchNormalization', {}], ['AveragePooling1D', { poolSize: 2 }], ['GlobalAveragePooling1D', {}], ['Dense', { units: 3, activation: 'softmax' }]])],
    ['embedding', chain([6], [['Embedding', { inputDim: 11, outputDim: 4 }], ['Conv1D', { filters: 3, kernelSize: 2, activation: 'swish' }], ['GlobalMaxPooling1D', {}], ['Dense', { units: 2 }]])],
    ['recurrent', chain([7, 5], [['SimpleRNN', { units: 6, returnSequences: true, activation: 'relu' }], ['LSTM', { units: 5, returnSequences: true }], ['GRU', { units: 4, resetAfter: false, returnSequences: true }], ['LSTM', { units: 3, useBias: false }], ['Dense', { units: 3 }]])],
    ['dense-nd', chain([4, 5, 3], [['Dense', { units: 6, activation: 'leakyRelu' }], ['Conv2D', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu6' }], ['Dense', { units: 4, useBias: false, activation: 'selu' }], ['Reshape', { targetShape: [20, 4] }], ['Dense', { units: 3, activation: 'tanh' }], ['Flatten', {}], ['Dense', { units: 2 }]])],
    [
      'permute-reshape',
      chain([12, 10, 6], [
        ['LRN', { depthRadius: 2, bias: 2, alpha: 1e-3, beta: 0.75 }],
        ['Cropping2D', { cropping: [[1, 2], [0, 3]] }],
        ['Permute', { dims: [3, 1, 2] }],
        ['ReLU', { maxValue: 1.5 }],
        ['Reshape', { targetShape: [9, 7 * 6] }],
        ['Permute', { dims: [2, 1] }],
        ['LayerNormalization', {}],
        ['Reshape', { targetShape: [3, 3, 42] }],
        ['UpSampling2D', { size: [2, 1], interpolation: 'bilinear' }],
        ['GlobalAveragePooling2D', {}],
        ['Dense', { units: 5, useBias: false }],
        ['Softmax', {}],
      ]),
    ],
  ];
  for (const [key, graph] of gaps) {
    it(`${key}: ONNX (NCHW, NHWC) and TF.js`, async () => {
      expect(await roundTrip(key, graph, ['onnx', 'onnx-nhwc', 'tfjs'])).toBe(3);
    });
  }
});
