/**
 * Hand-built graphs covering the catalog beyond the random generator: sequence layers (Conv1D incl.
 * causal, 1-D pooling, recurrent, attention), rank-2/rank-1 Dense and BN, Keras broadcasting merges,
 * Cropping/UpSampling/LRN/PReLU/Permute/Reshape/Softmax axes. `carry`: TF.js can build it and every
 * weight maps onto torch (no recurrent/attention layers), so the weight-carry test covers it too.
 */
import type { GraphData, GraphNode } from '../../../shared/graph/types';
import { analyzeGraph } from '../../../shared/infer/index';

export interface CatalogGraph {
  key: string;
  graph: GraphData;
  carry: boolean;
}

type Spec = [id: string, type: string, params: Record<string, unknown>, inputs: string[]];

function graph(specs: Spec[]): GraphData {
  const nodes: GraphNode[] = specs.map(([id, type, params]) => ({ id, type, params, position: { x: 0, y: 0 } }));
  const edges = specs.flatMap(([id, , , ins]) => ins.map((s, port) => ({ id: `${s}->${id}:${port}`, source: s, target: id, targetPort: port })));
  return { nodes, edges, groups: [] };
}

export const catalogGraphs: CatalogGraph[] = [
  {
    key: 'seq-conv',
    carry: true,
    graph: graph([
      ['in', 'Input', { shape: [10, 6] }, []],
      ['c1', 'Conv1D', { filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }, ['in']],
      ['c2', 'Conv1D', { filters: 6, kernelSize: 2, padding: 'causal', dilationRate: 2 }, ['c1']],
      ['mp', 'MaxPooling1D', { poolSize: 2, padding: 'same' }, ['c2']],
      ['ap', 'AveragePooling1D', { poolSize: 3, strides: 1, padding: 'same' }, ['mp']],
      ['ln', 'LayerNormalization', {}, ['ap']],
      ['bn', 'BatchNormalization', {}, ['ln']],
      ['d', 'Dense', { units: 4, activation: 'tanh' }, ['bn']],
      ['f', 'Flatten', {}, ['d']],
      ['out', 'Dense', { units: 3 }, ['f']],
    ]),
  },
  {
    key: 'image-misc',
    carry: true,
    graph: graph([
      ['in', 'Input', { shape: [7, 9, 3] }, []],
      ['crop', 'Cropping2D', { cropping: [[1, 0], [0, 2]] }, ['in']],
      ['up', 'UpSampling2D', { size: [2, 1] }, ['crop']],
      ['lrn', 'LRN', { depthRadius: 1, bias: 2, alpha: 0.5, beta: 0.75 }, ['up']],
      ['prelu', 'PReLU', {}, ['lrn']],
      ['sd', 'SpatialDropout2D', { rate: 0.2 }, ['prelu']],
      ['gn', 'GaussianNoise', { stddev: 0.1 }, ['sd']],
      ['conv', 'Conv2D', { filters: 4, kernelSize: [3, 2], padding: 'same', activation: 'swish' }, ['gn']],
      ['smc', 'Softmax', { axis: -1 }, ['conv']],
      ['perm', 'Permute', { dims: [2, 1, 3] }, ['smc']],
      ['lnall', 'LayerNormalization', { axis: [1, 2, 3] }, ['perm']],
      ['elu', 'ELU', { alpha: 1 }, ['lnall']],
      ['resh', 'Reshape', { targetShape: [84, 4] }, ['elu']],
      ['f', 'Flatten', {}, ['resh']],
      ['out', 'Dense', { units: 3, activation: 'softmax' }, ['f']],
    ]),
  },
  {
    key: 'merges',
    carry: true,
    graph: graph([
      ['in', 'Input', { shape: [6, 5, 4] }, []],
      ['a', 'Conv2D', { filters: 4, kernelSize: 1, activation: 'relu6' }, ['in']],
      ['gap', 'GlobalAveragePooling2D', {}, ['in']],
      ['gate', 'Dense', { units: 4, activation: 'sigmoid' }, ['gap']],
      ['gate4', 'Reshape', { targetShape: [1, 1, 4] }, ['gate']],
      ['se', 'Multiply', {}, ['a', 'gate4']],
      ['sub', 'Subtract', {}, ['a', 'in']],
      ['mx', 'Maximum', {}, ['se', 'sub']],
      ['mn', 'Minimum', {}, ['se', 'sub']],
      ['avg', 'Average', {}, ['mx', 'mn', 'a']],
      ['cat', 'Concatenate', { axis: 2 }, ['avg', 'a']],
      ['dw', 'DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2, padding: 'same', strides: 2 }, ['cat']],
      ['lr', 'Activation', { activation: 'leakyRelu' }, ['dw']],
      ['gmp', 'GlobalMaxPooling2D', {}, ['lr']],
      ['out', 'Dense', { units: 3 }, ['gmp']],
    ]),
  },
  {
    key: 'vector',
    carry: true,
    graph: graph([
      ['in', 'Input', { shape: [12] }, []],
      ['d1', 'Dense', { units: 8, activation: 'elu' }, ['in']],
      ['bn', 'BatchNormalization', { momentum: 0.8, epsilon: 0.01 }, ['d1']],
      ['rep', 'RepeatVector', { n: 3 }, ['bn']],
      ['gap', 'GlobalAveragePooling1D', {}, ['rep']],
      ['do', 'Dropout', { rate: 0.5 }, ['gap']],
      ['ad', 'AlphaDropout', { rate: 0.1 }, ['do']],
      ['gd', 'GaussianDropout', { rate: 0.2 }, ['ad']],
      ['relu', 'ReLU', { maxValue: 6 }, ['gd']],
      ['leaky', 'LeakyReLU', { alpha: 0.1 }, ['relu']],
      ['out', 'Dense', { units: 3, activation: 'gelu' }, ['leaky']],
    ]),
  },
  {
    key: 'recurrent',
    carry: false,
    graph: graph([
      ['in', 'Input', { shape: [7, 5] }, []],
      ['rnn', 'SimpleRNN', { units: 6, returnSequences: true }, ['in']],
      ['lstm', 'LSTM', { units: 5, returnSequences: true }, ['rnn']],
      ['gru', 'GRU', { units: 4 }, ['lstm']],
      ['out', 'Dense', { units: 3 }, ['gru']],
    ]),
  },
  {
    key: 'attention',
    carry: false,
    graph: graph([
      ['in', 'Input', { shape: [6, 8] }, []],
      ['att', 'MultiHeadAttention', { numHeads: 2, keyDim: 3, valueDim: 5 }, ['in', 'in']],
      ['gmp', 'GlobalMaxPooling1D', {}, ['att']],
      ['out', 'Dense', { units: 3 }, ['gmp']],
    ]),
  },
];

/** Fails loudly if a hand-built graph stops being valid (a catalog change), instead of testing nothing. */
export function checkedCatalogGraphs(): CatalogGraph[] {
  for (const g of catalogGraphs) {
    const errors = analyzeGraph(g.graph).issues.filter((i) => i.severity === 'error');
    if (errors.length) throw new Error(`catalog graph ${g.key} is invalid: ${errors.map((e) => e.message).join('; ')}`);
  }
  return catalogGraphs;
}
