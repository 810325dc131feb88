/**
 * Keras / TF.js layer configs (snake_case, as model.json stores them) → catalog layer type and params.
 * Names already follow TF.js/Keras, so this is mostly renaming keys and collapsing [n, n] to n.
 */
import type { Shape } from '../../shared/graph/types';

export type Cfg = Record<string, unknown>;

/** A catalog layer, or why the layer (or one of its settings) cannot be expressed. */
export type Mapped = { type: string; params: Record<string, unknown>; dropped?: string } | { unsupported: string };

/** Keras / TF.js activation identifiers → catalog names (undefined: none). */
const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  softmax: 'softmax',
  swish: 'swish',
  silu: 'silu',
  gelu: 'gelu',
  leaky_relu: 'leakyRelu',
  leakyRelu: 'leakyRelu',
};

export function activationName(v: unknown): string | { unsupported: string } {
  if (v == null) return 'linear';
  const raw = typeof v === 'string' ? v : typeof v === 'object' ? String((v as Cfg).class_name ?? (v as Cfg).config ?? '') : String(v);
  const name = ACTIVATIONS[raw] ?? ACTIVATIONS[raw.toLowerCase()];
  return name ?? { unsupported: `activation '${raw}' has no Netwright equivalent (catalog: ${Object.values(ACTIVATIONS).filter((a, i, all) => all.indexOf(a) === i).join(', ')})` };
}

/** [3, 3] → 3, [3] → 3, [2, 3] stays; numbers pass. */
export function size(v: unknown): unknown {
  if (Array.isArray(v) && v.length > 0 && v.every((x) => x === v[0]) && typeof v[0] === 'number') return v[0];
  return v;
}

/** [[1, 1], [2, 2]] → [1, 2] → …; [[t, b], [l, r]] kept when asymmetric. */
function edges(v: unknown): unknown {
  if (!Array.isArray(v) || !v.every(Array.isArray)) return size(v);
  const sym = (v as number[][]).every((p) => p[0] === p[1]);
  return sym ? size((v as number[][]).map((p) => p[0])) : v;
}

/** A Keras axis (counting the batch axis) as the catalog writes it: the last axis is -1. */
function axis(a: unknown, inShape: Shape | null): unknown {
  const one = Array.isArray(a) && a.length === 1 ? a[0] : a;
  if (typeof one === 'number' && inShape && one === inShape.length) return -1;
  return one;
}

function snake(cfg: Cfg, ...keys: string[]): unknown {
  for (const k of keys) if (cfg[k] !== undefined) return cfg[k];
  return undefined;
}

/** Conv/Dense/RNN params with an activation: an unsupported activation is dropped (linear) and reported. */
function withAct(type: string, params: Record<string, unknown>, act: unknown): Mapped {
  const a = activationName(act);
  if (typeof a === 'string') return { type, params: { ...params, activation: a } };
  return { type, params: { ...params, activation: 'linear' }, dropped: `${a.unsupported}; imported as linear` };
}

function channelsLast(cfg: Cfg): string | null {
  const f = cfg.data_format;
  return f === undefined || f === null || f === 'channels_last' ? null : `data_format '${String(f)}' (the catalog is channels-last)`;
}

const conv = (cfg: Cfg) => ({
  kernelSize: size(cfg.kernel_size),
  strides: size(cfg.strides ?? 1),
  padding: cfg.padding ?? 'valid',
  useBias: cfg.use_bias ?? true,
});

const pool = (cfg: Cfg) => {
  const poolSize = size(snake(cfg, 'pool_size') ?? 2);
  const strides = size(cfg.strides ?? null);
  return { poolSize, strides: strides === null || JSON.stringify(strides) === JSON.stringify(poolSize) ? null : strides, padding: cfg.padding ?? 'valid' };
};

const rnn = (cfg: Cfg) => ({
  units: cfg.units,
  useBias: cfg.use_bias ?? true,
  returnSequences: cfg.return_sequences ?? false,
  dropout: cfg.dropout ?? 0,
  recurrentDropout: cfg.recurrent_dropout ?? 0,
});

type Mapper = (cfg: Cfg, inShape: Shape | null) => Mapped;

function recurrent(type: string, extra: (cfg: Cfg) => Record<string, unknown>): Mapper {
  return (cfg) => {
    for (const flag of ['return_state', 'go_backwards', 'stateful', 'unroll'] as const) {
      if (cfg[flag] === true) return { unsupported: `${flag} = true is not supported` };
    }
    const rec = cfg.recurrent_activation === undefined ? {} : { recurrentActivation: activationName(cfg.recurrent_activation) };
    if (typeof rec.recurrentActivation === 'object') return { unsupported: rec.recurrentActivation.unsupported };
    return withAct(type, { ...rnn(cfg), ...rec, ...extra(cfg) }, cfg.activation ?? 'tanh');
  };
}

const same = (type: string, pick: (cfg: Cfg) => Record<string, unknown> = () => ({})): Mapper => (cfg) => ({ type, params: pick(cfg) });

export const KERAS_LAYERS: Record<string, Mapper> = {
  Conv2D: (cfg) => channelsLast(cfg) ? { unsupported: channelsLast(cfg)! } : withAct('Conv2D', { filters: cfg.filters, ...conv(cfg), dilationRate: size(cfg.dilation_rate ?? 1) }, cfg.activation),
  Conv1D: (cfg) => channelsLast(cfg) ? { unsupported: channelsLast(cfg)! } : withAct('Conv1D', { filters: cfg.filters, ...conv(cfg), dilationRate: size(cfg.dilation_rate ?? 1) }, cfg.activation),
  Conv2DTranspose: (cfg) => {
    if (channelsLast(cfg)) return { unsupported: channelsLast(cfg)! };
    if (size(cfg.dilation_rate ?? 1) !== 1) return { unsupported: 'dilated Conv2DTranspose is not in the catalog' };
    return withAct('Conv2DTranspose', { filters: cfg.filters, ...conv(cfg) }, cfg.activation);
  },
  DepthwiseConv2D: (cfg) => withAct('DepthwiseConv2D', { ...conv(cfg), depthMultiplier: cfg.depth_multiplier ?? 1, dilationRate: size(cfg.dilation_rate ?? 1) }, cfg.activation),
  SeparableConv2D: (cfg) => withAct('SeparableConv2D', { filters: cfg.filters, ...conv(cfg), depthMultiplier: cfg.depth_multiplier ?? 1, dilationRate: size(cfg.dilation_rate ?? 1) }, cfg.activation),
  Dense: (cfg) => withAct('Dense', { units: cfg.units, useBias: cfg.use_bias ?? true }, cfg.activation),
  MaxPooling2D: (cfg) => ({ type: 'MaxPooling2D', params: pool(cfg) }),
  AveragePooling2D: (cfg) => ({ type: 'AveragePooling2D', params: pool(cfg) }),
  MaxPooling1D: (cfg) => ({ type: 'MaxPooling1D', params: pool(cfg) }),
  AveragePooling1D: (cfg) => ({ type: 'AveragePooling1D', params: pool(cfg) }),
  GlobalAveragePooling2D: same('GlobalAveragePooling2D'),
  GlobalMaxPooling2D: same('GlobalMaxPooling2D'),
  GlobalAveragePooling1D: same('GlobalAveragePooling1D'),
  GlobalMaxPooling1D: same('GlobalMaxPooling1D'),
  Flatten: same('Flatten'),
  Reshape: same('Reshape', (cfg) => ({ targetShape: cfg.target_shape })),
  Permute: same('Permute', (cfg) => ({ dims: cfg.dims })),
  RepeatVector: same('RepeatVector', (cfg) => ({ n: cfg.n })),
  ZeroPadding2D: same('ZeroPadding2D', (cfg) => ({ padding: edges(cfg.padding) })),
  Cropping2D: same('Cropping2D', (cfg) => ({ cropping: edges(cfg.cropping) })),
  UpSampling2D: same('UpSampling2D', (cfg) => ({ size: size(cfg.size ?? 2), interpolation: cfg.interpolation ?? 'nearest' })),
  BatchNormalization: (cfg, s) => ({
    type: 'BatchNormalization',
    params: { axis: axis(cfg.axis ?? -1, s), momentum: cfg.momentum ?? 0.99, epsilon: cfg.epsilon ?? 0.001, center: cfg.center ?? true, scale: cfg.scale ?? true },
  }),
  LayerNormalization: (cfg, s) => ({ type: 'LayerNormalization', params: { axis: axis(cfg.axis ?? -1, s), epsilon: cfg.epsilon ?? 0.001, center: cfg.center ?? true, scale: cfg.scale ?? true } }),
  LRN: same('LRN', (cfg) => ({ depthRadius: snake(cfg, 'depth_radius', 'depthRadius'), bias: cfg.bias, alpha: cfg.alpha, beta: cfg.beta })),
  Dropout: same('Dropout', (cfg) => ({ rate: cfg.rate })),
  SpatialDropout1D: same('SpatialDropout1D', (cfg) => ({ rate: cfg.rate })),
  SpatialDropout2D: same('SpatialDropout2D', (cfg) => ({ rate: cfg.rate })),
  GaussianNoise: same('GaussianNoise', (cfg) => ({ stddev: cfg.stddev })),
  GaussianDropout: same('GaussianDropout', (cfg) => ({ rate: cfg.rate })),
  AlphaDropout: same('AlphaDropout', (cfg) => ({ rate: cfg.rate })),
  Activation: (cfg) => {
    const a = activationName(cfg.activation);
    return typeof a === 'string' ? { type: 'Activation', params: { activation: a } } : a;
  },
  ReLU: (cfg) => {
    if (Number(cfg.negative_slope ?? 0) !== 0 || Number(cfg.threshold ?? 0) !== 0) return { unsupported: 'ReLU with negative_slope or threshold ≠ 0' };
    return { type: 'ReLU', params: { maxValue: cfg.max_value ?? null } };
  },
  LeakyReLU: same('LeakyReLU', (cfg) => ({ alpha: snake(cfg, 'alpha', 'negative_slope') ?? 0.3 })),
  PReLU: (cfg) => (cfg.shared_axes == null ? { type: 'PReLU', params: {} } : { unsupported: 'PReLU with shared_axes (the catalog has one slope per element)' }),
  ELU: same('ELU', (cfg) => ({ alpha: cfg.alpha ?? 1 })),
  Softmax: (cfg, s) => ({ type: 'Softmax', params: { axis: axis(cfg.axis ?? -1, s) } }),
  Add: same('Add'),
  Subtract: same('Subtract'),
  Multiply: same('Multiply'),
  Average: same('Average'),
  Maximum: same('Maximum'),
  Minimum: same('Minimum'),
  Concatenate: (cfg, s) => ({ type: 'Concatenate', params: { axis: axis(cfg.axis ?? -1, s) } }),
  Embedding: same('Embedding', (cfg) => ({ inputDim: cfg.input_dim, outputDim: cfg.output_dim })),
  SimpleRNN: recurrent('SimpleRNN', () => ({})),
  LSTM: recurrent('LSTM', (cfg) => ({ unitForgetBias: cfg.unit_forget_bias ?? true })),
  GRU: recurrent('GRU', (cfg) => ({ resetAfter: cfg.reset_after ?? false })),
  MultiHeadAttention: same('MultiHeadAttention', (cfg) => ({
    numHeads: cfg.num_heads,
    keyDim: cfg.key_dim,
    valueDim: cfg.value_dim ?? null,
    dropout: cfg.dropout ?? 0,
    useBias: cfg.use_bias ?? true,
    outputShape: cfg.output_shape ?? null,
  })),
};

/** The engine's custom classes (main/engine/custom-layers.ts) and tf.keras aliases. */
const ALIASES: Record<string, string> = {
  NetwrightLRN: 'LRN',
  NetwrightSubtract: 'Subtract',
  NetwrightSpatialDropout2D: 'SpatialDropout2D',
  Convolution2D: 'Conv2D',
  Convolution1D: 'Conv1D',
  Deconvolution2D: 'Conv2DTranspose',
  Conv2DTranspose: 'Conv2DTranspose',
  MaxPool2D: 'MaxPooling2D',
  AvgPool2D: 'AveragePooling2D',
  MaxPool1D: 'MaxPooling1D',
  AvgPool1D: 'AveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
};

export function kerasMapper(className: string): Mapper | undefined {
  return KERAS_LAYERS[ALIASES[className] ?? className];
}
