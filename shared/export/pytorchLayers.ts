/**
 * Per-layer PyTorch translation. Values keep PyTorch's layout: a Keras [h, w, c] feature map is an NCHW
 * tensor; every other rank keeps the Keras layout ([steps, features] → (N, steps, features)). Each entry
 * says which nn.Module the layer needs (constructed in __init__) and the forward expression, and reports
 * settings torch cannot express exactly instead of emitting code that silently differs.
 */
import type { Shape } from '../graph/types';
import { resolveAxis } from '../layers/common';
import { edges4, numOf, pair, samePad, strOf, type ExportNode, type NodeProblem, type Params } from './model';

/** Python helpers the prelude defines on demand (see pytorchHelpers.ts). */
export type TorchHelper = 'avg_pool_same' | 'PReLUKeras' | 'GaussianNoise' | 'GaussianDropout' | 'MultiHeadAttentionKeras';

export interface TorchCtx {
  n: ExportNode;
  /** Python expressions of the inputs, by port. */
  ins: string[];
  /** The module attribute (e.g. `self.conv1`), when `module` returned one. */
  mod: string;
  use(h: TorchHelper): void;
}

interface TorchLayer {
  check?(n: ExportNode): NodeProblem | null;
  /** Constructor expression of the layer's nn.Module, or null when the layer is a pure function. */
  module?(n: ExportNode, use: (h: TorchHelper) => void): string | null;
  forward(c: TorchCtx): string;
  /** Lines run in __init__ after the module is created (`{m}` = module attribute). */
  init?(n: ExportNode): string[];
}

const py = (v: boolean) => (v ? 'True' : 'False');
const tup = (a: number, b: number) => (a === b ? String(a) : `(${a}, ${b})`);
const flt = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v));
const isImage = (s: Shape) => s.length === 3;

/** Keras axis of a batch-less shape → the torch dim of the same axis in torch layout. */
export function torchDim(axis: number, shape: Shape): number {
  const i = resolveAxis(axis, shape.length);
  if (shape.length === 3) return [2, 3, 1][i];
  return i + 1;
}

/** NCHW ↔ NHWC around an expression that must see channels last (Dense / LayerNorm on feature maps). */
const lastAxis = (s: Shape, x: string, f: (v: string) => string) => (isImage(s) ? `${f(`${x}.permute(0, 2, 3, 1)`)}.permute(0, 3, 1, 2)` : f(x));

/** Keras layout of a torch-layout value (for Flatten/Reshape/Permute which work on the Keras element order). */
const toKeras = (s: Shape, x: string) => (isImage(s) ? `${x}.permute(0, 2, 3, 1)` : x);
const fromKeras = (s: Shape, x: string) => (isImage(s) ? `${x}.permute(0, 3, 1, 2)` : x);

export const TORCH_ACTIVATIONS: Record<string, ((x: string, softmaxDim: number) => string) | undefined> = {
  linear: (x) => x,
  relu: (x) => `F.relu(${x})`,
  relu6: (x) => `F.relu6(${x})`,
  elu: (x) => `F.elu(${x})`,
  selu: (x) => `F.selu(${x})`,
  leakyRelu: (x) => `F.leaky_relu(${x}, 0.2)`, // TF.js leakyRelu activation slope
  tanh: (x) => `torch.tanh(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  softmax: (x, d) => `F.softmax(${x}, dim=${d})`,
  swish: (x) => `F.silu(${x})`,
  silu: (x) => `F.silu(${x})`,
  gelu: (x) => `F.gelu(${x})`,
};

function act(n: ExportNode, x: string, name = strOf(n.params, 'activation')): string {
  const f = TORCH_ACTIVATIONS[name];
  // softmax over the last Keras axis: channels (dim 1) of a feature map, else the last dim.
  return f ? f(x, isImage(n.outputShape) ? 1 : -1) : x;
}

function activationCheck(n: ExportNode): NodeProblem | null {
  const a = n.params.activation;
  if (typeof a === 'string' && !TORCH_ACTIVATIONS[a]) return { message: `activation '${a}' has no PyTorch mapping`, alternative: 'relu, gelu or swish' };
  return null;
}

/** F.pad argument (left, right, top, bottom) for TF 'same' padding, or null when none or symmetric. */
function sameConvPads(n: ExportNode, k: [number, number], s: [number, number], d: [number, number]) {
  const x = n.inputShapes[0];
  const ph = samePad(x[0], k[0], s[0], d[0]);
  const pw = samePad(x[1], k[1], s[1], d[1]);
  const symmetric = ph[0] === ph[1] && pw[0] === pw[1];
  return { ph, pw, symmetric };
}

/** Conv-like 2-D windows: module padding (symmetric) or an explicit F.pad (TF puts the odd pixel last). */
function convPadding(n: ExportNode, k: [number, number], s: [number, number], d: [number, number]): { arg: string; pre: (x: string) => string } {
  if (strOf(n.params, 'padding') !== 'same') return { arg: '0', pre: (x) => x };
  const { ph, pw, symmetric } = sameConvPads(n, k, s, d);
  if (symmetric) return { arg: tup(ph[0], pw[0]), pre: (x) => x };
  return { arg: '0', pre: (x) => `F.pad(${x}, (${pw[0]}, ${pw[1]}, ${ph[0]}, ${ph[1]}))` };
}

function conv2d(n: ExportNode, groups: 'depthwise' | 'none'): { ctor: string; pre: (x: string) => string } {
  const p = n.params;
  const k = pair(p.kernelSize);
  const s = pair(p.strides);
  const d = pair(p.dilationRate ?? 1);
  const cin = n.inputShapes[0][2];
  const pad = convPadding(n, k, s, d);
  const cout = groups === 'depthwise' ? cin * numOf(p, 'depthMultiplier') : numOf(p, 'filters');
  const dil = d[0] === 1 && d[1] === 1 ? '' : `, dilation=${tup(d[0], d[1])}`;
  const g = groups === 'depthwise' ? `, groups=${cin}` : '';
  const ctor = `nn.Conv2d(${cin}, ${cout}, kernel_size=${tup(k[0], k[1])}, stride=${tup(s[0], s[1])}, padding=${pad.arg}${dil}${g}, bias=${py(p.useBias !== false)})`;
  return { ctor, pre: pad.pre };
}

/** Pooling 'same' pads: F.pad arguments (left, right, top, bottom) or null when no padding is needed. */
function poolPads(n: ExportNode): [number, number, number, number] | null {
  if (strOf(n.params, 'padding') !== 'same') return null;
  const k = pair(n.params.poolSize);
  const s = pair(n.params.strides ?? n.params.poolSize);
  const x = n.inputShapes[0];
  const ph = samePad(x[0], k[0], s[0]);
  const pw = samePad(x[1], k[1], s[1]);
  return ph[0] + ph[1] + pw[0] + pw[1] === 0 ? null : [pw[0], pw[1], ph[0], ph[1]];
}

/** Sequence layers in torch take (N, C, L): transpose around them. */
const channelsFirst1d = (x: string, f: (v: string) => string) => `${f(`${x}.transpose(1, 2)`)}.transpose(1, 2)`;

function pool1d(kind: 'max' | 'avg') {
  return (c: TorchCtx) => {
    const p = c.n.params;
    const k = numOf(p, 'poolSize');
    const s = p.strides == null ? k : numOf(p, 'strides');
    const same = strOf(p, 'padding') === 'same' ? samePad(c.n.inputShapes[0][0], k, s) : [0, 0];
    return channelsFirst1d(c.ins[0], (x) => {
      if (same[0] + same[1] === 0) return `F.${kind}_pool1d(${x}, ${k}, ${s})`;
      if (kind === 'max') return `F.max_pool1d(F.pad(${x}, (${same[0]}, ${same[1]}), value=float("-inf")), ${k}, ${s})`;
      c.use('avg_pool_same');
      return `avg_pool_same(${x}.unsqueeze(2), (1, ${k}), (1, ${s}), (${same[0]}, ${same[1]}, 0, 0)).squeeze(2)`;
    });
  };
}

/** Lower-rank inputs of an element-wise merge, expanded as Keras does (new axes after the batch axis). */
function mergeInputs(c: TorchCtx): string[] {
  const out = c.n.outputShape;
  return c.ins.map((x, i) => {
    const s = c.n.inputShapes[i];
    if (s.length === out.length) return x;
    const padded = [...new Array<number>(out.length - s.length).fill(1), ...s];
    return fromKeras(out, `${toKeras(s, x)}.reshape(${x}.shape[0], ${padded.join(', ')})`);
  });
}

const elementwise = (f: (xs: string[]) => string) => (c: TorchCtx) => f(mergeInputs(c));

function bnCheck(n: ExportNode): NodeProblem | null {
  const s = n.inputShapes[0];
  const axis = resolveAxis(numOf(n.params, 'axis'), s.length);
  if (axis !== s.length - 1) return { message: `BatchNormalization over axis ${String(n.params.axis)} (not the channels/features axis) has no PyTorch BatchNorm equivalent`, alternative: 'axis -1' };
  if (n.params.center !== n.params.scale) return { message: 'PyTorch BatchNorm learns γ and β together (affine); center and scale must both be on or both off', alternative: 'set center and scale to the same value' };
  if (s.length > 3) return { message: `BatchNormalization on a ${s.length}-D input is not supported by the PyTorch export` };
  return null;
}

function lnAxes(n: ExportNode): number[] {
  const s = n.inputShapes[0];
  const a = n.params.axis;
  return (Array.isArray(a) ? (a as number[]) : [Number(a)]).map((x) => resolveAxis(x, s.length)).sort();
}

function lnCheck(n: ExportNode): NodeProblem | null {
  const s = n.inputShapes[0];
  const axes = lnAxes(n);
  const lastOnly = axes.length === 1 && axes[0] === s.length - 1;
  const all = axes.length === s.length && axes.every((a, i) => a === i);
  if (!lastOnly && !all) return { message: `LayerNormalization over axes [${String(n.params.axis)}] has no nn.LayerNorm equivalent`, alternative: 'axis -1 (features) or all non-batch axes' };
  if (n.params.center !== n.params.scale) return { message: 'nn.LayerNorm learns γ and β together (elementwise_affine); center and scale must match', alternative: 'set center and scale to the same value' };
  return null;
}

function rnnCheck(n: ExportNode): NodeProblem | null {
  const p = n.params;
  if (numOf(p, 'dropout') > 0 || numOf(p, 'recurrentDropout') > 0) {
    return { message: 'Keras-style input/recurrent dropout inside a recurrent layer has no nn.RNN equivalent (its dropout acts between stacked layers)', alternative: 'a Dropout layer before the recurrent layer' };
  }
  if (n.type === 'SimpleRNN') {
    if (p.activation !== 'tanh' && p.activation !== 'relu') return { message: `nn.RNN supports tanh or relu, not '${String(p.activation)}'`, alternative: 'tanh' };
    return null;
  }
  if (p.activation !== 'tanh' || p.recurrentActivation !== 'sigmoid') {
    return { message: `nn.${n.type} has fixed tanh/sigmoid activations; '${String(p.activation)}'/'${String(p.recurrentActivation)}' cannot be expressed`, alternative: "activation 'tanh', recurrentActivation 'sigmoid'" };
  }
  if (n.type === 'GRU' && p.resetAfter !== true) return { message: 'nn.GRU applies the reset gate after the recurrent matmul (resetAfter = true) only', alternative: 'resetAfter true' };
  return null;
}

function rnnModule(n: ExportNode): string {
  const p = n.params;
  const cls = n.type === 'SimpleRNN' ? 'RNN' : n.type;
  const nl = n.type === 'SimpleRNN' ? `, nonlinearity=${JSON.stringify(p.activation)}` : '';
  return `nn.${cls}(${n.inputShapes[0][1]}, ${numOf(p, 'units')}, batch_first=True, bias=${py(p.useBias !== false)}${nl})`;
}

/** Keras has one bias per gate where torch has two (SimpleRNN/LSTM): the recurrent one is frozen at 0. */
function rnnInit(n: ExportNode): string[] {
  if (n.type === 'GRU' || n.params.useBias === false) return [];
  return ['nn.init.zeros_({m}.bias_hh_l0)', '{m}.bias_hh_l0.requires_grad_(False)  # Keras has one bias per gate'];
}

export const TORCH_LAYERS: Record<string, TorchLayer> = {
  Input: { forward: (c) => c.ins[0] },
  Conv2D: {
    check: activationCheck,
    module: (n) => conv2d(n, 'none').ctor,
    forward: (c) => act(c.n, `${c.mod}(${conv2d(c.n, 'none').pre(c.ins[0])})`),
  },
  DepthwiseConv2D: {
    check: activationCheck,
    module: (n) => conv2d(n, 'depthwise').ctor,
    forward: (c) => act(c.n, `${c.mod}(${conv2d(c.n, 'depthwise').pre(c.ins[0])})`),
  },
  SeparableConv2D: {
    check: activationCheck,
    module: (n) => {
      const p = n.params;
      const cin = n.inputShapes[0][2];
      const mid = cin * numOf(p, 'depthMultiplier');
      const dw = conv2d({ ...n, params: { ...p, useBias: false } }, 'depthwise').ctor;
      return `nn.Sequential(${dw}, nn.Conv2d(${mid}, ${numOf(p, 'filters')}, kernel_size=1, bias=${py(p.useBias !== false)}))`;
    },
    forward: (c) => act(c.n, `${c.mod}(${conv2d(c.n, 'depthwise').pre(c.ins[0])})`),
  },
  Conv2DTranspose: {
    check: activationCheck,
    module: (n) => {
      const p = n.params;
      const k = pair(p.kernelSize);
      const s = pair(p.strides);
      // Keras' output is at least in·s: torch reaches it with output_padding when the kernel is smaller.
      const op = [Math.max(s[0] - k[0], 0), Math.max(s[1] - k[1], 0)];
      const opArg = op[0] || op[1] ? `, output_padding=${tup(op[0], op[1])}` : '';
      return `nn.ConvTranspose2d(${n.inputShapes[0][2]}, ${numOf(p, 'filters')}, kernel_size=${tup(k[0], k[1])}, stride=${tup(s[0], s[1])}${opArg}, bias=${py(p.useBias !== false)})`;
    },
    forward: (c) => {
      const p = c.n.params;
      const k = pair(p.kernelSize);
      const s = pair(p.strides);
      const x = c.n.inputShapes[0];
      const [oh, ow] = c.n.outputShape;
      const full = [(x[0] - 1) * s[0] + Math.max(k[0], s[0]), (x[1] - 1) * s[1] + Math.max(k[1], s[1])];
      // 'same': TF crops floor(excess / 2) at the top/left and the rest at the bottom/right.
      const top = strOf(p, 'padding') === 'same' ? Math.floor(Math.max(k[0] - s[0], 0) / 2) : 0;
      const left = strOf(p, 'padding') === 'same' ? Math.floor(Math.max(k[1] - s[1], 0) / 2) : 0;
      let y = `${c.mod}(${c.ins[0]})`;
      if (full[0] !== oh || full[1] !== ow) y = `${y}[:, :, ${top}:${top + oh}, ${left}:${left + ow}]`;
      return act(c.n, y);
    },
  },
  Conv1D: {
    check: activationCheck,
    module: (n) => {
      const p = n.params;
      const k = numOf(p, 'kernelSize');
      const s = numOf(p, 'strides');
      const d = numOf(p, 'dilationRate');
      const dil = d === 1 ? '' : `, dilation=${d}`;
      return `nn.Conv1d(${n.inputShapes[0][1]}, ${numOf(p, 'filters')}, kernel_size=${k}, stride=${s}${dil}, bias=${py(p.useBias !== false)})`;
    },
    forward: (c) => {
      const p = c.n.params;
      const k = numOf(p, 'kernelSize');
      const s = numOf(p, 'strides');
      const d = numOf(p, 'dilationRate');
      const padding = strOf(p, 'padding');
      const pad = padding === 'causal' ? [(k - 1) * d, 0] : padding === 'same' ? samePad(c.n.inputShapes[0][0], k, s, d) : [0, 0];
      const y = channelsFirst1d(c.ins[0], (x) => `${c.mod}(${pad[0] + pad[1] ? `F.pad(${x}, (${pad[0]}, ${pad[1]}))` : x})`);
      return act(c.n, y);
    },
  },
  MaxPooling2D: {
    forward: (c) => {
      const k = pair(c.n.params.poolSize);
      const s = pair(c.n.params.strides ?? c.n.params.poolSize);
      const pads = poolPads(c.n);
      // TF pads max-pooling with -inf (padding never wins).
      const x = pads ? `F.pad(${c.ins[0]}, (${pads.join(', ')}), value=float("-inf"))` : c.ins[0];
      return `F.max_pool2d(${x}, ${tup(k[0], k[1])}, ${tup(s[0], s[1])})`;
    },
  },
  AveragePooling2D: {
    forward: (c) => {
      const k = pair(c.n.params.poolSize);
      const s = pair(c.n.params.strides ?? c.n.params.poolSize);
      const pads = poolPads(c.n);
      if (!pads) return `F.avg_pool2d(${c.ins[0]}, ${tup(k[0], k[1])}, ${tup(s[0], s[1])})`;
      // TF averages over the valid pixels only (padding not counted), also with asymmetric pads.
      c.use('avg_pool_same');
      return `avg_pool_same(${c.ins[0]}, (${k[0]}, ${k[1]}), (${s[0]}, ${s[1]}), (${pads.join(', ')}))`;
    },
  },
  MaxPooling1D: { forward: pool1d('max') },
  AveragePooling1D: { forward: pool1d('avg') },
  GlobalAveragePooling2D: { forward: (c) => `${c.ins[0]}.mean(dim=(2, 3))` },
  GlobalMaxPooling2D: { forward: (c) => `${c.ins[0]}.amax(dim=(2, 3))` },
  GlobalAveragePooling1D: { forward: (c) => `${c.ins[0]}.mean(dim=1)` },
  GlobalMaxPooling1D: { forward: (c) => `${c.ins[0]}.amax(dim=1)` },
  Dense: {
    check: activationCheck,
    module: (n) => `nn.Linear(${n.inputShapes[0][n.inputShapes[0].length - 1]}, ${numOf(n.params, 'units')}, bias=${py(n.params.useBias !== false)})`,
    // Keras applies Dense to the last axis: the channels of a feature map.
    forward: (c) => act(c.n, lastAxis(c.n.inputShapes[0], c.ins[0], (x) => `${c.mod}(${x})`)),
  },
  // Flatten in Keras' (h, w, c) element order, so weights carried from TF.js line up.
  Flatten: { forward: (c) => `${toKeras(c.n.inputShapes[0], c.ins[0])}.flatten(1)` },
  Reshape: {
    forward: (c) => {
      const s = c.n.inputShapes[0];
      const out = c.n.outputShape;
      return fromKeras(out, `${toKeras(s, c.ins[0])}.reshape(${c.ins[0]}.shape[0], ${out.join(', ')})`);
    },
  },
  Permute: {
    forward: (c) => {
      const dims = c.n.params.dims as number[];
      return fromKeras(c.n.outputShape, `${toKeras(c.n.inputShapes[0], c.ins[0])}.permute(0, ${dims.join(', ')})`);
    },
  },
  RepeatVector: { forward: (c) => `${c.ins[0]}.unsqueeze(1).repeat(1, ${numOf(c.n.params, 'n')}, 1)` },
  ZeroPadding2D: {
    forward: (c) => {
      const [t, b, l, r] = edges4(c.n.params.padding);
      return `F.pad(${c.ins[0]}, (${l}, ${r}, ${t}, ${b}))`;
    },
  },
  Cropping2D: {
    forward: (c) => {
      const [t, b, l, r] = edges4(c.n.params.cropping);
      const [h, w] = c.n.inputShapes[0];
      return `${c.ins[0]}[:, :, ${t}:${h - b}, ${l}:${w - r}]`;
    },
  },
  UpSampling2D: {
    check: (n) =>
      n.params.interpolation === 'bilinear'
        ? { message: "bilinear UpSampling2D resizes like TF.js' resizeBilinear (no half-pixel centres), which F.interpolate cannot reproduce", alternative: "interpolation 'nearest', or a Conv2DTranspose" }
        : null,
    forward: (c) => {
      const [sh, sw] = pair(c.n.params.size);
      return `F.interpolate(${c.ins[0]}, scale_factor=(${flt(sh)}, ${flt(sw)}), mode="nearest")`;
    },
  },
  BatchNormalization: {
    check: bnCheck,
    module: (n) => {
      const p = n.params;
      const s = n.inputShapes[0];
      const cls = isImage(s) ? 'BatchNorm2d' : 'BatchNorm1d';
      const affine = p.scale !== false ? '' : ', affine=False';
      // torch momentum is the weight of the new batch statistic: 1 - Keras momentum.
      const mom = Math.round((1 - numOf(p, 'momentum')) * 1e9) / 1e9;
      return `nn.${cls}(${s[s.length - 1]}, eps=${numOf(p, 'epsilon')}, momentum=${mom}${affine})`;
    },
    forward: (c) => (c.n.inputShapes[0].length === 2 ? channelsFirst1d(c.ins[0], (x) => `${c.mod}(${x})`) : `${c.mod}(${c.ins[0]})`),
  },
  LayerNormalization: {
    check: lnCheck,
    module: (n) => {
      const s = n.inputShapes[0];
      const axes = lnAxes(n);
      const shape = axes.length === 1 ? String(s[s.length - 1]) : `[${(isImage(s) ? [s[2], s[0], s[1]] : s).join(', ')}]`;
      return `nn.LayerNorm(${shape}, eps=${numOf(n.params, 'epsilon')}, elementwise_affine=${py(n.params.scale !== false)})`;
    },
    forward: (c) => {
      const s = c.n.inputShapes[0];
      if (lnAxes(c.n).length === 1) return lastAxis(s, c.ins[0], (x) => `${c.mod}(${x})`);
      return `${c.mod}(${c.ins[0]})`;
    },
  },
  LRN: {
    check: (n) => (n.inputShapes[0].length === 3 ? null : { message: 'LRN needs a [h, w, c] feature map' }),
    // TF: x / (bias + alpha·Σ x²)^beta over 2r+1 channels; torch divides alpha by the window size.
    module: (n) => {
      const r = numOf(n.params, 'depthRadius');
      const size = 2 * r + 1;
      return `nn.LocalResponseNorm(${size}, alpha=${numOf(n.params, 'alpha') * size}, beta=${numOf(n.params, 'beta')}, k=${numOf(n.params, 'bias')})`;
    },
    forward: (c) => `${c.mod}(${c.ins[0]})`,
  },
  Dropout: { module: (n) => `nn.Dropout(${numOf(n.params, 'rate')})`, forward: (c) => `${c.mod}(${c.ins[0]})` },
  SpatialDropout2D: { module: (n) => `nn.Dropout2d(${numOf(n.params, 'rate')})`, forward: (c) => `${c.mod}(${c.ins[0]})` },
  SpatialDropout1D: { module: (n) => `nn.Dropout1d(${numOf(n.params, 'rate')})`, forward: (c) => channelsFirst1d(c.ins[0], (x) => `${c.mod}(${x})`) },
  AlphaDropout: { module: (n) => `nn.AlphaDropout(${numOf(n.params, 'rate')})`, forward: (c) => `${c.mod}(${c.ins[0]})` },
  GaussianNoise: {
    module: (n, use) => (use('GaussianNoise'), `GaussianNoise(${numOf(n.params, 'stddev')})`),
    forward: (c) => `${c.mod}(${c.ins[0]})`,
  },
  GaussianDropout: {
    module: (n, use) => (use('GaussianDropout'), `GaussianDropout(${numOf(n.params, 'rate')})`),
    forward: (c) => `${c.mod}(${c.ins[0]})`,
  },
  Activation: { check: activationCheck, forward: (c) => act(c.n, c.ins[0]) },
  ReLU: {
    forward: (c) => {
      const m = c.n.params.maxValue;
      return typeof m === 'number' ? `torch.clamp(${c.ins[0]}, 0.0, ${flt(m)})` : `F.relu(${c.ins[0]})`;
    },
  },
  LeakyReLU: { forward: (c) => `F.leaky_relu(${c.ins[0]}, ${numOf(c.n.params, 'alpha')})` },
  ELU: { forward: (c) => `F.elu(${c.ins[0]}, ${flt(numOf(c.n.params, 'alpha'))})` },
  PReLU: {
    // Keras learns one slope per element (no shared axes): a parameter of the input's shape, NCHW.
    module: (n, use) => {
      use('PReLUKeras');
      const s = n.inputShapes[0];
      return `PReLUKeras((${(isImage(s) ? [s[2], s[0], s[1]] : s).join(', ')},))`;
    },
    forward: (c) => `${c.mod}(${c.ins[0]})`,
  },
  Softmax: { forward: (c) => `F.softmax(${c.ins[0]}, dim=${torchDim(numOf(c.n.params, 'axis'), c.n.inputShapes[0])})` },
  Add: { forward: elementwise((xs) => xs.join(' + ')) },
  Subtract: { forward: elementwise((xs) => `${xs[0]} - ${xs[1]}`) },
  Multiply: { forward: elementwise((xs) => xs.join(' * ')) },
  Average: { forward: elementwise((xs) => `(${xs.join(' + ')}) / ${xs.length}`) },
  Maximum: { forward: elementwise((xs) => xs.slice(1).reduce((a, b) => `torch.maximum(${a}, ${b})`, xs[0])) },
  Minimum: { forward: elementwise((xs) => xs.slice(1).reduce((a, b) => `torch.minimum(${a}, ${b})`, xs[0])) },
  Concatenate: { forward: (c) => `torch.cat([${c.ins.join(', ')}], dim=${torchDim(numOf(c.n.params, 'axis'), c.n.inputShapes[0])})` },
  Embedding: {
    module: (n) => `nn.Embedding(${numOf(n.params, 'inputDim')}, ${numOf(n.params, 'outputDim')})`,
    forward: (c) => `${c.mod}(${c.ins[0]}.long())`,
  },
  SimpleRNN: { check: rnnCheck, module: rnnModule, init: rnnInit, forward: (c) => rnnForward(c) },
  LSTM: { check: rnnCheck, module: rnnModule, init: rnnInit, forward: (c) => rnnForward(c) },
  GRU: { check: rnnCheck, module: rnnModule, init: rnnInit, forward: (c) => rnnForward(c) },
  MultiHeadAttention: {
    check: (n) =>
      n.inputShapes.some((s) => s.length !== 2) ? { message: 'MultiHeadAttention export supports [steps, features] inputs only', alternative: 'Reshape to [steps, features] first' } : null,
    module: (n, use) => {
      use('MultiHeadAttentionKeras');
      const p = n.params;
      const [q, v] = n.inputShapes;
      const k = n.inputShapes[2] ?? v;
      const vd = p.valueDim ?? p.keyDim;
      const out = p.outputShape ?? q[1];
      return `MultiHeadAttentionKeras(${q[1]}, ${k[1]}, ${v[1]}, num_heads=${numOf(p, 'numHeads')}, key_dim=${numOf(p, 'keyDim')}, value_dim=${String(vd)}, out_dim=${String(out)}, dropout=${numOf(p, 'dropout')}, bias=${py(p.useBias !== false)})`;
    },
    forward: (c) => `${c.mod}(${c.ins.join(', ')})`,
  },
};

function rnnForward(c: TorchCtx): string {
  const y = `${c.mod}(${c.ins[0]})[0]`;
  return c.n.params.returnSequences ? y : `${y}[:, -1]`;
}

/** Every node's torch problems, or [] when the whole graph translates exactly. */
export function torchProblem(n: ExportNode): NodeProblem | null {
  const t = TORCH_LAYERS[n.type];
  if (!t) return { message: `${n.type} has no PyTorch translation in this exporter` };
  return t.check?.(n) ?? null;
}

export type { Params };
