/**
 * Graph document → TF.js LayersModel (functional API). Blocks are already expanded to primitive nodes and
 * groups are metadata, so this walks nodes in topological order and wires one tfjs layer per node.
 *
 * Layer names are node ids, so trained weights map back to nodes (exporters rely on this). Optionally
 * (splitActivations) a Conv/Dense node's non-linear activation becomes a weightless Activation layer named
 * `<id>__act` so TF.js fuses the bias into the conv even under gradient recording; measured slower for LeNet
 * on wasm (fused-conv gradient overhead), so it is off by default.
 */
import type * as TF from '@tensorflow/tfjs';
import * as tfLib from '@tensorflow/tfjs';
import type { GraphData, GraphNode } from '../../shared/graph/types';
import { parseLayerParams } from '../../shared/layers';
import { CausalPad1D, LRN, SpatialDropout2D, Subtract, registerCustomLayers } from './custom-layers';

type Tf = typeof TF;
type Sym = TF.SymbolicTensor;
type Params = Record<string, unknown>;

export interface Untrainable {
  nodeId: string;
  type: string;
  message: string;
}

export interface BuildOptions {
  /**
   * Split non-linear activations out of Conv/Dense layers into `<id>__act` layers. Default false. (A
   * `leakyRelu` activation, which TF.js layers lack, is always such a LeakyReLU(0.2) layer.)
   */
  splitActivations?: boolean;
}

/** Suffix of the activation layer split off a Conv/Dense node. */
export const ACTIVATION_SUFFIX = '__act';

// ---------------------------------------------------------------------------------------------------------
// Parameter helpers.

const num = (p: Params, k: string, d: number): number => (typeof p[k] === 'number' ? (p[k] as number) : d);
const bool = (p: Params, k: string, d: boolean): boolean => (typeof p[k] === 'boolean' ? (p[k] as boolean) : d);
const str = <T extends string>(p: Params, k: string, d: T): T => (typeof p[k] === 'string' ? (p[k] as T) : d);
const size = (p: Params, k: string, d: number | number[]): number | number[] => {
  const v = p[k];
  return typeof v === 'number' || Array.isArray(v) ? (v as number | number[]) : d;
};
const optSize = (p: Params, k: string): number | number[] | undefined => {
  const v = p[k];
  return typeof v === 'number' || Array.isArray(v) ? (v as number | number[]) : undefined;
};

/** Our activation names → TF.js identifiers. */
const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  none: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  hardSigmoid: 'hardSigmoid',
  hard_sigmoid: 'hardSigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  logSoftmax: 'logSoftmax',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
  gelu: 'gelu',
  gelu_new: 'gelu_new',
  mish: 'mish',
};

function activationOf(p: Params): string | undefined {
  const a = p.activation;
  if (a == null) return 'linear';
  return typeof a === 'string' ? ACTIVATIONS[a] : undefined;
}

function dilationOf(p: Params): number[] {
  const d = p.dilationRate ?? 1;
  return Array.isArray(d) ? (d as number[]) : [d as number];
}

// ---------------------------------------------------------------------------------------------------------
// Layer table.

interface Built {
  layer: TF.layers.Layer;
  /** Applied before the layer (causal Conv1D = left pad + 'valid'). */
  pre?: TF.layers.Layer;
  /** Activation applied after the layer (split off for speed). */
  post?: string;
}

type Builder = (tf: Tf, name: string, p: Params, split: boolean) => Built;

/** Not a TF.js activation identifier: applied as a LeakyReLU layer (slope 0.2, as Keras 3 / TF.js' op). */
const LEAKY = 'leakyRelu';
const LEAKY_ALPHA = 0.2;

function withActivation(p: Params, split: boolean): { activation: string; post?: string } {
  if (p.activation === LEAKY) return { activation: 'linear', post: LEAKY };
  const act = activationOf(p) ?? 'linear';
  if (!split || act === 'linear' || act === 'softmax') return { activation: act };
  return { activation: 'linear', post: act };
}

/**
 * tfjs-layers runs a linear-activation Conv2D as tf.fused.conv2d, whose custom gradient rejects dilations
 * even though the plain conv2d gradient (ours, gradients.ts) handles them: compute conv + bias with plain
 * ops for this one case. The layer's class, weights and config stay those of a standard Conv2D.
 */
function unfuseDilatedConv(tf: Tf, layer: TF.layers.Layer, args: LayerArgs<'conv2d'>): void {
  const l = layer as unknown as {
    kernel: TF.LayerVariable;
    bias: TF.LayerVariable | null;
    call(inputs: TF.Tensor | TF.Tensor[], kwargs: Record<string, unknown>): TF.Tensor;
  };
  l.call = (inputs) =>
    tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as TF.Tensor4D;
      const y = tf.conv2d(x, l.kernel.read() as TF.Tensor4D, (args.strides ?? 1) as number | [number, number], (args.padding ?? 'valid') as 'valid' | 'same', 'NHWC', args.dilationRate as [number, number] | number);
      return l.bias ? tf.add(y, l.bias.read()) : y;
    });
}

type LayerArgs<K extends keyof Tf['layers']> = Tf['layers'][K] extends (a: infer A) => unknown ? A : never;

const BUILDERS: Record<string, Builder> = {
  Conv2D: (tf, name, p, split) => {
    const a = withActivation(p, split);
    const dilation = size(p, 'dilationRate', 1);
    const args: LayerArgs<'conv2d'> = {
      name,
      filters: num(p, 'filters', 32),
      kernelSize: size(p, 'kernelSize', 3),
      strides: size(p, 'strides', 1),
      padding: str(p, 'padding', 'valid'),
      dilationRate: size(p, 'dilationRate', 1) as LayerArgs<'conv2d'>['dilationRate'],
      useBias: bool(p, 'useBias', true),
      activation: a.activation as LayerArgs<'conv2d'>['activation'],
    };
    const layer = tf.layers.conv2d(args);
    if (a.activation === 'linear' && [dilation].flat().some((d) => d > 1)) unfuseDilatedConv(tf, layer, args);
    return { layer, post: a.post };
  },
  Conv1D: (tf, name, p, split) => {
    const a = withActivation(p, split);
    const causal = p.padding === 'causal';
    const k = size(p, 'kernelSize', 3);
    const d = size(p, 'dilationRate', 1);
    const reach = ((Array.isArray(k) ? k[0] : k) - 1) * (Array.isArray(d) ? d[0] : d);
    return {
      // TF.js has no causal padding: left-pad by (k-1)·d and convolve 'valid'.
      pre: causal && reach > 0 ? new CausalPad1D({ name: name + '__pad', amount: reach }) : undefined,
      layer: tf.layers.conv1d({
        name,
        filters: num(p, 'filters', 32),
        kernelSize: size(p, 'kernelSize', 3),
        strides: size(p, 'strides', 1),
        padding: causal ? 'valid' : str(p, 'padding', 'valid'),
        dilationRate: size(p, 'dilationRate', 1) as LayerArgs<'conv1d'>['dilationRate'],
        useBias: bool(p, 'useBias', true),
        activation: a.activation as LayerArgs<'conv1d'>['activation'],
      }),
      post: a.post,
    };
  },
  Conv2DTranspose: (tf, name, p, split) => {
    const a = withActivation(p, split);
    return {
      layer: tf.layers.conv2dTranspose({
        name,
        filters: num(p, 'filters', 32),
        kernelSize: size(p, 'kernelSize', 3),
        strides: size(p, 'strides', 1),
        padding: str(p, 'padding', 'valid'),
        useBias: bool(p, 'useBias', true),
        activation: a.activation as LayerArgs<'conv2dTranspose'>['activation'],
      }),
      post: a.post,
    };
  },
  DepthwiseConv2D: (tf, name, p, split) => {
    const a = withActivation(p, split);
    return {
      layer: tf.layers.depthwiseConv2d({
        name,
        kernelSize: size(p, 'kernelSize', 3) as number | [number, number],
        depthMultiplier: num(p, 'depthMultiplier', 1),
        strides: size(p, 'strides', 1),
        padding: str(p, 'padding', 'valid'),
        dilationRate: size(p, 'dilationRate', 1) as LayerArgs<'depthwiseConv2d'>['dilationRate'],
        useBias: bool(p, 'useBias', true),
        activation: a.activation as LayerArgs<'depthwiseConv2d'>['activation'],
      }),
      post: a.post,
    };
  },
  SeparableConv2D: (tf, name, p, split) => {
    const a = withActivation(p, split);
    return {
      layer: tf.layers.separableConv2d({
        name,
        filters: num(p, 'filters', 32),
        kernelSize: size(p, 'kernelSize', 3),
        depthMultiplier: num(p, 'depthMultiplier', 1),
        strides: size(p, 'strides', 1),
        padding: str(p, 'padding', 'valid'),
        dilationRate: size(p, 'dilationRate', 1) as LayerArgs<'separableConv2d'>['dilationRate'],
        useBias: bool(p, 'useBias', true),
        activation: a.activation as LayerArgs<'separableConv2d'>['activation'],
      }),
      post: a.post,
    };
  },
  Dense: (tf, name, p, split) => {
    const a = withActivation(p, split);
    return {
      layer: tf.layers.dense({
        name,
        units: num(p, 'units', 10),
        useBias: bool(p, 'useBias', true),
        activation: a.activation as LayerArgs<'dense'>['activation'],
      }),
      post: a.post,
    };
  },
  MaxPooling2D: (tf, name, p) => ({
    layer: tf.layers.maxPooling2d({
      name,
      poolSize: size(p, 'poolSize', 2) as number | [number, number],
      strides: optSize(p, 'strides') as number | [number, number] | undefined,
      padding: str(p, 'padding', 'valid'),
    }),
  }),
  AveragePooling2D: (tf, name, p) => ({
    layer: tf.layers.averagePooling2d({
      name,
      poolSize: size(p, 'poolSize', 2) as number | [number, number],
      strides: optSize(p, 'strides') as number | [number, number] | undefined,
      padding: str(p, 'padding', 'valid'),
    }),
  }),
  MaxPooling1D: (tf, name, p) => ({
    layer: tf.layers.maxPooling1d({
      name,
      poolSize: size(p, 'poolSize', 2) as number,
      strides: optSize(p, 'strides') as number | undefined,
      padding: str(p, 'padding', 'valid'),
    }),
  }),
  AveragePooling1D: (tf, name, p) => ({
    layer: tf.layers.averagePooling1d({
      name,
      poolSize: size(p, 'poolSize', 2) as number,
      strides: optSize(p, 'strides') as number | undefined,
      padding: str(p, 'padding', 'valid'),
    }),
  }),
  GlobalAveragePooling2D: (tf, name) => ({ layer: tf.layers.globalAveragePooling2d({ name }) }),
  GlobalMaxPooling2D: (tf, name) => ({ layer: tf.layers.globalMaxPooling2d({ name }) }),
  GlobalAveragePooling1D: (tf, name) => ({ layer: tf.layers.globalAveragePooling1d({ name }) }),
  GlobalMaxPooling1D: (tf, name) => ({ layer: tf.layers.globalMaxPooling1d({ name }) }),
  ZeroPadding2D: (tf, name, p) => ({
    layer: tf.layers.zeroPadding2d({ name, padding: size(p, 'padding', 1) as number | [number, number] }),
  }),
  UpSampling2D: (tf, name, p) => ({
    layer: tf.layers.upSampling2d({
      name,
      size: (() => {
        const s = size(p, 'size', 2);
        return typeof s === 'number' ? [s, s] : s;
      })(),
      interpolation: str(p, 'interpolation', 'nearest'),
    }),
  }),
  Cropping2D: (tf, name, p) => ({
    layer: tf.layers.cropping2D({ name, cropping: size(p, 'cropping', 0) as LayerArgs<'cropping2D'>['cropping'] }),
  }),
  Flatten: (tf, name) => ({ layer: tf.layers.flatten({ name }) }),
  Reshape: (tf, name, p) => ({ layer: tf.layers.reshape({ name, targetShape: p.targetShape as number[] }) }),
  Permute: (tf, name, p) => ({ layer: tf.layers.permute({ name, dims: p.dims as number[] }) }),
  RepeatVector: (tf, name, p) => ({ layer: tf.layers.repeatVector({ name, n: num(p, 'n', 1) }) }),
  Dropout: (tf, name, p) => ({ layer: tf.layers.dropout({ name, rate: num(p, 'rate', 0.5) }) }),
  SpatialDropout1D: (tf, name, p) => ({ layer: tf.layers.spatialDropout1d({ name, rate: num(p, 'rate', 0.5) }) }),
  SpatialDropout2D: (_tf, name, p) => ({ layer: new SpatialDropout2D({ name, rate: num(p, 'rate', 0.5) }) }),
  GaussianNoise: (tf, name, p) => ({ layer: tf.layers.gaussianNoise({ name, stddev: num(p, 'stddev', 0.1) }) }),
  GaussianDropout: (tf, name, p) => ({ layer: tf.layers.gaussianDropout({ name, rate: num(p, 'rate', 0.1) }) }),
  AlphaDropout: (tf, name, p) => ({ layer: tf.layers.alphaDropout({ name, rate: num(p, 'rate', 0.1) }) }),
  BatchNormalization: (tf, name, p) => ({
    layer: tf.layers.batchNormalization({
      name,
      axis: num(p, 'axis', -1),
      momentum: num(p, 'momentum', 0.99),
      epsilon: num(p, 'epsilon', 0.001),
      center: bool(p, 'center', true),
      scale: bool(p, 'scale', true),
    }),
  }),
  LayerNormalization: (tf, name, p) => ({
    layer: tf.layers.layerNormalization({
      name,
      axis: (p.axis as number | number[] | undefined) ?? -1,
      epsilon: num(p, 'epsilon', 0.001),
      center: bool(p, 'center', true),
      scale: bool(p, 'scale', true),
    }),
  }),
  LRN: (_tf, name, p) => ({
    layer: new LRN({
      name,
      depthRadius: num(p, 'depthRadius', typeof p.size === 'number' ? Math.floor((p.size as number) / 2) : 5),
      bias: num(p, 'bias', num(p, 'k', 1)),
      alpha: num(p, 'alpha', 1),
      beta: num(p, 'beta', 0.5),
    }),
  }),
  Activation: (tf, name, p) => ({
    layer:
      p.activation === LEAKY
        ? tf.layers.leakyReLU({ name, alpha: LEAKY_ALPHA })
        : tf.layers.activation({ name, activation: (activationOf(p) ?? 'linear') as LayerArgs<'activation'>['activation'] }),
  }),
  ReLU: (tf, name, p) => ({ layer: tf.layers.reLU({ name, maxValue: typeof p.maxValue === 'number' ? p.maxValue : undefined }) }),
  LeakyReLU: (tf, name, p) => ({ layer: tf.layers.leakyReLU({ name, alpha: num(p, 'alpha', 0.3) }) }),
  PReLU: (tf, name) => ({ layer: tf.layers.prelu({ name }) }),
  ELU: (tf, name, p) => ({ layer: tf.layers.elu({ name, alpha: num(p, 'alpha', 1) }) }),
  Softmax: (tf, name, p) => ({ layer: tf.layers.softmax({ name, axis: num(p, 'axis', -1) }) }),
  Add: (tf, name) => ({ layer: tf.layers.add({ name }) }),
  Subtract: (_tf, name) => ({ layer: new Subtract({ name }) }),
  Multiply: (tf, name) => ({ layer: tf.layers.multiply({ name }) }),
  Average: (tf, name) => ({ layer: tf.layers.average({ name }) }),
  Maximum: (tf, name) => ({ layer: tf.layers.maximum({ name }) }),
  Minimum: (tf, name) => ({ layer: tf.layers.minimum({ name }) }),
  Concatenate: (tf, name, p) => ({ layer: tf.layers.concatenate({ name, axis: num(p, 'axis', -1) }) }),
  Dot: (tf, name, p) => ({
    layer: tf.layers.dot({ name, axes: (p.axes as number | [number, number]) ?? -1, normalize: bool(p, 'normalize', false) }),
  }),
  Embedding: (tf, name, p) => ({
    layer: tf.layers.embedding({ name, inputDim: num(p, 'inputDim', 1000), outputDim: num(p, 'outputDim', 64) }),
  }),
  SimpleRNN: (tf, name, p) => ({
    layer: tf.layers.simpleRNN({
      name,
      units: num(p, 'units', 32),
      activation: (activationOf({ activation: p.activation ?? 'tanh' }) ?? 'tanh') as LayerArgs<'simpleRNN'>['activation'],
      returnSequences: bool(p, 'returnSequences', false),
      useBias: bool(p, 'useBias', true),
      dropout: num(p, 'dropout', 0),
      recurrentDropout: num(p, 'recurrentDropout', 0),
    }),
  }),
  LSTM: (tf, name, p) => ({
    layer: tf.layers.lstm({
      name,
      units: num(p, 'units', 32),
      activation: (activationOf({ activation: p.activation ?? 'tanh' }) ?? 'tanh') as LayerArgs<'lstm'>['activation'],
      recurrentActivation: (activationOf({ activation: p.recurrentActivation ?? 'sigmoid' }) ??
        'sigmoid') as LayerArgs<'lstm'>['recurrentActivation'],
      returnSequences: bool(p, 'returnSequences', false),
      useBias: bool(p, 'useBias', true),
      unitForgetBias: bool(p, 'unitForgetBias', true),
      dropout: num(p, 'dropout', 0),
      recurrentDropout: num(p, 'recurrentDropout', 0),
    }),
  }),
  GRU: (tf, name, p) => ({
    layer: tf.layers.gru({
      name,
      units: num(p, 'units', 32),
      activation: (activationOf({ activation: p.activation ?? 'tanh' }) ?? 'tanh') as LayerArgs<'gru'>['activation'],
      recurrentActivation: (activationOf({ activation: p.recurrentActivation ?? 'sigmoid' }) ??
        'sigmoid') as LayerArgs<'gru'>['recurrentActivation'],
      returnSequences: bool(p, 'returnSequences', false),
      useBias: bool(p, 'useBias', true),
      dropout: num(p, 'dropout', 0),
      recurrentDropout: num(p, 'recurrentDropout', 0),
    }),
  }),
};

/** Catalog types the built-in engine can train (plus 'Input'). */
export const TRAINABLE_TYPES: readonly string[] = ['Input', ...Object.keys(BUILDERS)];

/** Why a known-but-untrainable type cannot be trained here, for a more useful message. */
const WHY_NOT: Record<string, string> = {
  MultiHeadAttention: 'TF.js has no attention layer',
  Attention: 'TF.js has no attention layer',
  Conv3D: 'volumetric inputs are not supported by the built-in engine',
  GroupNormalization: 'TF.js has no group normalisation',
  InstanceNormalization: 'TF.js has no instance normalisation',
};

function label(n: GraphNode): string {
  return n.name ?? n.id;
}

const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);
const DILATABLE = new Set(['Conv2D', 'Conv1D', 'DepthwiseConv2D', 'SeparableConv2D']);

/** The node's params with the catalog's defaults filled in (types outside the catalog: as given). */
function normalisedParams(n: GraphNode): { params: Params } | { issues: string } {
  const r = parseLayerParams(n.type, n.params ?? {});
  if (r.ok) return { params: r.params };
  if (r.issues.some((i) => i.path === '' && i.message.startsWith('unknown layer type'))) return { params: n.params ?? {} };
  return { issues: r.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') };
}

/**
 * Every node the engine cannot train, with a message "not trainable in the built-in engine: <type> at
 * '<node name>' (reason)". Empty when the graph can be built and trained. Call before starting a run.
 */
export function checkTrainable(graph: GraphData): Untrainable[] {
  const out: Untrainable[] = [];
  const bad = (n: GraphNode, why: string) =>
    out.push({ nodeId: n.id, type: n.type, message: `not trainable in the built-in engine: ${n.type} at '${label(n)}' (${why})` });
  for (const n of graph.nodes) {
    if (n.type === 'Input') continue;
    if (!(n.type in BUILDERS)) {
      bad(n, WHY_NOT[n.type] ?? 'TF.js has no trainable equivalent');
      continue;
    }
    const parsed = normalisedParams(n);
    if ('issues' in parsed) {
      bad(n, `invalid params: ${parsed.issues}`);
      continue;
    }
    const p = parsed.params;
    if (n.type === 'GRU' && p.resetAfter === true) {
      bad(n, "TF.js' GRU only has resetAfter = false (one bias vector); set resetAfter to false");
    }
    const leakyOk = p.activation === LEAKY && (n.type === 'Activation' || n.type === 'Dense' || n.type.includes('Conv'));
    if ('activation' in p && p.activation != null && activationOf(p) === undefined && !leakyOk) {
      bad(n, `activation '${String(p.activation)}' is not available in TF.js`);
    }
    if (RECURRENT.has(n.type) && p.returnState === true) bad(n, 'returnState outputs are not supported');
    const strides = Array.isArray(p.strides) ? (p.strides as number[]) : [(p.strides as number | undefined) ?? 1];
    if (DILATABLE.has(n.type) && dilationOf(p).some((d) => d > 1) && strides.some((s) => s > 1)) {
      bad(n, `strides ${JSON.stringify(p.strides)} with dilationRate ${JSON.stringify(p.dilationRate)}: TF.js needs one of them to be 1`);
    }
  }
  if (!graph.nodes.some((n) => n.type === 'Input')) {
    out.push({ nodeId: '', type: 'Input', message: 'not trainable in the built-in engine: the graph has no Input node' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Graph walking.

function topoOrder(graph: GraphData): string[] {
  const indeg = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>();
  for (const e of graph.edges) {
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  }
  const queue = graph.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of next.get(id) ?? []) {
      indeg.set(t, indeg.get(t)! - 1);
      if (indeg.get(t) === 0) queue.push(t);
    }
  }
  if (order.length !== graph.nodes.length) throw new Error('Cannot build a model: the graph has a cycle.');
  return order;
}

/** Nodes whose output feeds nothing: the model's output heads, in document order. */
export function outputNodes(graph: GraphData): GraphNode[] {
  const used = new Set(graph.edges.map((e) => e.source));
  return graph.nodes.filter((n) => !used.has(n.id) && n.type !== 'Input');
}

function inputShapeOf(n: GraphNode): number[] {
  const s = n.params.shape ?? n.params.inputShape;
  if (!Array.isArray(s) || s.some((d) => typeof d !== 'number' || d <= 0)) {
    throw new Error(`Input '${label(n)}' has no valid shape (got ${JSON.stringify(s)}).`);
  }
  return s as number[];
}

/**
 * Builds an (uncompiled) LayersModel from a graph. Throws with the checkTrainable messages if any node is
 * not trainable, and with the offending node named if TF.js rejects a layer.
 */
export function buildModel(tf: Tf, graph: GraphData, options: BuildOptions = {}): TF.LayersModel {
  const problems = checkTrainable(graph);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
  registerCustomLayers();
  const split = options.splitActivations ?? false;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, { source: string; port: number }[]>();
  for (const e of graph.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), { source: e.source, port: e.targetPort }]);
  const outputs = new Map<string, Sym>();
  const inputs: Sym[] = [];
  for (const id of topoOrder(graph)) {
    const n = byId.get(id)!;
    if (n.type === 'Input') {
      const dtype = n.params.dtype === 'int32' ? 'int32' : 'float32';
      const np = normalisedParams(n);
      const t = tf.input({ shape: inputShapeOf({ ...n, params: 'params' in np ? np.params : n.params }), name: n.id, dtype });
      inputs.push(t);
      outputs.set(id, t);
      continue;
    }
    const ins = (incoming.get(id) ?? []).sort((a, b) => a.port - b.port).map((i) => outputs.get(i.source)!);
    if (ins.length === 0) throw new Error(`Cannot build a model: '${label(n)}' (${n.type}) has no input connected.`);
    try {
      const np = normalisedParams(n);
      const { layer, post, pre } = BUILDERS[n.type](tf, n.id, 'params' in np ? np.params : (n.params ?? {}), split);
      const x = pre ? (pre.apply(ins[0]) as Sym) : ins.length === 1 ? ins[0] : ins;
      let y = layer.apply(x) as Sym;
      if (post) {
        const name = n.id + ACTIVATION_SUFFIX;
        const act =
          post === LEAKY
            ? tf.layers.leakyReLU({ name, alpha: LEAKY_ALPHA })
            : tf.layers.activation({ name, activation: post as LayerArgs<'activation'>['activation'] });
        y = act.apply(y) as Sym;
      }
      outputs.set(id, y);
    } catch (e) {
      throw new Error(`Cannot build ${n.type} at '${label(n)}': ${(e as Error).message}`);
    }
  }
  const heads = outputNodes(graph);
  if (heads.length === 0) throw new Error('Cannot build a model: the graph has no output layer.');
  return tf.model({ inputs, outputs: heads.map((h) => outputs.get(h.id)!), name: 'netwright' });
}

// ---------------------------------------------------------------------------------------------------------
// Losses.

export type TaskKind = 'classification' | 'regression';

export interface HeadLoss {
  nodeId: string;
  /** TF.js loss identifier, or 'softmaxCrossEntropyFromLogits' for a classification head without softmax. */
  loss: 'categoricalCrossentropy' | 'softmaxCrossEntropyFromLogits' | 'meanSquaredError';
  weight: number;
  /** How labels must be fed: one-hot class vectors or raw target values. */
  labels: 'onehot' | 'values';
}

export type LossFn = (yTrue: TF.Tensor, yPred: TF.Tensor) => TF.Tensor;

export interface LossConfig {
  heads: HeadLoss[];
  /**
   * For model.compile({ loss }): one loss per output, in output order, each already multiplied by its head
   * weight (tfjs-layers' compile has no lossWeights option).
   */
  compileLoss: LossFn[];
  /** Head weights in output order (informative; already folded into compileLoss / totalLoss). */
  lossWeights: number[];
  metrics: string[];
}

/** Mean loss of one head over the batch (a scalar), unweighted. */
export function headLoss(head: HeadLoss, yTrue: TF.Tensor, yPred: TF.Tensor): TF.Scalar {
  return tfLib.tidy(() => {
    switch (head.loss) {
      case 'categoricalCrossentropy':
        return tfLib.mean(tfLib.metrics.categoricalCrossentropy(yTrue, yPred)) as TF.Scalar;
      case 'softmaxCrossEntropyFromLogits':
        return softmaxCrossEntropyFromLogits(yTrue, yPred) as TF.Scalar;
      case 'meanSquaredError':
        return tfLib.mean(tfLib.squaredDifference(yTrue, yPred)) as TF.Scalar;
    }
  });
}

/** Σ weight·loss over the heads (outputs in model output order): the scalar to minimise in a custom loop. */
export function totalLoss(config: Pick<LossConfig, 'heads'>, yTrue: TF.Tensor[], yPred: TF.Tensor[]): TF.Scalar {
  return tfLib.tidy(() =>
    tfLib.addN(config.heads.map((h, i) => tfLib.mul(headLoss(h, yTrue[i], yPred[i]), h.weight))) as TF.Scalar,
  );
}

/** Whether a head ends in a softmax (in the layer itself or a trailing activation node). */
function endsInSoftmax(n: GraphNode): boolean {
  if (n.type === 'Softmax') return true;
  const a = n.params?.activation;
  return a === 'softmax';
}

/**
 * Loss per output head: a softmax head on a classification dataset → categorical cross-entropy; a head
 * without softmax on classification → softmax cross-entropy on logits; regression → mean squared error.
 * `lossWeights` (by node id) weight auxiliary heads; missing heads weigh 1.
 */
export function lossConfigFor(
  graph: GraphData,
  datasetKind: TaskKind,
  lossWeights: Record<string, number> = {},
): LossConfig {
  const heads: HeadLoss[] = outputNodes(graph).map((n) => {
    const weight = lossWeights[n.id] ?? 1;
    if (datasetKind === 'regression') return { nodeId: n.id, loss: 'meanSquaredError', weight, labels: 'values' };
    return {
      nodeId: n.id,
      loss: endsInSoftmax(n) ? 'categoricalCrossentropy' : 'softmaxCrossEntropyFromLogits',
      weight,
      labels: 'onehot',
    };
  });
  const compileLoss = heads.map((h): LossFn => (yTrue, yPred) => tfLib.mul(headLoss(h, yTrue, yPred), h.weight));
  return {
    heads,
    compileLoss,
    lossWeights: heads.map((h) => h.weight),
    metrics: datasetKind === 'regression' ? ['mae'] : ['accuracy'],
  };
}

/** Categorical cross-entropy on logits (numerically stable), mean over the batch. */
export function softmaxCrossEntropyFromLogits(yTrue: TF.Tensor, yPred: TF.Tensor): TF.Tensor {
  return tfLib.losses.softmaxCrossEntropy(yTrue, yPred, undefined, undefined, tfLib.Reduction.MEAN);
}
