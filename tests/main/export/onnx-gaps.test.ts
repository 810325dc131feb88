/**
 * ONNX export of the layers added after the first writer: Conv2DTranspose, gelu, Dense on sequences and
 * feature maps, Conv1D (incl. causal) and 1-D pooling, Embedding, SimpleRNN/LSTM/GRU — each run in
 * onnxruntime-node against the TF.js model with random weights (≤ 1e-4), plus the seeded random graphs
 * of the code-export tests, and onnx.checker on every file.
 */
import { describe, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { GraphData } from '../../../shared/graph/types';
import { randomGraphs } from '../../shared/export/random-graphs';
import { chain, maxErr, WrittenOnnx } from './onnx-helpers';

const written = new WrittenOnnx('nw-onnx-gaps-');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CASES: [string, GraphData][] = [
  [
    'conv2d-transpose',
    chain([5, 7, 3], [
      ['Conv2DTranspose', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }],
      ['Conv2DTranspose', { filters: 3, kernelSize: [2, 3], strides: [2, 1], padding: 'valid' }],
      ['Conv2DTranspose', { filters: 2, kernelSize: 1, strides: 3, padding: 'same', useBias: false }],
      ['Conv2DTranspose', { filters: 2, kernelSize: 4, strides: 2, padding: 'same', activation: 'gelu' }],
      ['Conv2DTranspose', { filters: 2, kernelSize: 2, strides: 3, padding: 'valid' }],
      ['GlobalAveragePooling2D', {}],
    ]),
  ],
  [
    'gelu-dense-nd',
    chain([4, 5, 3], [
      ['Dense', { units: 6, activation: 'gelu' }],
      ['Conv2D', { filters: 3, kernelSize: 3, padding: 'same', activation: 'gelu' }],
      ['Dense', { units: 4, activation: 'softmax', useBias: false }],
      ['Reshape', { targetShape: [20, 4] }],
      ['Dense', { units: 3, activation: 'tanh' }],
      ['Activation', { activation: 'gelu' }],
      ['Flatten', {}],
      ['Dense', { units: 2 }],
    ]),
  ],
  [
    'conv1d-pool1d',
    chain([17, 3], [
      ['Conv1D', { filters: 5, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }],
      ['Conv1D', { filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2 }],
      ['MaxPooling1D', { poolSize: 3, strides: 2, padding: 'same' }],
      ['Conv1D', { filters: 4, kernelSize: 2, padding: 'valid', useBias: false, activation: 'gelu' }],
      ['AveragePooling1D', { poolSize: 2, padding: 'valid' }],
      ['GlobalMaxPooling1D', {}],
      ['Dense', { units: 3 }],
    ]),
  ],
  ['pool1d-global-avg', chain([9, 4], [['AveragePooling1D', { poolSize: 2, strides: 1, padding: 'same' }], ['GlobalAveragePooling1D', {}]])],
  // Batch norm of a sequence normalises the feature (last) axis, not ONNX's axis 1 (steps).
  ['bn-sequence', chain([7, 3], [['BatchNormalization', { epsilon: 0.01 }], ['Conv1D', { filters: 2, kernelSize: 1 }], ['BatchNormalization', {}]])],
  ['embedding', chain([6], [['Embedding', { inputDim: 11, outputDim: 4 }], ['Conv1D', { filters: 3, kernelSize: 2 }], ['Flatten', {}], ['Dense', { units: 2 }]])],
  [
    'recurrent',
    chain([7, 5], [
      ['SimpleRNN', { units: 6, returnSequences: true, activation: 'relu' }],
      ['LSTM', { units: 5, returnSequences: true }],
      ['GRU', { units: 4, resetAfter: false, returnSequences: true }],
      ['LSTM', { units: 3, useBias: false, recurrentActivation: 'tanh' }],
      ['Dense', { units: 3 }],
    ]),
  ],
  [
    'norm-prelu-repeat',
    chain([6, 5, 3], [
      ['LayerNormalization', {}],
      ['PReLU', {}],
      ['UpSampling2D', { size: [2, 3], interpolation: 'bilinear' }],
      ['LayerNormalization', { axis: [1, 2, 3], epsilon: 0.01 }],
      ['GlobalAveragePooling2D', {}],
      ['RepeatVector', { n: 4 }],
      ['LayerNormalization', { axis: -1 }],
      ['PReLU', {}],
      ['GlobalAveragePooling1D', {}],
    ]),
  ],
  ['gru-last', chain([4, 3], [['GRU', { units: 5, resetAfter: false }], ['Dense', { units: 2 }]])],
];

describe('ONNX export: layers added for import round trips', () => {
  for (const [name, graph] of CASES) {
    it(`${name}: onnxruntime output matches TF.js (NCHW and NHWC)`, async () => {
      for (const layout of ['nchw', 'nhwc'] as const) {
        const result = await maxErr(graph, 5, layout, 2, name === 'embedding' ? { int: 11 } : undefined);
        written.keepMatching(`${name}-${layout}`, `${name} ${layout}`, result);
      }
    });
  }

  it('the 20 seeded random graphs of the code-export tests (transposed convs, gelu, Dense on feature maps…)', async () => {
    for (const { seed, graph } of randomGraphs(20)) {
      written.keepMatching(`random-${seed}`, `random graph seed ${seed}`, await maxErr(graph, seed, 'nchw', 1));
    }
  });

  it('every written file passes onnx.checker.check_model', () => {
    written.checkAll(30);
  });
});
