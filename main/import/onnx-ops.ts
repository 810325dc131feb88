/**
 * One ONNX op (or fused pseudo-op) → catalog layer(s). Returns undefined when converted, or the reason
 * it cannot be (the importer lists it in `unsupported`). See onnx.ts for the overall approach.
 */
import { samePad } from '../../shared/export/model';
import type { GraphBuilder } from './graph-builder';
import { attrFloat, attrInt, attrInts, attrString, attrStrings, scalarOf, type OnnxGraph, type OnnxNode } from './onnx-model';
import { channelsFirst, identity, onnxDims, permuteDims, sameView, withoutUnits, type Rec, type View } from './onnx-views';
import type { UnsupportedOp } from './types';

export interface Ctx {
  g: OnnxGraph;
  b: GraphBuilder;
  /** Written by Netwright's exporter: node names are layer names, fusions follow them. */
  own: boolean;
  recs: Map<string, Rec>;
  warnings: string[];
  unsupported: UnsupportedOp[];
  /** Permute/Reshape nodes already added for (node id, target view). */
  permutes: Map<string, string>;
  /** Reads of each tensor by nodes not converted yet (and graph outputs). */
  pending: Map<string, number>;
  /** The nodes being converted (after pattern fusion, those reaching an output). */
  live: OnnxNode[];
}

const ACTIVATED = new Set(['Conv2D', 'Conv1D', 'Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense']);
/** Unary element-wise ops with no catalog layer: left out, their consumers read their input. */
const ELEMENTWISE = new Set(['Softplus', 'Softsign', 'HardSigmoid', 'HardSwish', 'Mish', 'Exp', 'Log', 'Abs', 'Neg', 'Sqrt', 'Reciprocal', 'Erf', 'Ceil', 'Floor', 'Round', 'Sign', 'Sin', 'Cos', 'ThresholdedRelu', 'Shrink', 'Celu', 'LogSoftmax']);
const MERGES: Record<string, string> = { Add: 'Add', Sum: 'Add', Sub: 'Subtract', Mul: 'Multiply', Max: 'Maximum', Min: 'Minimum', Mean: 'Average' };
const SIMPLE_ACTS: Record<string, string> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Selu: 'selu', 'nw.Gelu': 'gelu', Gelu: 'gelu', 'nw.Swish': 'swish' };

const layerOf = new WeakMap<GraphBuilder, Map<string, string>>();

function semShape(ctx: Ctx, id: string): number[] {
  const s = ctx.b.shape(id);
  if (!s) throw new Error(`the shape of its input '${id}' could not be inferred`);
  return s;
}

function add(ctx: Ctx, type: string, params: Record<string, unknown>, inputs: string[], name: string): string {
  const id = ctx.b.add(type, params, inputs, name);
  let m = layerOf.get(ctx.b);
  if (!m) layerOf.set(ctx.b, (m = new Map()));
  m.set(id, name);
  return id;
}

/** The graph node whose output, read through `want`, is the ONNX tensor of `rec` (adds Reshape/Permute if needed). */
function need(ctx: Ctx, rec: Rec, want: View, name: string, isLayer = false): string {
  if (sameView(rec.view, want)) return rec.id;
  const key = `${rec.id}|${rec.view.join(',')}|${want.join(',')}`;
  const cached = ctx.permutes.get(key);
  if (cached) return cached;
  const shape = semShape(ctx, rec.id);
  let id: string;
  if (rec.view.includes(-1) || rec.view.length !== want.length) {
    // Unit axes (keepdims): a Reshape, when the real axes keep their order under `want`.
    const dims = onnxDims(rec.view, shape);
    const order = rec.view.map((a, i) => (a === -1 ? -1 : want[i])).filter((a) => a !== -1);
    if (want.includes(-1) || !order.every((a, i) => i === 0 || a > order[i - 1])) throw new Error(`cannot read a ${rec.view.length}-D tensor in this layout`);
    const target = want.slice(1).map((_, j) => dims[want.indexOf(j + 1)]);
    id = add(ctx, 'Reshape', { targetShape: target }, [rec.id], `${name}_reshape`);
  } else {
    const dims = permuteDims(rec.view, want);
    if (!dims) throw new Error('the layout moves the batch axis');
    id = add(ctx, 'Permute', { dims }, [rec.id], isLayer ? name : `${name}_permute`);
    if (!isLayer) ctx.warnings.push(`added Permute '${id}' (dims ${JSON.stringify(dims)}) so that '${name}' reads the tensor in the file's layout`);
  }
  ctx.permutes.set(key, id);
  return id;
}

function input(ctx: Ctx, node: OnnxNode, i = 0, causalOk = false): Rec {
  const t = node.inputs[i];
  const r = ctx.recs.get(t);
  if (!r) throw new Error(ctx.g.consts.has(t) ? `input ${i} is a constant tensor, which the catalog cannot feed here` : `its input '${t}' comes from a left-out node`);
  if (r.causal !== undefined && !causalOk) throw new Error(`its input is 1-D padded, which only a causal Conv1D can express (the catalog has no ZeroPadding1D)`);
  return r;
}

function out(ctx: Ctx, node: OnnxNode, id: string, view: View, k = 0): void {
  ctx.recs.set(node.outputs[k], { id, view });
}

/** Whether tensor `t` (read by the node being converted) is the only pending read of its graph node. */
function soleReader(ctx: Ctx, rec: Rec, t: string): boolean {
  if ((ctx.pending.get(t) ?? 0) !== 1 || ctx.b.consumers(rec.id) !== 0) return false;
  for (const [k, r] of ctx.recs) if (k !== t && r.id === rec.id && (ctx.pending.get(k) ?? 0) > 0) return false;
  return true;
}

/** A Conv/Dense node that can absorb an activation read from `rec`'s tensor `t`. */
function foldTarget(ctx: Ctx, rec: Rec, t: string, name: string): string | undefined {
  const n = ctx.b.node(rec.id);
  if (!ACTIVATED.has(n.type) || n.params.activation !== 'linear' || !soleReader(ctx, rec, t)) return undefined;
  if (!ctx.own) return rec.id;
  const base = layerOf.get(ctx.b)?.get(rec.id);
  return base === name || `${base}__act` === name ? rec.id : undefined;
}

/** Activation `act` on the node's input: folded into a Conv/Dense, else an Activation-like layer. */
function activation(ctx: Ctx, node: OnnxNode, name: string, act: string, layer?: { type: string; params: Record<string, unknown> }): undefined {
  const x = input(ctx, node);
  const target = foldTarget(ctx, x, node.inputs[0], name);
  if (target) {
    ctx.b.update(target, { ...ctx.b.node(target).params, activation: act });
    out(ctx, node, target, x.view);
    return undefined;
  }
  const l = layer ?? { type: 'Activation', params: { activation: act } };
  out(ctx, node, add(ctx, l.type, l.params, [x.id], name), x.view);
  return undefined;
}

/** Keras padding for explicit ONNX pads of one spatial layout, or the extra ZeroPadding2D edges needed. */
function padding(inHW: number[], k: number[], s: number[], d: number[], pads: number[], autoPad: string): { mode: 'same' | 'valid'; extra?: number[][] } {
  const r = k.length;
  if (autoPad === 'SAME_UPPER') return { mode: 'same' };
  if (autoPad === 'VALID' || pads.every((p) => p === 0)) return { mode: 'valid' };
  const split = k.map((_, i) => samePad(inHW[i], k[i], s[i], d[i]));
  const same = [...split.map((p) => p[0]), ...split.map((p) => p[1])];
  if (autoPad === 'NOTSET' && same.every((p, i) => p === pads[i])) return { mode: 'same' };
  const explicit = autoPad === 'SAME_LOWER' ? [...same.slice(r), ...same.slice(0, r)] : pads;
  return { mode: 'valid', extra: Array.from({ length: r }, (_, i) => [explicit[i], explicit[i + r]]) };
}

function zeroPad(ctx: Ctx, id: string, edges: number[][], name: string): string {
  const [[t, b], [l, r]] = edges;
  const padding = t === b && l === r ? (t === l ? t : [t, l]) : edges;
  return add(ctx, 'ZeroPadding2D', { padding }, [id], `${name}_pad`);
}

const sz = (v: number[]) => (v.every((x) => x === v[0]) ? v[0] : v);

function conv(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const w = ctx.g.consts.get(node.inputs[1]);
  if (!w) return 'weights that are not an initializer';
  const sr = w.dims.length - 2;
  if (sr !== 1 && sr !== 2) return `${sr}-D convolution is not in the catalog`;
  const x = input(ctx, node, 0, true);
  // A 1-D causal pad recorded by Pad (below) folds into this Conv.
  const causal = x.causal;
  const k = w.dims.slice(2);
  const s = attrInts(node, 'strides') ?? k.map(() => 1);
  const d = attrInts(node, 'dilations') ?? k.map(() => 1);
  const group = attrInt(node, 'group', 1);
  const useBias = node.inputs.length > 2 && node.inputs[2] !== '';
  let xid = need(ctx, x, channelsFirst(sr + 2), name);
  const shape = semShape(ctx, xid);
  const cin = shape[shape.length - 1];
  let pad = padding(shape.slice(0, sr), k, s, d, attrInts(node, 'pads') ?? k.concat(k).map(() => 0), attrString(node, 'auto_pad', 'NOTSET'));
  let mode: string = pad.mode;
  if (causal) {
    if (sr !== 1 || pad.mode !== 'valid' || pad.extra || causal !== (k[0] - 1) * d[0]) return 'a 1-D Pad that is not the causal padding of this Conv';
    mode = 'causal';
  } else if (pad.extra) {
    if (sr === 1) {
      const [[l, r]] = pad.extra;
      if (r !== 0 || l !== (k[0] - 1) * d[0]) return `explicit 1-D padding ${JSON.stringify(pad.extra[0])} (the catalog has 'same', 'valid' and 'causal')`;
      mode = 'causal';
    } else {
      xid = zeroPad(ctx, xid, pad.extra, name);
      pad = { mode: 'valid' };
    }
  }
  const common = { kernelSize: sz(k), strides: sz(s), padding: mode, dilationRate: sz(d), useBias, activation: 'linear' };
  let id: string;
  if (group === 1) {
    // A bias-free depthwise conv read only by this 1×1 conv: the pair is a SeparableConv2D. (With one
    // input channel the depthwise conv reads as a plain Conv2D: the same thing.)
    const dw = ctx.b.node(xid);
    const dwIn = ctx.b.edges.find((e) => e.target === dw.id);
    const oneChannel = dw.type === 'Conv2D' && dwIn !== undefined && semShape(ctx, dwIn.source).at(-1) === 1;
    const pointwise = sr === 2 && k.every((v) => v === 1) && s.every((v) => v === 1) && mode === 'valid';
    if (pointwise && (dw.type === 'DepthwiseConv2D' || oneChannel) && dw.params.useBias === false && dw.params.activation === 'linear' && soleReader(ctx, x, node.inputs[0]) && (!ctx.own || layerOf.get(ctx.b)?.get(dw.id) === name)) {
      const { kernelSize, strides, padding: p, dilationRate } = dw.params;
      ctx.b.retype(dw.id, 'SeparableConv2D', { filters: w.dims[0], kernelSize, strides, padding: p, dilationRate, depthMultiplier: dw.params.depthMultiplier ?? dw.params.filters, useBias, activation: 'linear' });
      id = dw.id;
    } else {
      id = add(ctx, sr === 1 ? 'Conv1D' : 'Conv2D', { filters: w.dims[0], ...common }, [xid], name);
    }
  } else if (group === cin && w.dims[1] === 1 && sr === 2) {
    id = add(ctx, 'DepthwiseConv2D', { ...common, depthMultiplier: w.dims[0] / cin }, [xid], name);
  } else {
    return `grouped convolution (group ${group} of ${cin} channels) is not in the catalog`;
  }
  out(ctx, node, id, channelsFirst(sr + 2));
  return undefined;
}

function convTranspose(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const w = ctx.g.consts.get(node.inputs[1]);
  if (!w || w.dims.length !== 4) return 'only 2-D ConvTranspose with initializer weights is in the catalog';
  if (attrInt(node, 'group', 1) !== 1) return 'grouped ConvTranspose';
  const k = w.dims.slice(2);
  const s = attrInts(node, 'strides') ?? [1, 1];
  if ((attrInts(node, 'dilations') ?? [1, 1]).some((v) => v !== 1)) return 'dilated ConvTranspose';
  const xid = need(ctx, input(ctx, node), channelsFirst(4), name);
  const hw = semShape(ctx, xid).slice(0, 2);
  const pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const op = attrInts(node, 'output_padding') ?? [0, 0];
  const given = attrInts(node, 'output_shape');
  const size = [0, 1].map((i) => given?.[i] ?? s[i] * (hw[i] - 1) + op[i] + k[i] - pads[i] - pads[i + 2]);
  const same = [0, 1].every((i) => size[i] === hw[i] * s[i]);
  const valid = [0, 1].every((i) => size[i] === hw[i] * s[i] + Math.max(k[i] - s[i], 0));
  if (!same && !valid) return `output size ${size.join('×')} is neither Keras 'same' nor 'valid' for this kernel and stride`;
  const useBias = node.inputs.length > 2 && node.inputs[2] !== '';
  const id = add(ctx, 'Conv2DTranspose', { filters: w.dims[1], kernelSize: sz(k), strides: sz(s), padding: same ? 'same' : 'valid', useBias, activation: 'linear' }, [xid], name);
  out(ctx, node, id, channelsFirst(4));
  return undefined;
}

function pool(ctx: Ctx, node: OnnxNode, name: string, type: 'Max' | 'Average'): string | undefined {
  const k = attrInts(node, 'kernel_shape');
  if (!k || (k.length !== 1 && k.length !== 2)) return 'pooling must be 1-D or 2-D';
  if ((attrInts(node, 'dilations') ?? []).some((v) => v !== 1)) return 'dilated pooling';
  const s = attrInts(node, 'strides') ?? k.map(() => 1);
  let xid = need(ctx, input(ctx, node), channelsFirst(k.length + 2), name);
  const hw = semShape(ctx, xid).slice(0, k.length);
  const pads = attrInts(node, 'pads') ?? k.concat(k).map(() => 0);
  const pad = padding(hw, k, s, k.map(() => 1), pads, attrString(node, 'auto_pad', 'NOTSET'));
  let extra = pad.extra;
  if (attrInt(node, 'ceil_mode', 0) === 1) {
    // ceil_mode: pad the end so that floor arithmetic gives the same size.
    const e = extra ?? k.map(() => [0, 0]);
    for (let i = 0; i < k.length; i++) {
      const len = hw[i] + e[i][0] + e[i][1] - k[i];
      if (len % s[i] !== 0 && pad.mode === 'valid') e[i][1] += s[i] - (len % s[i]);
    }
    if (e.some((p) => p[0] || p[1])) extra = e;
    if (extra !== pad.extra) ctx.warnings.push(`'${name}': ceil_mode pooling imported as end padding + 'valid' pooling (same size)`);
  }
  if (extra) {
    if (k.length === 1) return `explicit 1-D pooling pads ${JSON.stringify(extra[0])}`;
    xid = zeroPad(ctx, xid, extra, name);
    ctx.warnings.push(`'${name}': explicit pooling pads became a ZeroPadding2D (zeros are ${type === 'Max' ? 'not -∞' : 'averaged in'}; same shapes)`);
  }
  const mode = extra ? 'valid' : pad.mode;
  const id = add(ctx, `${type}Pooling${k.length}D`, { poolSize: sz(k), strides: JSON.stringify(s) === JSON.stringify(k) ? null : sz(s), padding: mode }, [xid], name);
  out(ctx, node, id, channelsFirst(k.length + 2));
  return undefined;
}

/** GlobalAveragePool/GlobalMaxPool or a ReduceMean/ReduceMax over every spatial axis. */
function globalPool(ctx: Ctx, node: OnnxNode, name: string, type: 'Average' | 'Max', axes: number[] | 'spatial', keep: boolean): string | undefined {
  const x = input(ctx, node);
  const r = x.view.length;
  const sem = withoutUnits(x.view);
  if (sem.length !== r || (r !== 3 && r !== 4)) return 'global pooling of a rank-3 or rank-4 tensor only';
  const spatialOnnx = axes === 'spatial' ? Array.from({ length: r - 2 }, (_, i) => i + 2) : axes.map((a) => (a < 0 ? a + r : a));
  const semAxes = spatialOnnx.map((a) => x.view[a]).sort();
  if (JSON.stringify(semAxes) !== JSON.stringify(Array.from({ length: r - 2 }, (_, i) => i + 1))) return `reduction over axes ${JSON.stringify(axes)} is not a global pooling of the spatial axes`;
  const id = add(ctx, `Global${type}Pooling${r - 2}D`, {}, [x.id], name);
  // Output [N, C] (+ unit axes where keepdims left the spatial axes).
  const chanOnnx = x.view.indexOf(r - 1);
  const view = keep ? x.view.map((a, i) => (i === 0 ? 0 : i === chanOnnx ? 1 : -1)) : [0, 1];
  out(ctx, node, id, view);
  return undefined;
}

function dense(ctx: Ctx, node: OnnxNode, name: string, units: number, useBias: boolean): string | undefined {
  const x = input(ctx, node);
  const r = withoutUnits(x.view).length;
  const xid = need(ctx, x, identity(r), name);
  out(ctx, node, add(ctx, 'Dense', { units, useBias, activation: 'linear' }, [xid], name), identity(r));
  return undefined;
}

function constOperand(ctx: Ctx, node: OnnxNode): number {
  return node.inputs.findIndex((t) => ctx.g.consts.has(t));
}

function merge(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const ci = constOperand(ctx, node);
  if (ci >= 0) {
    // MatMul + Add(bias) → Dense with a bias.
    const x = input(ctx, node, 1 - ci);
    const n = ctx.b.node(x.id);
    const c = ctx.g.consts.get(node.inputs[ci])!;
    const bias = c.dims.filter((dd) => dd !== 1);
    if (node.op === 'Add' && n.type === 'Dense' && n.params.useBias === false && n.params.activation === 'linear' && bias.length === 1 && bias[0] === n.params.units && soleReader(ctx, x, node.inputs[1 - ci])) {
      ctx.b.update(x.id, { ...n.params, useBias: true });
      out(ctx, node, x.id, x.view);
      return undefined;
    }
    return `${node.op} with a constant operand (only a Dense bias is foldable)`;
  }
  const type = MERGES[node.op];
  const first = input(ctx, node);
  if (node.op === 'Sub' && node.inputs.length !== 2) return 'Sub needs 2 inputs';
  const ids = node.inputs.map((_, i) => need(ctx, input(ctx, node, i), first.view, name));
  if (ids.length === 1) {
    out(ctx, node, ids[0], first.view);
    return undefined;
  }
  out(ctx, node, add(ctx, type, {}, ids, name), first.view);
  return undefined;
}

function axisOf(x: Rec, onnxAxis: number, rank: number): number {
  const sem = x.view[onnxAxis < 0 ? onnxAxis + x.view.length : onnxAxis];
  return sem === rank - 1 ? -1 : sem;
}

function reshape(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const x = input(ctx, node);
  const target = ctx.g.consts.get(node.inputs[1])?.values;
  if (!target) return 'a shape that is not a constant';
  const dims = onnxDims(x.view, semShape(ctx, x.id));
  const resolved = target.map((t, i) => (t === 0 ? dims[i] : t));
  const real = dims.filter((dd, i) => i > 0 && x.view[i] !== -1);
  // Reshape that only drops/adds unit axes (keepdims pooling → [N, C]) is a view change; in our own
  // files every Reshape is a Reshape layer.
  const nonUnit = resolved.slice(1).filter((dd) => dd !== 1);
  if (!ctx.own && resolved[0] !== -1 && !resolved.slice(1).includes(-1) && JSON.stringify(nonUnit) === JSON.stringify(real.filter((dd) => dd !== 1)) && withoutUnits(x.view).every((a, i, v) => i === 0 || a > v[i - 1])) {
    let next = 1;
    const semRank = withoutUnits(x.view).length;
    if (semShape(ctx, x.id).every((dd) => dd !== 1)) {
      const view = resolved.map((dd, i) => (i === 0 ? 0 : dd === 1 ? -1 : next++));
      if (next === semRank) {
        out(ctx, node, x.id, view);
        return undefined;
      }
    }
  }
  const channelsFirstIn = x.view.length > 2 && sameView(x.view, channelsFirst(x.view.length));
  if (channelsFirstIn) ctx.warnings.push(`'${name}': Reshape of a channels-first tensor imported as a reshape of the NHWC tensor (same shapes; element order differs)`);
  const src = channelsFirstIn ? x.id : need(ctx, x, identity(withoutUnits(x.view).length), name);
  const id = add(ctx, 'Reshape', { targetShape: resolved.slice(1) }, [src], name);
  out(ctx, node, id, identity(resolved.length));
  return undefined;
}

function flatten(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  if (attrInt(node, 'axis', 1) !== 1) return 'Flatten on an axis other than 1';
  const x = input(ctx, node);
  const real = withoutUnits(x.view);
  if (real.length <= 2) {
    // [N, C, 1, 1] → [N, C]: the pooled vector itself. Our exporter also emits rank-2 Flatten for a Keras Flatten.
    if (real.length === 2 && x.view.length > 2) {
      out(ctx, node, x.id, [0, 1]);
      return undefined;
    }
  }
  let xid = x.id;
  if (sameView(x.view, channelsFirst(x.view.length)) && x.view.length > 2) {
    ctx.warnings.push(`'${name}': Flatten of a channels-first tensor imported as Netwright's NHWC Flatten (same shapes; element order differs, which matters only when carrying weights)`);
  } else if (!x.view.includes(-1)) xid = need(ctx, x, identity(x.view.length), name);
  out(ctx, node, add(ctx, 'Flatten', {}, [xid], name), [0, 1]);
  return undefined;
}

/** Ops that read a rank-3 tensor channels-first or time-major: a Transpose feeding them is a layout change. */
const LAYOUT_READERS = new Set(['Conv', 'MaxPool', 'AveragePool', 'BatchNormalization', 'Transpose', 'RNN', 'LSTM', 'GRU']);

function isLayoutView(view: View): boolean {
  const r = view.length;
  if (view.includes(-1)) return true;
  return sameView(view, identity(r)) || sameView(view, channelsFirst(r)) || (r === 3 && sameView(view, [1, 0, 2]));
}

/**
 * A Transpose only changes how the tensor is read, unless it is a real permutation (a Permute layer):
 * a view no layout explains, or a rank-3 swap read by something other than a conv/pool/BN/RNN.
 */
function transpose(ctx: Ctx, node: OnnxNode, name: string): undefined {
  const x = input(ctx, node, 0, true);
  const perm = attrInts(node, 'perm') ?? x.view.map((_, i) => x.view.length - 1 - i);
  const rec = { ...x, view: perm.map((p) => x.view[p]) };
  const readers = ctx.live.filter((c) => c.inputs.includes(node.outputs[0]));
  const layout = isLayoutView(rec.view) && (rec.view.length !== 3 || sameView(rec.view, identity(3)) || readers.every((c) => LAYOUT_READERS.has(c.op)));
  if (layout || x.causal !== undefined) {
    ctx.recs.set(node.outputs[0], rec);
    return undefined;
  }
  const r = rec.view.length;
  const target = r === 4 ? channelsFirst(4) : identity(r);
  out(ctx, node, need(ctx, rec, target, name, true), target);
  return undefined;
}

function squeeze(ctx: Ctx, node: OnnxNode, unsqueeze: boolean): string | undefined {
  const x = input(ctx, node);
  const axes = ctx.g.consts.get(node.inputs[1])?.values ?? attrInts(node, 'axes');
  if (!axes) return `${node.op} without constant axes`;
  if (unsqueeze) {
    const r = x.view.length + axes.length;
    const norm = axes.map((a) => (a < 0 ? a + r : a));
    const view: View = [];
    let j = 0;
    for (let i = 0; i < r; i++) view.push(norm.includes(i) ? -1 : x.view[j++]);
    out(ctx, node, x.id, view);
    return undefined;
  }
  const norm = axes.map((a) => (a < 0 ? a + x.view.length : a));
  if (norm.some((a) => x.view[a] !== -1)) return 'Squeeze of an axis the graph tensor has (size 1 by chance)';
  out(ctx, node, x.id, x.view.filter((_, i) => !norm.includes(i)));
  return undefined;
}

function pad(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const x = input(ctx, node);
  if (attrString(node, 'mode', 'constant') !== 'constant') return `Pad mode '${attrString(node, 'mode', '')}'`;
  const value = node.inputs[2] ? scalarOf(ctx.g, node.inputs[2]) : 0;
  if (value !== 0 && value !== undefined) return 'Pad with a non-zero value';
  const p = ctx.g.consts.get(node.inputs[1])?.values;
  if (!p) return 'pads that are not a constant';
  const r = x.view.length;
  const edges = new Map<number, number[]>();
  for (let i = 0; i < r; i++) if (p[i] || p[i + r]) edges.set(x.view[i], [p[i], p[i + r]]);
  if (r === 3 && edges.size === 1 && edges.get(1)?.[1] === 0) {
    // Left pad of the time axis: our causal Conv1D. Resolved by the Conv that reads it.
    ctx.recs.set(node.outputs[0], { ...x, causal: edges.get(1)![0] });
    return undefined;
  }
  if (r !== 4 || [...edges.keys()].some((a) => a !== 1 && a !== 2)) return 'padding other than the spatial axes of a feature map';
  const e = [edges.get(1) ?? [0, 0], edges.get(2) ?? [0, 0]];
  const id = add(ctx, 'ZeroPadding2D', { padding: e[0][0] === e[0][1] && e[1][0] === e[1][1] ? (e[0][0] === e[1][0] ? e[0][0] : [e[0][0], e[1][0]]) : e }, [x.id], name);
  out(ctx, node, id, x.view);
  return undefined;
}

function resize(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const x = input(ctx, node);
  const xid = need(ctx, x, channelsFirst(4), name);
  const hw = semShape(ctx, xid);
  const scales = ctx.g.consts.get(node.inputs[2] ?? '')?.values;
  const sizes = ctx.g.consts.get(node.inputs[3] ?? '')?.values;
  let f: number[];
  if (scales && scales.length === 4) f = [scales[2], scales[3]];
  else if (sizes && sizes.length === 4) f = [sizes[2] / hw[0], sizes[3] / hw[1]];
  else return 'Resize without constant scales or sizes';
  if (f.some((v) => !Number.isInteger(v) || v < 1)) return `non-integer resize factors ${f.join('×')}`;
  const mode = attrString(node, 'mode', 'nearest');
  if (mode !== 'nearest' && mode !== 'linear') return `Resize mode '${mode}'`;
  if (mode === 'linear' && attrString(node, 'coordinate_transformation_mode', 'half_pixel') !== 'asymmetric') ctx.warnings.push(`'${name}': bilinear Resize with ${attrString(node, 'coordinate_transformation_mode', 'half_pixel')} coordinates imported as UpSampling2D bilinear (TF.js: asymmetric)`);
  const id = add(ctx, 'UpSampling2D', { size: sz(f), interpolation: mode === 'linear' ? 'bilinear' : 'nearest' }, [xid], name);
  out(ctx, node, id, channelsFirst(4));
  return undefined;
}

function slice(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const x = input(ctx, node);
  const v = (i: number) => ctx.g.consts.get(node.inputs[i] ?? '')?.values;
  const starts = v(1);
  const ends = v(2);
  const axes = v(3) ?? starts?.map((_, i) => i);
  if (!starts || !ends || !axes || (v(4) ?? []).some((st) => st !== 1)) return 'Slice without constant starts/ends or with steps';
  if (x.view.length !== 4 || x.view.includes(-1)) return 'Slice of something other than a feature map';
  const shape = semShape(ctx, x.id);
  const crop = [[0, 0], [0, 0]];
  for (const [i, a] of axes.entries()) {
    const sem = x.view[a < 0 ? a + 4 : a];
    if (sem !== 1 && sem !== 2) return 'Slice of an axis other than height or width';
    const n = shape[sem - 1];
    const st = Math.min(starts[i] < 0 ? starts[i] + n : starts[i], n);
    const en = Math.min(ends[i] < 0 ? ends[i] + n : ends[i], n);
    crop[sem - 1] = [st, n - en];
  }
  out(ctx, node, add(ctx, 'Cropping2D', { cropping: crop }, [x.id], name), x.view);
  return undefined;
}

const RNN_ACTS: Record<string, string> = { Tanh: 'tanh', Sigmoid: 'sigmoid', Relu: 'relu' };

function recurrent(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const w = ctx.g.consts.get(node.inputs[1]);
  if (!w) return 'weights that are not an initializer';
  if (attrString(node, 'direction', 'forward') !== 'forward') return `${attrString(node, 'direction', '')} ${node.op} (only forward layers are in the catalog)`;
  if (node.inputs[4] || node.inputs.slice(5).some((t) => t && !ctx.g.isZeroState(t))) return `${node.op} with sequence lengths or non-zero initial states`;
  const x = input(ctx, node);
  const batchFirst = attrInt(node, 'layout', 0) === 1;
  const xid = need(ctx, x, batchFirst ? [0, 1, 2] : [1, 0, 2], name);
  const names = attrStrings(node, 'activations') ?? [];
  const acts = names.map((a) => RNN_ACTS[a]);
  if (acts.some((a) => !a)) return `activations ${names.join(', ')} (the catalog has tanh, sigmoid, relu)`;
  const units = attrInt(node, 'hidden_size', w.dims[1] / ({ RNN: 1, GRU: 3, LSTM: 4 }[node.op] ?? 1));
  const useBias = !!node.inputs[3];
  const uses = node.outputs.map((o) => !!o && ctx.g.useCount(o) > 0);
  if (uses[2]) return 'the LSTM cell state output is used';
  if (uses[0] && uses[1]) return 'both the sequence and the last state are used';
  const params: Record<string, unknown> = { units, useBias, returnSequences: uses[0] };
  if (node.op === 'RNN') params.activation = acts[0] ?? 'tanh';
  else {
    params.recurrentActivation = acts[0] ?? 'sigmoid';
    params.activation = acts[1] ?? 'tanh';
    if (node.op === 'GRU') params.resetAfter = attrInt(node, 'linear_before_reset', 0) === 1;
  }
  if (!ctx.own && useBias) ctx.warnings.push(`'${name}': ${node.op} has input and recurrent biases; the catalog (Keras) has one bias per gate, so its parameter count is lower by ${(w.dims[1])}`);
  const id = add(ctx, node.op === 'RNN' ? 'SimpleRNN' : node.op, params, [xid], name);
  // Y: [T, dirs, N, H] (batch-first layout: [N, T, dirs, H]); Y_h: [dirs, N, H].
  out(ctx, node, id, batchFirst ? [0, 1, -1, 2] : [1, -1, 0, 2], 0);
  out(ctx, node, id, batchFirst ? [0, -1, 1] : [-1, 0, 1], 1);
  return undefined;
}

/** `seq[:, -1]` of a recurrent layer's sequence output read only there: the layer without returnSequences. */
function lastStep(ctx: Ctx, node: OnnxNode): string | undefined {
  const why = 'Gather that is neither an embedding lookup nor the last step of a recurrent sequence';
  const x = input(ctx, node);
  const idx = ctx.g.consts.get(node.inputs[1]);
  const n = ctx.b.node(x.id);
  const a = attrInt(node, 'axis', 0);
  const axis = a < 0 ? a + x.view.length : a;
  if (!idx || idx.dims.length !== 0 || !['SimpleRNN', 'LSTM', 'GRU'].includes(n.type) || n.params.returnSequences !== true || x.view[axis] !== 1) return why;
  const steps = semShape(ctx, x.id)[0];
  const i = idx.values?.[0];
  if ((i !== -1 && i !== steps - 1) || !soleReader(ctx, x, node.inputs[0])) return why;
  ctx.b.retype(x.id, n.type, { ...n.params, returnSequences: false });
  out(ctx, node, x.id, x.view.filter((_, k) => k !== axis).map((v) => (v > 1 ? v - 1 : v)));
  return undefined;
}

/** Converts one node; returns why not, or undefined. */
export function convertNode(ctx: Ctx, node: OnnxNode, name: string): string | undefined {
  const { g } = ctx;
  if (SIMPLE_ACTS[node.op]) return activation(ctx, node, name, SIMPLE_ACTS[node.op]);
  switch (node.op) {
    case 'Conv':
      return conv(ctx, node, name);
    case 'ConvTranspose':
      return convTranspose(ctx, node, name);
    case 'MaxPool':
      return pool(ctx, node, name, 'Max');
    case 'AveragePool':
      if (attrInt(node, 'count_include_pad', 0) === 1 && (attrInts(node, 'pads') ?? []).some((p) => p)) ctx.warnings.push(`'${name}': average pooling counts the padding (imported via ZeroPadding2D, which does the same)`);
      return pool(ctx, node, name, 'Average');
    case 'GlobalAveragePool':
      return globalPool(ctx, node, name, 'Average', 'spatial', true);
    case 'GlobalMaxPool':
      return globalPool(ctx, node, name, 'Max', 'spatial', true);
    case 'ReduceMean':
    case 'ReduceMax': {
      const axes = attrInts(node, 'axes') ?? g.consts.get(node.inputs[1] ?? '')?.values;
      if (!axes) return `${node.op} without axes`;
      return globalPool(ctx, node, name, node.op === 'ReduceMean' ? 'Average' : 'Max', axes, attrInt(node, 'keepdims', 1) === 1);
    }
    case 'Gemm': {
      const w = g.consts.get(node.inputs[1]);
      if (!w || w.dims.length !== 2) return 'Gemm with non-constant weights';
      if (attrInt(node, 'transA', 0) !== 0 || attrFloat(node, 'alpha', 1) !== 1 || attrFloat(node, 'beta', 1) !== 1) return 'Gemm with transA or alpha/beta ≠ 1';
      return dense(ctx, node, name, attrInt(node, 'transB', 0) ? w.dims[0] : w.dims[1], node.inputs.length > 2 && !!node.inputs[2]);
    }
    case 'MatMul': {
      const w = g.consts.get(node.inputs[1]);
      if (!w || w.dims.length !== 2) return 'MatMul of two computed tensors (only x·W with a constant W is a Dense layer)';
      return dense(ctx, node, name, w.dims[1], false);
    }
    case 'Add':
    case 'Sum':
    case 'Sub':
    case 'Mul':
    case 'Max':
    case 'Min':
    case 'Mean':
      return merge(ctx, node, name);
    case 'Concat': {
      const first = input(ctx, node);
      const ids = node.inputs.map((_, i) => need(ctx, input(ctx, node, i), first.view, name));
      const r = withoutUnits(first.view).length;
      out(ctx, node, add(ctx, 'Concatenate', { axis: axisOf(first, attrInt(node, 'axis', 1), r) }, ids, name), first.view);
      return undefined;
    }
    case 'Softmax': {
      const x = input(ctx, node);
      const axis = axisOf(x, attrInt(node, 'axis', -1), withoutUnits(x.view).length);
      if (axis === -1) return activation(ctx, node, name, 'softmax', { type: 'Softmax', params: { axis: -1 } });
      out(ctx, node, add(ctx, 'Softmax', { axis }, [x.id], name), x.view);
      return undefined;
    }
    case 'LeakyRelu': {
      const alpha = attrFloat(node, 'alpha', 0.01);
      const layer = { type: 'LeakyReLU', params: { alpha } };
      // Our exporter writes a leakyRelu activation as `<layer>__act` LeakyRelu(0.2).
      if (Math.abs(alpha - 0.2) < 1e-6 && (!ctx.own || name.endsWith('__act'))) return activation(ctx, node, name, 'leakyRelu', layer);
      const x = input(ctx, node);
      out(ctx, node, add(ctx, layer.type, layer.params, [x.id], name), x.view);
      return undefined;
    }
    case 'Elu': {
      const alpha = attrFloat(node, 'alpha', 1);
      if (alpha === 1) return activation(ctx, node, name, 'elu');
      const x = input(ctx, node);
      out(ctx, node, add(ctx, 'ELU', { alpha }, [x.id], name), x.view);
      return undefined;
    }
    case 'Clip': {
      const lo = node.inputs[1] ? scalarOf(g, node.inputs[1]) : attrFloat(node, 'min', -Infinity);
      const hi = node.inputs[2] ? scalarOf(g, node.inputs[2]) : attrFloat(node, 'max', Infinity);
      if (lo !== 0 || hi === undefined) return 'Clip with a lower bound ≠ 0 (only ReLU with a maximum is in the catalog)';
      if (hi === 6) return activation(ctx, node, name, 'relu6', { type: 'ReLU', params: { maxValue: 6 } });
      const x = input(ctx, node);
      out(ctx, node, add(ctx, 'ReLU', { maxValue: Number.isFinite(hi) ? hi : null }, [x.id], name), x.view);
      return undefined;
    }
    case 'PRelu': {
      const x = input(ctx, node);
      out(ctx, node, add(ctx, 'PReLU', {}, [x.id], name), x.view);
      const slope = g.consts.get(node.inputs[1]);
      if (slope && slope.dims.reduce((a, d) => a * d, 1) !== semShape(ctx, x.id).reduce((a, d) => a * d, 1)) ctx.warnings.push(`'${name}': PRelu slopes are shared across axes in the file; the catalog's PReLU has one per element (more parameters)`);
      return undefined;
    }
    case 'BatchNormalization': {
      const x = input(ctx, node);
      const r = withoutUnits(x.view).length;
      const xid = need(ctx, x, channelsFirst(r), name);
      out(ctx, node, add(ctx, 'BatchNormalization', { axis: -1, epsilon: attrFloat(node, 'epsilon', 1e-5), momentum: attrFloat(node, 'momentum', 0.9) }, [xid], name), channelsFirst(r));
      return undefined;
    }
    case 'LRN': {
      const size = attrInt(node, 'size', 5);
      const xid = need(ctx, input(ctx, node), channelsFirst(4), name);
      const params = { depthRadius: (size - 1) / 2, alpha: attrFloat(node, 'alpha', 1e-4) / size, beta: attrFloat(node, 'beta', 0.75), bias: attrFloat(node, 'bias', 1) };
      if (size % 2 === 0) return `LRN with an even size ${size}`;
      out(ctx, node, add(ctx, 'LRN', params, [xid], name), channelsFirst(4));
      return undefined;
    }
    case 'Dropout': {
      const x = input(ctx, node);
      const rate = node.inputs[1] ? scalarOf(g, node.inputs[1]) ?? 0.5 : attrFloat(node, 'ratio', 0.5);
      out(ctx, node, add(ctx, 'Dropout', { rate }, [x.id], name), x.view);
      return undefined;
    }
    case 'Identity':
    case 'Cast':
      out(ctx, node, input(ctx, node).id, input(ctx, node).view);
      return undefined;
    case 'Flatten':
      return flatten(ctx, node, name);
    case 'Reshape':
      return reshape(ctx, node, name);
    case 'Transpose':
      return transpose(ctx, node, name);
    case 'Squeeze':
    case 'Unsqueeze':
      return squeeze(ctx, node, node.op === 'Unsqueeze');
    case 'Pad':
      return pad(ctx, node, name);
    case 'Resize':
    case 'Upsample':
      return resize(ctx, node, name);
    case 'Slice':
      return slice(ctx, node, name);
    case 'Gather': {
      if (!g.consts.has(node.inputs[0])) return lastStep(ctx, node);
      const w = g.consts.get(node.inputs[0]);
      if (!w || w.dims.length !== 2 || attrInt(node, 'axis', 0) !== 0) return 'Gather that is not an embedding lookup (constant [vocabulary, dim] table, axis 0)';
      const x = input(ctx, node, 1);
      out(ctx, node, add(ctx, 'Embedding', { inputDim: w.dims[0], outputDim: w.dims[1] }, [x.id], name), identity(x.view.length + 1));
      return undefined;
    }
    case 'RNN':
    case 'LSTM':
    case 'GRU':
      return recurrent(ctx, node, name);
    case 'nw.LayerNorm':
    case 'LayerNormalization': {
      const x = input(ctx, node);
      const r = x.view.length;
      if (x.view.includes(-1)) return 'layer normalisation of a tensor with unit axes';
      const onnxAxes = node.op === 'LayerNormalization' ? Array.from({ length: r - ((attrInt(node, 'axis', -1) + r) % r) }, (_, i) => r - 1 - i) : (attrInts(node, 'axes') ?? []);
      const sem = onnxAxes.map((a) => x.view[a < 0 ? a + r : a]).sort((p, q) => p - q);
      if (sem.includes(0)) return 'normalisation over the batch axis';
      const axis = sem.length === 1 && sem[0] === r - 1 ? -1 : sem;
      const center = node.op === 'LayerNormalization' ? node.inputs.length > 2 && !!node.inputs[2] : attrInt(node, 'center', 1) === 1;
      const scale = node.op === 'LayerNormalization' ? true : attrInt(node, 'scale', 1) === 1;
      if (center !== scale) ctx.warnings.push(`'${name}': layer normalisation with only one of γ/β`);
      out(ctx, node, add(ctx, 'LayerNormalization', { axis, epsilon: attrFloat(node, 'epsilon', 1e-5), center, scale }, [x.id], name), x.view);
      return undefined;
    }
    case 'Expand': {
      // Unsqueeze(axis 1) + Expand([1, n, 1]): RepeatVector.
      const x = input(ctx, node);
      const shape = g.consts.get(node.inputs[1])?.values;
      if (!shape || x.view.length !== 3 || x.view[1] !== -1 || shape.length !== 3 || shape[0] !== 1 || shape[2] !== 1) return 'Expand other than repeating a vector along a new axis 1';
      const xid = need(ctx, { id: x.id, view: [x.view[0], x.view[2]] }, [0, 1], name);
      out(ctx, node, add(ctx, 'RepeatVector', { n: shape[1] }, [xid], name), [0, 1, 2]);
      return undefined;
    }
    default: {
      const reason = `ONNX op ${node.op} has no Netwright layer`;
      if (ELEMENTWISE.has(node.op) && ctx.recs.has(node.inputs[0])) {
        // Same shape in and out: consumers read the input, so the rest of the graph survives.
        ctx.recs.set(node.outputs[0], ctx.recs.get(node.inputs[0])!);
        ctx.warnings.push(`left out '${name}' (${node.op}): its consumers read its input instead`);
      }
      return reason;
    }
  }
}
