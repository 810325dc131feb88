/**
 * Keras and TF.js share one layer vocabulary (our catalog follows it), so both targets read this table:
 * per layer type, the constructor arguments in TF.js camelCase (Keras gets them in snake_case) and
 * which of the two can express it. Activations the layer APIs lack (relu6 in Keras, leakyRelu in both)
 * become a separate activation layer named `<id>__act`, as the built-in engine builds them.
 */
import { edges4, type ExportNode, type NodeProblem } from './model';

export type Arg = number | string | boolean | null | Arg[] | { tuple: Arg[] };

export type Flavour = 'keras' | 'tfjs';

/** One emitted layer: `className` (Keras class / TF.js factory) with args; `post` is an activation layer after it. */
export interface LayerCall {
  className: string;
  args: [string, Arg][];
  /** Extra positional argument first (Keras LeakyReLU slope, Activation name). */
  positional?: Arg;
  /** A layer applied before this one (TF.js causal Conv1D: left pad, then 'valid'). */
  pre?: LayerCall;
  post?: LayerCall;
}

/** Keras activation names (strings accepted by tf.keras 2.x and Keras 3 alike). */
const KERAS_ACT: Record<string, string> = {
  linear: 'linear', relu: 'relu', elu: 'elu', selu: 'selu', tanh: 'tanh', sigmoid: 'sigmoid', softmax: 'softmax', swish: 'swish', silu: 'swish', gelu: 'gelu',
};
const TFJS_ACT: Record<string, string> = { ...KERAS_ACT, relu6: 'relu6' };

/** The activation arg of a layer plus, when the API lacks it, the activation layer to apply after. */
function activation(f: Flavour, name: string, id: string): { act: string; post?: LayerCall } {
  const table = f === 'keras' ? KERAS_ACT : TFJS_ACT;
  if (table[name]) return { act: table[name] };
  return { act: 'linear', post: activationLayer(f, name, `${id}__act`) };
}

/** A standalone activation layer (the Activation node type, or a split-off activation). */
function activationLayer(f: Flavour, name: string, layerName: string): LayerCall {
  if (name === 'leakyRelu') return { className: f === 'keras' ? 'LeakyReLU' : 'leakyReLU', args: f === 'keras' ? [['name', layerName]] : [['alpha', 0.2], ['name', layerName]], ...(f === 'keras' ? { positional: 0.2 } : {}) };
  if (name === 'relu6' && f === 'keras') return { className: 'ReLU', args: [['maxValue', 6.0], ['name', layerName]] };
  const act = (f === 'keras' ? KERAS_ACT : TFJS_ACT)[name] ?? name;
  return f === 'keras' ? { className: 'Activation', positional: act, args: [['name', layerName]] } : { className: 'activation', args: [['activation', act], ['name', layerName]] };
}

const size = (v: unknown): Arg => (Array.isArray(v) ? { tuple: v as number[] } : (v as number));

function edgesArg(v: unknown): Arg {
  if (typeof v === 'number') return v;
  const [t, b, l, r] = edges4(v);
  return { tuple: [{ tuple: [t, b] }, { tuple: [l, r] }] };
}

interface Entry {
  keras: string | null | ((n: ExportNode) => NodeProblem | null);
  tfjs: string | null | ((n: ExportNode) => NodeProblem | null);
  kerasClass?: string;
  tfjsClass?: string;
  args(n: ExportNode, f: Flavour): [string, Arg][];
  /** Layer has an `activation` param handled by `activation()`. */
  activates?: boolean;
}

const p = (n: ExportNode, k: string) => n.params[k] as Arg;

/** Conv arguments, leaving out those at the Keras/TF.js defaults (strides 1, dilation 1, bias on). */
const convArgs = (args: [string, Arg][]): [string, Arg][] =>
  args.filter(([k, v]) => !(((k === 'strides' || k === 'dilationRate' || k === 'depthMultiplier') && v === 1) || (k === 'useBias' && v === true)));

const conv = (n: ExportNode): [string, Arg][] =>
  convArgs([
    ['filters', p(n, 'filters')],
    ['kernelSize', size(n.params.kernelSize)],
    ['strides', size(n.params.strides)],
    ['padding', p(n, 'padding')],
    ['dilationRate', size(n.params.dilationRate)],
    ['useBias', p(n, 'useBias')],
  ]);

const pool = (n: ExportNode): [string, Arg][] => [
  ['poolSize', size(n.params.poolSize)],
  ...(n.params.strides == null ? [] : [['strides', size(n.params.strides)] as [string, Arg]]),
  ['padding', p(n, 'padding')],
];

const none = (): [string, Arg][] => [];
const rate = (n: ExportNode): [string, Arg][] => [['rate', p(n, 'rate')]];

function rnn(n: ExportNode): [string, Arg][] {
  const out: [string, Arg][] = [
    ['units', p(n, 'units')],
    ['activation', KERAS_ACT[String(n.params.activation)] ?? (n.params.activation as string)],
    ['useBias', p(n, 'useBias')],
    ['returnSequences', p(n, 'returnSequences')],
    ['dropout', p(n, 'dropout')],
    ['recurrentDropout', p(n, 'recurrentDropout')],
  ];
  if (n.type !== 'SimpleRNN') out.push(['recurrentActivation', KERAS_ACT[String(n.params.recurrentActivation)] ?? (n.params.recurrentActivation as string)]);
  if (n.type === 'LSTM') out.push(['unitForgetBias', p(n, 'unitForgetBias')]);
  if (n.type === 'GRU') out.push(['resetAfter', p(n, 'resetAfter')]);
  return out;
}

function rnnActivations(n: ExportNode, table: Record<string, string>): NodeProblem | null {
  for (const k of ['activation', 'recurrentActivation']) {
    const a = n.params[k];
    if (typeof a === 'string' && !table[a]) return { message: `${k} '${a}' is not available for recurrent layers here`, alternative: 'tanh / sigmoid' };
  }
  return null;
}

const BILINEAR: NodeProblem = {
  message: "bilinear UpSampling2D in this graph follows TF.js' resizeBilinear (no half-pixel centres), which Keras' bilinear resize does not reproduce",
  alternative: "interpolation 'nearest', or a Conv2DTranspose",
};

export const KERAS_LAYERS: Record<string, Entry> = {
  Conv2D: { keras: 'Conv2D', tfjs: 'conv2d', activates: true, args: conv },
  Conv1D: {
    keras: 'Conv1D',
    tfjs: 'conv1d',
    activates: true,
    args: (n) => convArgs([['filters', p(n, 'filters')], ['kernelSize', p(n, 'kernelSize')], ['strides', p(n, 'strides')], ['padding', p(n, 'padding')], ['dilationRate', p(n, 'dilationRate')], ['useBias', p(n, 'useBias')]]),
  },
  DepthwiseConv2D: {
    keras: 'DepthwiseConv2D',
    tfjs: 'depthwiseConv2d',
    activates: true,
    args: (n) => convArgs([['kernelSize', size(n.params.kernelSize)], ['strides', size(n.params.strides)], ['padding', p(n, 'padding')], ['depthMultiplier', p(n, 'depthMultiplier')], ['dilationRate', size(n.params.dilationRate)], ['useBias', p(n, 'useBias')]]),
  },
  SeparableConv2D: { keras: 'SeparableConv2D', tfjs: 'separableConv2d', activates: true, args: (n) => convArgs([...conv(n), ['depthMultiplier', p(n, 'depthMultiplier')]]) },
  Conv2DTranspose: {
    keras: 'Conv2DTranspose',
    tfjs: 'conv2dTranspose',
    activates: true,
    args: (n) => convArgs([['filters', p(n, 'filters')], ['kernelSize', size(n.params.kernelSize)], ['strides', size(n.params.strides)], ['padding', p(n, 'padding')], ['useBias', p(n, 'useBias')]]),
  },
  MaxPooling2D: { keras: 'MaxPooling2D', tfjs: 'maxPooling2d', args: pool },
  AveragePooling2D: { keras: 'AveragePooling2D', tfjs: 'averagePooling2d', args: pool },
  MaxPooling1D: { keras: 'MaxPooling1D', tfjs: 'maxPooling1d', args: pool },
  AveragePooling1D: { keras: 'AveragePooling1D', tfjs: 'averagePooling1d', args: pool },
  GlobalAveragePooling2D: { keras: 'GlobalAveragePooling2D', tfjs: 'globalAveragePooling2d', args: none },
  GlobalMaxPooling2D: { keras: 'GlobalMaxPooling2D', tfjs: 'globalMaxPooling2d', args: none },
  GlobalAveragePooling1D: { keras: 'GlobalAveragePooling1D', tfjs: 'globalAveragePooling1d', args: none },
  GlobalMaxPooling1D: { keras: 'GlobalMaxPooling1D', tfjs: 'globalMaxPooling1d', args: none },
  Dense: { keras: 'Dense', tfjs: 'dense', activates: true, args: (n) => convArgs([['units', p(n, 'units')], ['useBias', p(n, 'useBias')]]) },
  Flatten: { keras: 'Flatten', tfjs: 'flatten', args: none },
  Activation: { keras: 'Activation', tfjs: 'activation', args: none },
  // The inferred shape instead of a -1: TF.js leaves an inferred dimension undefined, which breaks a later Flatten.
  Reshape: { keras: 'Reshape', tfjs: 'reshape', args: (n, f) => [['targetShape', f === 'keras' ? { tuple: n.outputShape } : n.outputShape]] },
  Permute: { keras: 'Permute', tfjs: 'permute', args: (n, f) => [['dims', f === 'keras' ? { tuple: n.params.dims as number[] } : p(n, 'dims')]] },
  RepeatVector: { keras: 'RepeatVector', tfjs: 'repeatVector', args: (n) => [['n', p(n, 'n')]] },
  ZeroPadding2D: { keras: 'ZeroPadding2D', tfjs: 'zeroPadding2d', args: (n) => [['padding', edgesArg(n.params.padding)]] },
  Cropping2D: { keras: 'Cropping2D', tfjs: 'cropping2D', args: (n) => [['cropping', edgesArg(n.params.cropping)]] },
  UpSampling2D: {
    keras: (n) => (n.params.interpolation === 'bilinear' ? BILINEAR : null),
    kerasClass: 'UpSampling2D',
    tfjs: 'upSampling2d',
    args: (n) => [['size', { tuple: typeof n.params.size === 'number' ? [n.params.size, n.params.size] : (n.params.size as number[]) }], ['interpolation', p(n, 'interpolation')]],
  },
  BatchNormalization: {
    keras: 'BatchNormalization',
    tfjs: 'batchNormalization',
    args: (n) => [['axis', p(n, 'axis')], ['momentum', p(n, 'momentum')], ['epsilon', p(n, 'epsilon')], ['center', p(n, 'center')], ['scale', p(n, 'scale')]],
  },
  LayerNormalization: {
    keras: 'LayerNormalization',
    tfjs: 'layerNormalization',
    args: (n) => [['axis', p(n, 'axis')], ['epsilon', p(n, 'epsilon')], ['center', p(n, 'center')], ['scale', p(n, 'scale')]],
  },
  LRN: {
    keras: () => ({
      message: 'Keras has no local response normalisation layer',
      alternative: 'BatchNormalization, or a Lambda layer with tf.nn.local_response_normalization (not portable to Keras 3 backends)',
    }),
    tfjs: 'LRN',
    tfjsClass: 'custom',
    args: (n) => [['depthRadius', p(n, 'depthRadius')], ['bias', p(n, 'bias')], ['alpha', p(n, 'alpha')], ['beta', p(n, 'beta')]],
  },
  Dropout: { keras: 'Dropout', tfjs: 'dropout', args: rate },
  SpatialDropout2D: { keras: 'SpatialDropout2D', tfjs: 'SpatialDropout2D', tfjsClass: 'custom', args: rate },
  SpatialDropout1D: { keras: 'SpatialDropout1D', tfjs: 'spatialDropout1d', args: rate },
  GaussianNoise: { keras: 'GaussianNoise', tfjs: 'gaussianNoise', args: (n) => [['stddev', p(n, 'stddev')]] },
  GaussianDropout: { keras: 'GaussianDropout', tfjs: 'gaussianDropout', args: rate },
  AlphaDropout: { keras: 'AlphaDropout', tfjs: 'alphaDropout', args: rate },
  ReLU: { keras: 'ReLU', tfjs: 'reLU', args: (n) => (n.params.maxValue == null ? [] : [['maxValue', p(n, 'maxValue')]]) },
  LeakyReLU: { keras: 'LeakyReLU', tfjs: 'leakyReLU', args: (n) => [['alpha', p(n, 'alpha')]] },
  PReLU: { keras: 'PReLU', tfjs: 'prelu', args: none },
  ELU: {
    keras: 'ELU',
    tfjs: (n) => (n.params.alpha === 1 ? null : { message: `TF.js' ELU layer only implements alpha 1 (got ${String(n.params.alpha)})`, alternative: 'alpha 1, or export to Keras or PyTorch' }),
    tfjsClass: 'elu',
    args: (n) => [['alpha', p(n, 'alpha')]],
  },
  Softmax: {
    keras: 'Softmax',
    tfjs: (n) => {
      const a = Number(n.params.axis);
      return a === -1 || a === n.inputShapes[0].length ? null : { message: 'TF.js softmax supports the last axis only', alternative: 'axis -1 (Permute the axis last first)' };
    },
    tfjsClass: 'softmax',
    args: (n) => [['axis', p(n, 'axis')]],
  },
  Add: { keras: 'Add', tfjs: 'add', args: none },
  Subtract: { keras: 'Subtract', tfjs: 'Subtract', tfjsClass: 'custom', args: none },
  Multiply: { keras: 'Multiply', tfjs: 'multiply', args: none },
  Average: { keras: 'Average', tfjs: 'average', args: none },
  Maximum: { keras: 'Maximum', tfjs: 'maximum', args: none },
  Minimum: { keras: 'Minimum', tfjs: 'minimum', args: none },
  Concatenate: { keras: 'Concatenate', tfjs: 'concatenate', args: (n) => [['axis', p(n, 'axis')]] },
  Embedding: { keras: 'Embedding', tfjs: 'embedding', args: (n) => [['inputDim', p(n, 'inputDim')], ['outputDim', p(n, 'outputDim')]] },
  SimpleRNN: { keras: (n) => rnnActivations(n, KERAS_ACT), kerasClass: 'SimpleRNN', tfjs: (n) => rnnActivations(n, TFJS_ACT), tfjsClass: 'simpleRNN', args: rnn },
  LSTM: { keras: (n) => rnnActivations(n, KERAS_ACT), kerasClass: 'LSTM', tfjs: (n) => rnnActivations(n, TFJS_ACT), tfjsClass: 'lstm', args: rnn },
  GRU: {
    keras: (n) => rnnActivations(n, KERAS_ACT),
    kerasClass: 'GRU',
    tfjs: (n) =>
      n.params.resetAfter === true
        ? { message: "TF.js' GRU only implements resetAfter = false (one bias per gate)", alternative: 'resetAfter false' }
        : rnnActivations(n, TFJS_ACT),
    tfjsClass: 'gru',
    args: rnn,
  },
  MultiHeadAttention: {
    keras: 'MultiHeadAttention',
    tfjs: () => ({ message: 'TF.js has no attention layer', alternative: 'export to Keras or PyTorch' }),
    args: (n) => [
      ['numHeads', p(n, 'numHeads')],
      ['keyDim', p(n, 'keyDim')],
      ...(n.params.valueDim == null ? [] : [['valueDim', p(n, 'valueDim')] as [string, Arg]]),
      ['dropout', p(n, 'dropout')],
      ['useBias', p(n, 'useBias')],
      ...(n.params.outputShape == null ? [] : [['outputShape', p(n, 'outputShape')] as [string, Arg]]),
    ],
  },
};

/** Why `f` cannot express node `n`, or null. */
export function kerasProblem(n: ExportNode, f: Flavour): NodeProblem | null {
  if (n.type === 'Input') return null;
  const e = KERAS_LAYERS[n.type];
  const target = f === 'keras' ? 'Keras' : 'TF.js';
  if (!e) return { message: `${n.type} has no ${target} translation in this exporter` };
  const rule = f === 'keras' ? e.keras : e.tfjs;
  if (rule === null) return { message: `${target} has no ${n.type} layer` };
  if (typeof rule === 'function') {
    const r = rule(n);
    if (r) return r;
  }
  return null;
}

/** The layer call(s) for a node in flavour `f`; call only when kerasProblem returned null. */
export function kerasCall(n: ExportNode, f: Flavour): LayerCall {
  const e = KERAS_LAYERS[n.type];
  if (n.type === 'Activation') return activationLayer(f, String(n.params.activation), n.id);
  const rule = f === 'keras' ? e.keras : e.tfjs;
  const cls = typeof rule === 'string' ? rule : f === 'keras' ? e.kerasClass! : e.tfjsClass!;
  const args = e.args(n, f);
  let post: LayerCall | undefined;
  if (e.activates) {
    const a = activation(f, String(n.params.activation), n.id);
    args.push(['activation', a.act]);
    post = a.post;
  }
  if (n.type === 'LeakyReLU' && f === 'keras') return { className: cls, positional: n.params.alpha as number, args: [['name', n.id]] };
  args.push(['name', n.id]);
  let pre: LayerCall | undefined;
  if (n.type === 'Conv1D' && n.params.padding === 'causal' && f === 'tfjs') {
    // TF.js has no 'causal' padding: left-pad by (k - 1)·d and convolve 'valid', as the built-in engine does.
    const reach = (Number(n.params.kernelSize) - 1) * Number(n.params.dilationRate);
    const i = args.findIndex(([k]) => k === 'padding');
    args[i] = ['padding', 'valid'];
    if (reach > 0) pre = { className: 'CausalPad1D', args: [['amount', reach], ['name', `${n.id}__pad`]] };
  }
  return { className: cls, args, ...(post ? { post } : {}), ...(pre ? { pre } : {}) };
}
