/**
 * TF.js LayersModel (built by main/engine/model.ts, layer names = node ids) → ONNX ModelProto object,
 * opset 13. Internally every rank-4 tensor is NCHW (ONNX's native conv layout): conv kernels are transposed
 * HWIO→OIHW, 'same' padding becomes explicit pads with TF's split (extra pixel bottom/right), and Flatten /
 * Reshape go through NHWC so element order matches TF.js. layout 'nhwc' keeps NHWC graph inputs/outputs by
 * inserting Transposes at the boundary.
 */
import type * as TF from '@tensorflow/tfjs';
import { samePad } from '../../../shared/export/model';

export type Layout = 'nchw' | 'nhwc';
type Cfg = Record<string, unknown>;
type Attr = Record<string, unknown>;
interface OnnxNode {
  op_type: string;
  input: string[];
  output: string[];
  name: string;
  attribute: Attr[];
}

const FLOAT = 1;
const INT64 = 7;
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

function attr(name: string, v: number | number[] | string | string[], float = false): Attr {
  if (typeof v === 'string') return { name, type: ATTR.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v) && v.some((x) => typeof x === 'string')) return { name, type: ATTR.STRINGS, strings: (v as string[]).map((x) => new TextEncoder().encode(x)) };
  if (Array.isArray(v)) return float ? { name, type: ATTR.FLOATS, floats: v } : { name, type: ATTR.INTS, ints: v as number[] };
  return float ? { name, type: ATTR.FLOAT, f: v } : { name, type: ATTR.INT, i: v };
}

/** Permutes a dense row-major array of `shape` by `perm` (like numpy transpose). */
function transpose(data: Float32Array, shape: number[], perm: number[]): { data: Float32Array; shape: number[] } {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < idx.length; d++) src += idx[d] * inStrides[perm[d]];
    out[o] = data[src];
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}

const pair = (v: unknown, d: number): [number, number] => {
  if (Array.isArray(v)) return [v[0] as number, (v[1] ?? v[0]) as number];
  return typeof v === 'number' ? [v, v] : [d, d];
};

/** ONNX pads [top, left, bottom, right] reproducing TF 'same' (extra padding bottom/right). */
function samePads(inHW: number[], k: number[], s: number[], d: number[]): number[] {
  const [h, w] = [0, 1].map((i) => samePad(inHW[i], k[i], s[i], d[i]));
  return [h[0], w[0], h[1], w[1]];
}

class Builder {
  nodes: OnnxNode[] = [];
  inits: Record<string, unknown>[] = [];
  private counter = 0;
  /** Layer being emitted: ONNX nodes are named after it (Netron shows them, import reads them back). */
  layer = '';

  fresh(base: string): string {
    return `${base}__${this.counter++}`;
  }
  op(op: string, inputs: string[], attrs: Attr[] = [], out?: string): string {
    const o = out ?? this.fresh(inputs[0] ?? op);
    this.nodes.push({ op_type: op, input: inputs, output: [o], name: `${this.layer}/${op}_${this.counter++}`, attribute: attrs });
    return o;
  }
  floats(name: string, data: Float32Array, dims: number[]): string {
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.inits.push({ name, data_type: FLOAT, dims, raw_data: raw });
    return name;
  }
  ints(name: string, data: number[]): string {
    this.inits.push({ name, data_type: INT64, dims: [data.length], int64_data: data });
    return name;
  }
}

/** Applies a TF.js activation identifier; returns the output tensor name. */
function activation(b: Builder, x: string, act: string, rank: number, out?: string): string {
  const channelAxis = rank === 4 ? 1 : -1;
  switch (act) {
    case 'linear':
      return out ? b.op('Identity', [x], [], out) : x;
    case 'relu':
      return b.op('Relu', [x], [], out);
    case 'relu6': {
      const lo = b.floats(b.fresh('zero'), new Float32Array([0]), []);
      const hi = b.floats(b.fresh('six'), new Float32Array([6]), []);
      return b.op('Clip', [x, lo, hi], [], out);
    }
    case 'sigmoid':
      return b.op('Sigmoid', [x], [], out);
    case 'tanh':
      return b.op('Tanh', [x], [], out);
    case 'elu':
      return b.op('Elu', [x], [attr('alpha', 1, true)], out);
    case 'selu':
      return b.op('Selu', [x], [], out);
    case 'softplus':
      return b.op('Softplus', [x], [], out);
    case 'softsign':
      return b.op('Softsign', [x], [], out);
    case 'hardSigmoid':
      return b.op('HardSigmoid', [x], [attr('alpha', 0.2, true), attr('beta', 0.5, true)], out);
    case 'softmax':
      return b.op('Softmax', [x], [attr('axis', channelAxis)], out);
    case 'logSoftmax':
      return b.op('LogSoftmax', [x], [attr('axis', channelAxis)], out);
    case 'swish':
      return b.op('Mul', [x, b.op('Sigmoid', [x])], [], out);
    case 'gelu': {
      // tfjs-layers' gelu: 0.5·x·(1 + erf(x/√2)); opset 13 has Erf but no Gelu op.
      const erf = b.op('Erf', [b.op('Div', [x, b.floats(b.fresh('sqrt2'), new Float32Array([Math.SQRT2]), [])])]);
      const cdf = b.op('Add', [erf, b.floats(b.fresh('one'), new Float32Array([1]), [])]);
      return b.op('Mul', [b.op('Mul', [x, cdf]), b.floats(b.fresh('half'), new Float32Array([0.5]), [])], [], out);
    }
    case 'mish':
      return b.op('Mul', [x, b.op('Tanh', [b.op('Softplus', [x])])], [], out);
    default:
      throw new Error(`activation '${act}' has no ONNX export`);
  }
}

interface LayerCtx {
  b: Builder;
  layer: TF.layers.Layer;
  cfg: Cfg;
  ins: string[];
  /** Input shapes (NHWC, with null batch) of each input. */
  inShapes: number[][];
  out: string;
  weights: Map<string, { data: Float32Array; shape: number[] }>;
}

function weight(c: LayerCtx, name: string): { data: Float32Array; shape: number[] } {
  const w = c.weights.get(name);
  if (!w) throw new Error(`layer '${c.layer.name}' has no weight '${name}'`);
  return w;
}

function conv(c: LayerCtx, x: string, kernelOIHW: { data: Float32Array; shape: number[] }, group: number, withBias: boolean): string {
  const { b, cfg } = c;
  const k = kernelOIHW.shape.slice(2);
  const s = pair(cfg.strides, 1);
  const d = pair(cfg.dilationRate, 1);
  const pads = cfg.padding === 'same' ? samePads(c.inShapes[0].slice(1, 3), k, s, d) : [0, 0, 0, 0];
  const inputs = [x, b.floats(`${c.layer.name}/W${b.fresh('')}`, kernelOIHW.data, kernelOIHW.shape)];
  if (withBias && c.weights.has('bias')) inputs.push(b.floats(`${c.layer.name}/B`, weight(c, 'bias').data, weight(c, 'bias').shape));
  return b.op('Conv', inputs, [attr('kernel_shape', k), attr('strides', s), attr('dilations', d), attr('pads', pads), attr('group', group)]);
}

function pool(c: LayerCtx, op: 'MaxPool' | 'AveragePool'): string {
  const { cfg } = c;
  const k = pair(cfg.poolSize, 2);
  const s = pair(cfg.strides ?? cfg.poolSize, 2);
  const pads = cfg.padding === 'same' ? samePads(c.inShapes[0].slice(1, 3), k, s, [1, 1]) : [0, 0, 0, 0];
  return c.b.op(op, [c.ins[0]], [attr('kernel_shape', k), attr('strides', s), attr('pads', pads)], c.out);
}

/** Conv2DTranspose: ONNX ConvTranspose, kernel [kh, kw, out, in] → [in, out, kh, kw], cropped to Keras' size. */
function convTranspose(c: LayerCtx): string {
  const { b, cfg } = c;
  const k = weight(c, 'kernel');
  const w = transpose(k.data, k.shape, [3, 2, 0, 1]);
  const ks = w.shape.slice(2);
  const s = pair(cfg.strides, 1);
  // Full size s·(in−1)+k; Keras 'valid' is in·s + max(k−s, 0) (output_padding adds the missing rows when
  // k < s); 'same' is in·s, cropping max(k−s, 0) with the smaller half at the top/left as TF does.
  const outPad = [0, 1].map((i) => Math.max(s[i] - ks[i], 0));
  const pads = [0, 0, 0, 0];
  if (cfg.padding === 'same') {
    for (let i = 0; i < 2; i++) {
      const total = Math.max(ks[i] - s[i], 0);
      pads[i] = Math.floor(total / 2);
      pads[i + 2] = total - pads[i];
    }
  }
  const inputs = [c.ins[0], c.b.floats(`${c.layer.name}/W`, w.data, w.shape)];
  if (c.weights.has('bias')) inputs.push(b.floats(`${c.layer.name}/B`, weight(c, 'bias').data, weight(c, 'bias').shape));
  return b.op('ConvTranspose', inputs, [attr('kernel_shape', ks), attr('strides', s), attr('pads', pads), attr('output_padding', outPad)]);
}

/** Runs `f` on the [N, C, L] view of a Keras [N, L, C] sequence and transposes its result back. */
function channelsFirst1d(c: LayerCtx, f: (x: string) => string, out?: string): string {
  const x = c.b.op('Transpose', [c.ins[0]], [attr('perm', [0, 2, 1])]);
  return c.b.op('Transpose', [f(x)], [attr('perm', [0, 2, 1])], out);
}

const first = (v: unknown, d: number): number => (Array.isArray(v) ? (v[0] as number) : typeof v === 'number' ? v : d);

function conv1d(c: LayerCtx, x: string): string {
  const { b, cfg } = c;
  const k = weight(c, 'kernel'); // [k, in, out]
  const w = transpose(k.data, k.shape, [2, 1, 0]);
  const s = first(cfg.strides, 1);
  const d = first(cfg.dilationRate, 1);
  const pads = cfg.padding === 'same' ? samePad(c.inShapes[0][1], k.shape[0], s, d) : [0, 0];
  const inputs = [x, b.floats(`${c.layer.name}/W`, w.data, w.shape)];
  if (c.weights.has('bias')) inputs.push(b.floats(`${c.layer.name}/B`, weight(c, 'bias').data, weight(c, 'bias').shape));
  return b.op('Conv', inputs, [attr('kernel_shape', [k.shape[0]]), attr('strides', [s]), attr('dilations', [d]), attr('pads', pads)]);
}

function pool1d(c: LayerCtx, x: string, op: 'MaxPool' | 'AveragePool'): string {
  const k = first(c.cfg.poolSize, 2);
  const s = first(c.cfg.strides ?? c.cfg.poolSize, k);
  const pads = c.cfg.padding === 'same' ? samePad(c.inShapes[0][1], k, s, 1) : [0, 0];
  return c.b.op(op, [x], [attr('kernel_shape', [k]), attr('strides', [s]), attr('pads', pads)]);
}

/** Dense on the last Keras axis of a sequence or feature map: MatMul (+ Add), feature maps via NHWC. */
function denseOnLastAxis(c: LayerCtx): string {
  const { b, layer, out } = c;
  const rank4 = c.inShapes[0].length === 4;
  const k = weight(c, 'kernel');
  let y = b.op('MatMul', [rank4 ? b.op('Transpose', [c.ins[0]], [attr('perm', [0, 2, 3, 1])]) : c.ins[0], b.floats(`${layer.name}/W`, k.data, k.shape)]);
  if (c.weights.has('bias')) y = b.op('Add', [y, b.floats(`${layer.name}/B`, weight(c, 'bias').data, weight(c, 'bias').shape)]);
  const act = (c.cfg.activation as string | undefined) ?? 'linear';
  if (!rank4) return activation(b, y, act, 3, out);
  return b.op('Transpose', [activation(b, y, act, 3)], [attr('perm', [0, 3, 1, 2])], out);
}

const RNN_ACT: Record<string, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', hardSigmoid: 'HardSigmoid' };

/** Gate blocks of a [rows, gates·H] Keras matrix reordered by `order` and transposed to ONNX [1, gates·H, rows]. */
function gates(m: { data: Float32Array; shape: number[] }, units: number, order: number[]): { data: Float32Array; shape: number[] } {
  const t = transpose(m.data, m.shape, [1, 0]); // [gates·H, rows]
  const rows = m.shape[0];
  const out = new Float32Array(t.data.length);
  order.forEach((g, i) => out.set(t.data.subarray(g * units * rows, (g + 1) * units * rows), i * units * rows));
  return { data: out, shape: [1, order.length * units, rows] };
}

/**
 * SimpleRNN / LSTM / GRU (reset before the recurrent product, TF.js' only GRU) as ONNX RNN/LSTM/GRU:
 * [N, T, F] → [T, N, F]; Keras gate order (LSTM i f c o, GRU z r h) → ONNX (LSTM i o f c, GRU z r h); the
 * recurrent bias is zero because Keras has one bias per gate.
 */
function recurrent(c: LayerCtx, cls: string): string {
  const { b, cfg, layer, out } = c;
  const units = cfg.units as number;
  const order = cls === 'LSTM' ? [0, 3, 1, 2] : cls === 'GRU' ? [0, 1, 2] : [0];
  const acts = [cfg.recurrentActivation, cfg.activation, cfg.activation].slice(cls === 'SimpleRNN' ? 1 : 0, cls === 'LSTM' ? 3 : 2);
  const names = acts.map((a) => {
    const n = RNN_ACT[String(a)];
    if (!n) throw new Error(`activation '${String(a)}' has no ONNX ${cls} equivalent`);
    return n;
  });
  const W = gates(weight(c, 'kernel'), units, order);
  const R = gates(weight(c, 'recurrent_kernel'), units, order);
  const inputs = [b.op('Transpose', [c.ins[0]], [attr('perm', [1, 0, 2])]), b.floats(`${layer.name}/W`, W.data, W.shape), b.floats(`${layer.name}/R`, R.data, R.shape)];
  if (c.weights.has('bias')) {
    const bias = weight(c, 'bias').data;
    const B = new Float32Array(2 * order.length * units);
    order.forEach((g, i) => B.set(bias.subarray(g * units, (g + 1) * units), i * units));
    inputs.push(b.floats(`${layer.name}/B`, B, [1, B.length]));
  }
  const op = cls === 'SimpleRNN' ? 'RNN' : cls;
  const y = b.fresh(`${layer.name}/Y`);
  const yh = b.fresh(`${layer.name}/Y_h`);
  const attrs = [attr('hidden_size', units), attr('activations', names)];
  b.nodes.push({ op_type: op, input: inputs, output: cls === 'LSTM' ? [y, yh, b.fresh(`${layer.name}/Y_c`)] : [y, yh], name: `${layer.name}/${op}`, attribute: attrs });
  if (cfg.returnSequences) {
    const seq = b.op('Squeeze', [y, b.ints(b.fresh(`${layer.name}/axis1`), [1])]); // [T, 1, N, H] → [T, N, H]
    return b.op('Transpose', [seq], [attr('perm', [1, 0, 2])], out);
  }
  return b.op('Squeeze', [yh, b.ints(b.fresh(`${layer.name}/axis0`), [0])], [], out);
}

/**
 * LayerNormalization over Keras `axis` (opset 13 has no LayerNormalization op): (x − mean) / √(var + ε)
 * · γ + β with population variance, as tf.moments; γ/β reshaped to broadcast in the ONNX layout.
 */
function layerNorm(c: LayerCtx): string {
  const { b, cfg, layer, out } = c;
  const rank = c.inShapes[0].length;
  const kerasAxes = ([cfg.axis].flat() as number[]).map((a) => (a < 0 ? a + rank : a)).sort((x, y) => x - y);
  const toOnnx = (a: number) => (rank === 4 ? [0, 3, 1, 2].indexOf(a) : a);
  const axes = kerasAxes.map(toOnnx);
  const x = c.ins[0];
  const mean = b.op('ReduceMean', [x], [attr('axes', axes), attr('keepdims', 1)]);
  const d = b.op('Sub', [x, mean]);
  const variance = b.op('ReduceMean', [b.op('Mul', [d, d])], [attr('axes', axes), attr('keepdims', 1)]);
  const eps = b.floats(b.fresh(`${layer.name}/eps`), new Float32Array([cfg.epsilon as number]), []);
  let y = b.op('Div', [d, b.op('Sqrt', [b.op('Add', [variance, eps])])]);
  // γ/β have the normalised axes' sizes in Keras order; ONNX wants them in its own axis order, 1 elsewhere.
  const onnxOrder = [...kerasAxes].sort((p, q) => toOnnx(p) - toOnnx(q));
  const perm = onnxOrder.map((a) => kerasAxes.indexOf(a));
  const dims = Array.from({ length: rank - 1 }, (_, i) => i + 1).map((o) => {
    const k = kerasAxes.find((a) => toOnnx(a) === o);
    return k === undefined ? 1 : c.inShapes[0][k] as number;
  });
  const param = (name: string) => {
    const w = weight(c, name);
    const t = perm.length > 1 ? transpose(w.data, w.shape, perm) : w;
    return b.floats(`${layer.name}/${name}`, t.data, dims);
  };
  if (c.weights.has('gamma')) y = b.op('Mul', [y, param('gamma')]);
  if (c.weights.has('beta')) y = b.op('Add', [y, param('beta')]);
  return b.op('Identity', [y], [], out);
}

/** Emits one layer; returns its output tensor name (must be c.out). */
function emit(c: LayerCtx): string {
  const { b, cfg, layer, ins, out } = c;
  const cls = layer.getClassName();
  const rank = (layer.outputShape as (number | null)[]).length;
  const act = (cfg.activation as string | undefined) ?? 'linear';
  switch (cls) {
    case 'Conv2D': {
      const w = transpose(weight(c, 'kernel').data, weight(c, 'kernel').shape, [3, 2, 0, 1]);
      return activation(b, conv(c, ins[0], w, 1, true), act, 4, out);
    }
    case 'DepthwiseConv2D': {
      const k = weight(c, 'depthwise_kernel');
      const [kh, kw, ci, m] = k.shape;
      const t = transpose(k.data, k.shape, [2, 3, 0, 1]); // [ci, m, kh, kw]: out channel = c·m + j as in TF
      return activation(b, conv(c, ins[0], { data: t.data, shape: [ci * m, 1, kh, kw] }, ci, true), act, 4, out);
    }
    case 'SeparableConv2D': {
      const k = weight(c, 'depthwise_kernel');
      const [kh, kw, ci, m] = k.shape;
      const t = transpose(k.data, k.shape, [2, 3, 0, 1]);
      const dw = conv(c, ins[0], { data: t.data, shape: [ci * m, 1, kh, kw] }, ci, false);
      const pw = transpose(weight(c, 'pointwise_kernel').data, weight(c, 'pointwise_kernel').shape, [3, 2, 0, 1]);
      const inputs = [dw, b.floats(`${layer.name}/PW`, pw.data, pw.shape)];
      if (c.weights.has('bias')) inputs.push(b.floats(`${layer.name}/B`, weight(c, 'bias').data, weight(c, 'bias').shape));
      return activation(b, b.op('Conv', inputs, [attr('kernel_shape', [1, 1])]), act, 4, out);
    }
    case 'Conv2DTranspose':
      return activation(b, convTranspose(c), act, 4, out);
    case 'Conv1D':
      return activation(b, channelsFirst1d(c, (x) => conv1d(c, x)), act, 3, out);
    case 'MaxPooling1D':
      return channelsFirst1d(c, (x) => pool1d(c, x, 'MaxPool'), out);
    case 'AveragePooling1D':
      return channelsFirst1d(c, (x) => pool1d(c, x, 'AveragePool'), out);
    case 'GlobalAveragePooling1D':
      return b.op('ReduceMean', [ins[0]], [attr('axes', [1]), attr('keepdims', 0)], out);
    case 'GlobalMaxPooling1D':
      return b.op('ReduceMax', [ins[0]], [attr('axes', [1]), attr('keepdims', 0)], out);
    case 'NetwrightCausalPad1D': {
      const pads = b.ints(b.fresh(`${layer.name}/pads`), [0, cfg.amount as number, 0, 0, 0, 0]);
      return b.op('Pad', [ins[0], pads], [attr('mode', 'constant')], out);
    }
    case 'Embedding': {
      // TF.js casts the (float) indices to int32; Gather wants integer indices.
      const w = weight(c, 'embeddings');
      const idx = b.op('Cast', [ins[0]], [attr('to', INT64)]);
      return b.op('Gather', [b.floats(`${layer.name}/E`, w.data, w.shape), idx], [attr('axis', 0)], out);
    }
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return recurrent(c, cls);
    case 'Dense': {
      if (c.inShapes[0].length !== 2) return denseOnLastAxis(c);
      const k = weight(c, 'kernel');
      const inputs = [ins[0], b.floats(`${layer.name}/W`, k.data, k.shape)];
      let y: string;
      if (c.weights.has('bias')) y = b.op('Gemm', [...inputs, b.floats(`${layer.name}/B`, weight(c, 'bias').data, weight(c, 'bias').shape)]);
      else y = b.op('MatMul', inputs);
      return activation(b, y, act, 2, out);
    }
    case 'MaxPooling2D':
      return pool(c, 'MaxPool');
    case 'AveragePooling2D':
      return pool(c, 'AveragePool');
    case 'GlobalAveragePooling2D':
      return b.op('Flatten', [b.op('GlobalAveragePool', [ins[0]])], [attr('axis', 1)], out);
    case 'GlobalMaxPooling2D':
      return b.op('Flatten', [b.op('GlobalMaxPool', [ins[0]])], [attr('axis', 1)], out);
    case 'BatchNormalization': {
      const axis = cfg.axis as number;
      if (axis !== -1 && axis !== rank - 1) throw new Error(`BatchNormalization on axis ${axis} has no ONNX export`);
      const mean = weight(c, 'moving_mean');
      const n = mean.shape[0];
      const get = (name: string, fill: number) => c.weights.get(name)?.data ?? new Float32Array(n).fill(fill);
      const ln = layer.name;
      // ONNX normalises axis 1: a Keras [N, L, C] sequence goes through [N, C, L].
      const seq = rank === 3;
      const x = seq ? b.op('Transpose', [ins[0]], [attr('perm', [0, 2, 1])]) : ins[0];
      const y = b.op(
        'BatchNormalization',
        [x, b.floats(`${ln}/gamma`, get('gamma', 1), [n]), b.floats(`${ln}/beta`, get('beta', 0), [n]), b.floats(`${ln}/mean`, mean.data, [n]), b.floats(`${ln}/var`, weight(c, 'moving_variance').data, [n])],
        [attr('epsilon', cfg.epsilon as number, true), attr('momentum', cfg.momentum as number, true)],
        seq ? undefined : out,
      );
      return seq ? b.op('Transpose', [y], [attr('perm', [0, 2, 1])], out) : y;
    }
    case 'Activation':
      return activation(b, ins[0], act, rank, out);
    case 'ReLU': {
      const max = cfg.maxValue as number | null | undefined;
      if (max == null) return b.op('Relu', [ins[0]], [], out);
      return b.op('Clip', [ins[0], b.floats(b.fresh('zero'), new Float32Array([0]), []), b.floats(b.fresh('max'), new Float32Array([max]), [])], [], out);
    }
    case 'LeakyReLU':
      return b.op('LeakyRelu', [ins[0]], [attr('alpha', cfg.alpha as number, true)], out);
    case 'ELU':
      return b.op('Elu', [ins[0]], [attr('alpha', cfg.alpha as number, true)], out);
    case 'Softmax': {
      const axis = cfg.axis as number;
      if (axis !== -1 && axis !== rank - 1) throw new Error(`Softmax on axis ${axis} has no ONNX export`);
      return b.op('Softmax', [ins[0]], [attr('axis', rank === 4 ? 1 : -1)], out);
    }
    case 'Add':
      return b.op('Sum', ins, [], out);
    case 'NetwrightSubtract':
      return b.op('Sub', ins, [], out);
    case 'Multiply':
      return ins.slice(1).reduce((acc, x, i) => b.op('Mul', [acc, x], [], i === ins.length - 2 ? out : undefined), ins[0]);
    case 'Maximum':
      return b.op('Max', ins, [], out);
    case 'Minimum':
      return b.op('Min', ins, [], out);
    case 'Average':
      return b.op('Mean', ins, [], out);
    case 'Concatenate': {
      let axis = cfg.axis as number;
      if (axis < 0) axis += rank;
      // NHWC axis → NCHW axis for rank-4 tensors.
      const map = rank === 4 ? [0, 2, 3, 1][axis] : axis;
      return b.op('Concat', ins, [attr('axis', map)], out);
    }
    case 'Flatten': {
      const x = c.inShapes[0].length === 4 ? b.op('Transpose', [ins[0]], [attr('perm', [0, 2, 3, 1])]) : ins[0];
      return b.op('Flatten', [x], [attr('axis', 1)], out);
    }
    case 'Reshape': {
      const target = cfg.targetShape as number[];
      const x = c.inShapes[0].length === 4 ? b.op('Transpose', [ins[0]], [attr('perm', [0, 2, 3, 1])]) : ins[0];
      const shape = b.ints(b.fresh(`${layer.name}/shape`), [0, ...target]);
      if (target.length !== 3) return b.op('Reshape', [x, shape], [], out);
      return b.op('Transpose', [b.op('Reshape', [x, shape])], [attr('perm', [0, 3, 1, 2])], out);
    }
    case 'Permute': {
      const perm = [0, ...(cfg.dims as number[])];
      if (perm.length !== 4) return b.op('Transpose', [ins[0]], [attr('perm', perm)], out);
      // NCHW → NHWC, the layer's permutation, back to NCHW, composed into one Transpose.
      const toNhwc = [0, 2, 3, 1];
      const q = perm.map((i) => toNhwc[i]);
      return b.op('Transpose', [ins[0]], [attr('perm', [0, 3, 1, 2].map((i) => q[i]))], out);
    }
    case 'ZeroPadding2D': {
      const p = cfg.padding as number[][];
      const pads = b.ints(b.fresh(`${layer.name}/pads`), [0, 0, p[0][0], p[1][0], 0, 0, p[0][1], p[1][1]]);
      return b.op('Pad', [ins[0], pads], [attr('mode', 'constant')], out);
    }
    case 'UpSampling2D': {
      const [sh, sw] = pair(cfg.size, 2);
      const scales = b.floats(b.fresh(`${layer.name}/scales`), new Float32Array([1, 1, sh, sw]), [4]);
      // TF.js resizes without half-pixel centres: ONNX 'asymmetric' coordinates, for both modes.
      if ((cfg.interpolation ?? 'nearest') === 'bilinear') return b.op('Resize', [ins[0], '', scales], [attr('mode', 'linear'), attr('coordinate_transformation_mode', 'asymmetric')], out);
      return b.op('Resize', [ins[0], '', scales], [attr('mode', 'nearest'), attr('coordinate_transformation_mode', 'asymmetric'), attr('nearest_mode', 'floor')], out);
    }
    case 'LayerNormalization':
      return layerNorm(c);
    case 'PReLU': {
      // One slope per element (no shared axes), stored in the tensor's ONNX layout.
      const a = weight(c, 'alpha');
      const t = a.shape.length === 3 ? transpose(a.data, a.shape, [2, 0, 1]) : a;
      return b.op('PRelu', [ins[0], b.floats(`${layer.name}/slope`, t.data, t.shape)], [], out);
    }
    case 'RepeatVector': {
      const x = b.op('Unsqueeze', [ins[0], b.ints(b.fresh(`${layer.name}/axis`), [1])]);
      return b.op('Expand', [x, b.ints(b.fresh(`${layer.name}/shape`), [1, cfg.n as number, 1])], [], out);
    }
    case 'NetwrightLRN': {
      // TF: x / (bias + alpha·Σ_{|j−c|≤r} x_j²)^beta; ONNX divides alpha by the window size.
      const r = cfg.depthRadius as number;
      const size = 2 * r + 1;
      const attrs = [attr('size', size), attr('alpha', (cfg.alpha as number) * size, true), attr('beta', cfg.beta as number, true), attr('bias', cfg.bias as number, true)];
      return b.op('LRN', [ins[0]], attrs, out);
    }
    case 'Cropping2D': {
      const [[t, bt], [l, r]] = cfg.cropping as number[][];
      const [, h, w] = c.inShapes[0];
      const starts = b.ints(b.fresh(`${layer.name}/starts`), [t, l]);
      const ends = b.ints(b.fresh(`${layer.name}/ends`), [h - bt, w - r]);
      return b.op('Slice', [ins[0], starts, ends, b.ints(b.fresh(`${layer.name}/axes`), [2, 3])], [], out);
    }
    case 'Dropout':
    case 'SpatialDropout1D':
    case 'NetwrightSpatialDropout2D':
    case 'GaussianNoise':
    case 'GaussianDropout':
    case 'AlphaDropout':
      // Inference-time identity.
      return b.op('Identity', [ins[0]], [], out);
    default:
      throw new Error(`layer type ${cls} has no ONNX export`);
  }
}

export interface OnnxConvertOptions {
  layout?: Layout;
  /** Display names by node id, for error messages. */
  labels?: Map<string, string>;
}

/** Converts a LayersModel to a ModelProto object (snake_case fields, for onnx/proto encodeModel). */
export function modelToOnnx(model: TF.LayersModel, options: OnnxConvertOptions = {}): Record<string, unknown> {
  const layout = options.layout ?? 'nchw';
  const b = new Builder();
  const config = model.getConfig() as unknown as { layers: { name: string; inboundNodes: [string, number, number][][] }[] };
  const inboundOf = new Map(config.layers.map((l) => [l.name, (l.inboundNodes[0] ?? []).map((i) => i[0])]));
  const shapeOf = new Map<string, number[]>();
  const valueInfo = (name: string, shape: (number | null)[]) => ({
    name,
    type: { tensor_type: { elem_type: FLOAT, shape: { dim: shape.map((d) => (d == null ? { dim_param: 'N' } : { dim_value: d })) } } },
  });
  const nchw = (s: (number | null)[]) => (s.length === 4 ? [s[0], s[3], s[1], s[2]] : s);
  const graphInputs: unknown[] = [];
  const tensorOf = new Map<string, string>();
  for (const layer of model.layers) {
    const shape = layer.outputShape as number[];
    shapeOf.set(layer.name, shape);
    if (layer.getClassName() === 'InputLayer') {
      b.layer = layer.name;
      if (layout === 'nhwc' && shape.length === 4) {
        graphInputs.push(valueInfo(layer.name, shape));
        tensorOf.set(layer.name, b.op('Transpose', [layer.name], [attr('perm', [0, 3, 1, 2])]));
      } else {
        graphInputs.push(valueInfo(layer.name, nchw(shape)));
        tensorOf.set(layer.name, layer.name);
      }
      continue;
    }
    const srcs = inboundOf.get(layer.name) ?? [];
    const weights = new Map(layer.weights.map((w) => [w.originalName.split('/').pop()!, { data: w.read().dataSync() as Float32Array, shape: w.shape as number[] }]));
    const isHead = model.outputNames.includes(layer.name);
    const out = isHead && !(layout === 'nhwc' && shape.length === 4) ? layer.name : b.fresh(layer.name);
    b.layer = layer.name;
    const firstNode = b.nodes.length;
    try {
      const y = emit({ b, layer, cfg: layer.getConfig() as Cfg, ins: srcs.map((s) => tensorOf.get(s)!), inShapes: srcs.map((s) => shapeOf.get(s)!), out, weights });
      if (y !== out) b.op('Identity', [y], [], out);
      // The node producing the layer's output carries the layer's name; helpers keep `<layer>/<Op>_<n>`.
      for (const n of b.nodes.slice(firstNode)) if (n.output.includes(out)) n.name = layer.name;
      tensorOf.set(layer.name, out);
    } catch (e) {
      const base = layer.name.replace(/__act$/, '');
      const label = options.labels?.get(base) ?? base;
      throw new Error(`ONNX export: node '${label}' (${layer.getClassName()}): ${(e as Error).message}`);
    }
  }
  const outputs = model.outputLayers.map((l) => {
    const shape = shapeOf.get(l.name)!;
    b.layer = l.name;
    if (layout === 'nhwc' && shape.length === 4) {
      b.op('Transpose', [tensorOf.get(l.name)!], [attr('perm', [0, 2, 3, 1])], l.name);
      return valueInfo(l.name, shape);
    }
    return valueInfo(l.name, nchw(shape));
  });
  return {
    ir_version: 7,
    producer_name: 'Netwright',
    producer_version: '1',
    opset_import: [{ domain: '', version: 13 }],
    graph: { name: 'netwright', node: b.nodes, initializer: b.inits, input: graphInputs, output: outputs },
  };
}
