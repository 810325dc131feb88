/**
 * The decoded ONNX graph as the importer reads it: nodes with typed attribute access, constants
 * (initializers and Constant nodes: dims always, values for small tensors), consumer counts, and the
 * fusion of multi-op patterns (gelu, swish) into single pseudo-ops before layers are rebuilt.
 */
import { decodeModelView } from '../export/onnx/proto';
import { ImportError } from './types';

type Obj = Record<string, unknown>;

export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Map<string, Obj>;
}

export interface Const {
  dims: number[];
  /** Values of tensors up to MAX_VALUES elements (float, double and integer types); undefined otherwise. */
  values?: number[];
}

const MAX_VALUES = 4096;
const DT = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

/** Values of a TensorProto, when small enough to matter (shapes, pads, scales, clip bounds). */
function tensorValues(t: Obj): number[] | undefined {
  const dims = ((t.dims as number[] | undefined) ?? []).map(Number);
  const n = dims.reduce((a, d) => a * d, 1);
  if (n > MAX_VALUES) return undefined;
  const raw = t.raw_data as Uint8Array | undefined;
  const type = Number(t.data_type ?? 0);
  if (raw && raw.length) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      if (type === DT.FLOAT) out.push(shortFloat32(view.getFloat32(i * 4, true)));
      else if (type === DT.DOUBLE) out.push(view.getFloat64(i * 8, true));
      else if (type === DT.INT64) out.push(Number(view.getBigInt64(i * 8, true)));
      else if (type === DT.INT32) out.push(view.getInt32(i * 4, true));
      else if (type === DT.UINT8) out.push(view.getUint8(i));
      else if (type === DT.INT8) out.push(view.getInt8(i));
      else return undefined;
    }
    return out;
  }
  for (const k of ['float_data', 'int64_data', 'int32_data', 'double_data']) {
    const v = t[k] as number[] | undefined;
    if (v && v.length) return v.map(Number);
  }
  return n === 0 ? [] : undefined;
}

const numel = (dims: number[]) => dims.reduce((a, d) => a * d, 1);

/**
 * Evaluates one node whose inputs are all constants, as far as the importer needs: dims always, values
 * when small. Undefined for ops it does not evaluate (the node then stays in the graph).
 */
function foldConstant(n: OnnxNode, get: (t: string) => Const | undefined): Const | undefined {
  const ins = n.inputs.map((t) => (t ? get(t) : undefined));
  const x = ins[0]!;
  const ints = (c: Const | undefined) => c?.values;
  const small = (dims: number[], values: number[] | undefined): Const => ({ dims, values: values && numel(dims) <= MAX_VALUES ? values : undefined });
  const elementwise = (f: (a: number, b: number) => number): Const | undefined => {
    const [a, b] = ins;
    if (!a?.values || !b?.values || n.inputs.length !== 2) return undefined;
    const big = a.values.length >= b.values.length ? a : b;
    const av = a.values;
    const bv = b.values;
    if (av.length !== bv.length && av.length !== 1 && bv.length !== 1) return undefined;
    return small(big.dims, big.values!.map((_, i) => f(av[av.length === 1 ? 0 : i], bv[bv.length === 1 ? 0 : i])));
  };
  switch (n.op) {
    case 'Identity':
    case 'Cast':
      return x;
    case 'Shape':
      return { dims: [x.dims.length], values: x.dims };
    case 'Unsqueeze': {
      const axes = ints(ins[1]) ?? attrInts(n, 'axes');
      if (!axes) return undefined;
      const r = x.dims.length + axes.length;
      const norm = axes.map((a) => (a < 0 ? a + r : a));
      const dims: number[] = [];
      let j = 0;
      for (let i = 0; i < r; i++) dims.push(norm.includes(i) ? 1 : x.dims[j++]);
      return small(dims, x.values);
    }
    case 'Squeeze': {
      const axes = (ints(ins[1]) ?? attrInts(n, 'axes') ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => (a < 0 ? a + x.dims.length : a));
      return small(x.dims.filter((_, i) => !axes.includes(i)), x.values);
    }
    case 'Reshape': {
      const shape = ints(ins[1]);
      if (!shape) return undefined;
      const dims = shape.map((d, i) => (d === 0 ? x.dims[i] : d));
      const known = dims.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
      return small(dims.map((d) => (d === -1 ? numel(x.dims) / known : d)), x.values);
    }
    case 'Transpose': {
      const perm = attrInts(n, 'perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
      return { dims: perm.map((p) => x.dims[p]), values: x.dims.length <= 1 ? x.values : undefined };
    }
    case 'Concat': {
      const axis = attrInt(n, 'axis', 0);
      const a = axis < 0 ? axis + x.dims.length : axis;
      const dims = [...x.dims];
      dims[a] = ins.reduce((s, c) => s + (c?.dims[a] ?? 0), 0);
      const values = x.dims.length === 1 && ins.every((c) => c?.values) ? ins.flatMap((c) => c!.values!) : undefined;
      return small(dims, values);
    }
    case 'Slice': {
      const [starts, ends] = [ints(ins[1]), ints(ins[2])];
      const axes = ints(ins[3]) ?? starts?.map((_, i) => i);
      const steps = ints(ins[4]) ?? starts?.map(() => 1);
      if (!starts || !ends || !axes || !steps || steps.some((st) => st !== 1)) return undefined;
      const dims = [...x.dims];
      const range: [number, number][] = x.dims.map((d) => [0, d]);
      axes.forEach((ax, i) => {
        const a = ax < 0 ? ax + dims.length : ax;
        const clamp = (v: number) => Math.max(0, Math.min(v < 0 ? v + x.dims[a] : v, x.dims[a]));
        range[a] = [clamp(starts[i]), clamp(ends[i])];
        dims[a] = Math.max(0, range[a][1] - range[a][0]);
      });
      return small(dims, x.dims.length === 1 && x.values ? x.values.slice(range[0][0], range[0][1]) : undefined);
    }
    case 'Gather': {
      const idx = ints(ins[1]);
      if (attrInt(n, 'axis', 0) !== 0 || x.dims.length !== 1 || !x.values || !idx) return undefined;
      return small(ins[1]!.dims, idx.map((i) => x.values![i < 0 ? i + x.values!.length : i]));
    }
    case 'ConstantOfShape': {
      const shape = ints(x);
      if (!shape) return undefined;
      const v = tensorValues((n.attrs.get('value')?.t as Obj | undefined) ?? {})?.[0] ?? 0;
      return small(shape, new Array<number>(numel(shape)).fill(v));
    }
    case 'Add':
      return elementwise((a, b) => a + b);
    case 'Sub':
      return elementwise((a, b) => a - b);
    case 'Mul':
      return elementwise((a, b) => a * b);
    case 'Div':
      return elementwise((a, b) => (Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b));
    default:
      return undefined;
  }
}

export class OnnxGraph {
  readonly nodes: OnnxNode[];
  readonly consts = new Map<string, Const>();
  readonly inputs: { name: string; dims: (number | string | null)[] }[] = [];
  readonly outputs: string[];
  readonly producer: string;
  readonly opset: number;
  private readonly uses = new Map<string, number>();

  constructor(bytes: Uint8Array, file: string) {
    let m: Obj;
    try {
      m = decodeModelView(bytes);
    } catch (err) {
      throw new ImportError(`${file} is not a valid ONNX model (protobuf decoding failed: ${err instanceof Error ? err.message : String(err)})`);
    }
    const g = m.graph as Obj | undefined;
    if (!g || !Array.isArray(g.node)) throw new ImportError(`${file} is not a valid ONNX model (no graph)`);
    this.producer = String(m.producer_name ?? '');
    const opsets = (m.opset_import as Obj[] | undefined) ?? [];
    this.opset = Number(opsets.find((o) => !o.domain)?.version ?? 0);
    for (const t of (g.initializer as Obj[] | undefined) ?? []) this.consts.set(String(t.name), { dims: ((t.dims as number[]) ?? []).map(Number), values: tensorValues(t) });
    this.nodes = [];
    for (const n of g.node as Obj[]) {
      const attrs = new Map(((n.attribute as Obj[] | undefined) ?? []).map((a) => [String(a.name), a]));
      const node: OnnxNode = { op: String(n.op_type), name: String(n.name ?? ''), inputs: ((n.input as string[]) ?? []).map(String), outputs: ((n.output as string[]) ?? []).map(String), attrs };
      if (node.op === 'Constant' && !n.domain) {
        const t = attrs.get('value')?.t as Obj | undefined;
        if (t) {
          this.consts.set(node.outputs[0], { dims: ((t.dims as number[]) ?? []).map(Number), values: tensorValues(t) });
          continue;
        }
      }
      // Identity of an initializer (torch shares weights this way) is that initializer.
      const src = node.op === 'Identity' ? this.consts.get(node.inputs[0]) : undefined;
      if (src) {
        this.consts.set(node.outputs[0], src);
        continue;
      }
      if (n.domain && n.domain !== 'ai.onnx') node.op = `${String(n.domain)}.${node.op}`;
      // Shape arithmetic on constants (exporters that do not fold constants write plenty): evaluated here.
      const folded = node.inputs.some((t) => t) && node.inputs.every((t) => !t || this.consts.has(t)) ? foldConstant(node, (t) => this.consts.get(t)) : undefined;
      if (folded) {
        this.consts.set(node.outputs[0], folded);
        continue;
      }
      this.nodes.push(node);
      for (const i of node.inputs) if (i) this.uses.set(i, (this.uses.get(i) ?? 0) + 1);
    }
    for (const i of (g.input as Obj[] | undefined) ?? []) {
      const name = String(i.name);
      if (this.consts.has(name)) continue; // old exporters list initializers as inputs too
      const dims = ((((i.type as Obj | undefined)?.tensor_type as Obj | undefined)?.shape as Obj | undefined)?.dim as Obj[] | undefined) ?? [];
      this.inputs.push({ name, dims: dims.map((d) => (d.dim_value != null ? Number(d.dim_value) : d.dim_param != null ? String(d.dim_param) : null)) });
    }
    this.outputs = ((g.output as Obj[] | undefined) ?? []).map((o) => String(o.name));
    for (const o of this.outputs) this.uses.set(o, (this.uses.get(o) ?? 0) + 1);
  }

  /** The node writing tensor `name` (undefined for inputs and constants). */
  producerOf(name: string): OnnxNode | undefined {
    return this.nodes.find((n) => n.outputs.includes(name));
  }

  /** An RNN initial state that is all zeros (PyTorch writes Expand(zeros, [dirs, batch, hidden])). */
  isZeroState(name: string): boolean {
    const c = this.consts.get(name);
    if (c) return c.values !== undefined && c.values.every((v) => v === 0);
    const p = this.producerOf(name);
    if (p?.op === 'Expand') return this.isZeroState(p.inputs[0]);
    if (p?.op === 'ConstantOfShape') return Number(tensorValues((p.attrs.get('value')?.t as Obj | undefined) ?? {})?.[0] ?? 0) === 0;
    return false;
  }

  /**
   * Nodes that contribute to a graph output, in file order; RNN initial states that are zeros do not
   * count (the catalog's RNNs start from zeros), so the shape arithmetic building them is skipped.
   */
  live(nodes: OnnxNode[]): OnnxNode[] {
    const producer = new Map<string, OnnxNode>();
    for (const n of nodes) for (const o of n.outputs) producer.set(o, n);
    const keep = new Set<OnnxNode>();
    const stack = this.outputs.map((o) => producer.get(o)).filter((n): n is OnnxNode => !!n);
    while (stack.length) {
      const n = stack.pop()!;
      if (keep.has(n)) continue;
      keep.add(n);
      n.inputs.forEach((t, i) => {
        if (!t || (['RNN', 'LSTM', 'GRU'].includes(n.op) && i >= 5 && this.isZeroState(t))) return;
        const p = producer.get(t);
        if (p) stack.push(p);
      });
    }
    return nodes.filter((n) => keep.has(n));
  }

  /** How many node inputs (and graph outputs) read tensor `name`. */
  useCount(name: string): number {
    return this.uses.get(name) ?? 0;
  }
}

export function attrInt(n: OnnxNode, key: string, d: number): number {
  const a = n.attrs.get(key);
  return a && a.i != null ? Number(a.i) : d;
}

/** The shortest decimal that is the same float32 (ONNX float attributes: 0.001, not 0.0010000000474974513). */
export function shortFloat32(v: number): number {
  for (let p = 1; p <= 9; p++) {
    const c = Number(v.toPrecision(p));
    if (Math.fround(c) === Math.fround(v)) return c;
  }
  return v;
}

export function attrFloat(n: OnnxNode, key: string, d: number): number {
  const a = n.attrs.get(key);
  return a && a.f != null ? shortFloat32(Number(a.f)) : d;
}

export function attrInts(n: OnnxNode, key: string): number[] | undefined {
  const a = n.attrs.get(key);
  return a && Array.isArray(a.ints) ? (a.ints as unknown[]).map(Number) : undefined;
}

export function attrString(n: OnnxNode, key: string, d: string): string {
  const a = n.attrs.get(key);
  return a && a.s != null ? new TextDecoder().decode(a.s as Uint8Array) : d;
}

export function attrStrings(n: OnnxNode, key: string): string[] | undefined {
  const a = n.attrs.get(key);
  return a && Array.isArray(a.strings) ? (a.strings as Uint8Array[]).map((s) => new TextDecoder().decode(s)) : undefined;
}

/** A scalar constant's value (shape [] or [1]), else undefined. */
export function scalarOf(g: OnnxGraph, name: string): number | undefined {
  const c = g.consts.get(name);
  return c?.values && c.values.length === 1 ? c.values[0] : undefined;
}

const near = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) < 1e-4 * Math.max(1, Math.abs(b));

/**
 * Rewrites multi-op activations into pseudo-ops, keeping the last node's name:
 * gelu `x/√2 (or x·(1/√2)) → Erf → +1 → ·x → ·0.5` → `nw.Gelu(x)`; swish `x·Sigmoid(x)` → `nw.Swish(x)`.
 * Only when the intermediate tensors are used by the pattern alone.
 */
export function fusePatterns(g: OnnxGraph): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  const only = (t: string) => g.useCount(t) === 1;
  const other = (n: OnnxNode, t: string) => (n.inputs[0] === t ? n.inputs[1] : n.inputs[0]);
  const drop = new Set<OnnxNode>();
  const replace = new Map<OnnxNode, OnnxNode>();
  for (const last of g.nodes) {
    if (last.op !== 'Mul' || last.inputs.length !== 2) continue;
    // swish: Mul(x, Sigmoid(x))
    for (const [a, b] of [[0, 1], [1, 0]]) {
      const sig = producer.get(last.inputs[b]);
      if (sig?.op === 'Sigmoid' && sig.inputs[0] === last.inputs[a] && only(sig.outputs[0])) {
        drop.add(sig);
        replace.set(last, { op: 'nw.Swish', name: last.name, inputs: [last.inputs[a]], outputs: last.outputs, attrs: new Map() });
      }
    }
    if (replace.has(last)) continue;
    // gelu: Mul(Mul(x, 1 + Erf(x / √2)), 0.5)
    const halfIdx = [0, 1].find((i) => near(scalarOf(g, last.inputs[i]), 0.5));
    if (halfIdx === undefined) continue;
    const mul = producer.get(last.inputs[1 - halfIdx]);
    if (mul?.op !== 'Mul' || !only(mul.outputs[0])) continue;
    for (const [xi, ai] of [[0, 1], [1, 0]]) {
      const add = producer.get(mul.inputs[ai]);
      if (add?.op !== 'Add' || !only(add.outputs[0])) continue;
      const oneIdx = [0, 1].find((i) => near(scalarOf(g, add.inputs[i]), 1));
      if (oneIdx === undefined) continue;
      const erf = producer.get(add.inputs[1 - oneIdx]);
      if (erf?.op !== 'Erf' || !only(erf.outputs[0])) continue;
      const div = producer.get(erf.inputs[0]);
      if (!div || !only(div.outputs[0])) continue;
      const x = mul.inputs[xi];
      const scaled = (div.op === 'Div' && div.inputs[0] === x && near(scalarOf(g, div.inputs[1]), Math.SQRT2)) || (div.op === 'Mul' && other(div, x) !== undefined && div.inputs.includes(x) && near(scalarOf(g, other(div, x)), Math.SQRT1_2));
      if (!scaled) continue;
      for (const n of [mul, add, erf, div]) drop.add(n);
      replace.set(last, { op: 'nw.Gelu', name: last.name, inputs: [x], outputs: last.outputs, attrs: new Map() });
      break;
    }
  }
  fuseLayerNorm(g, producer, drop, replace);
  return g.nodes.filter((n) => !drop.has(n)).map((n) => replace.get(n) ?? n);
}

/**
 * LayerNormalization as opset-13 exporters write it: mean = ReduceMean(x); d = x − mean;
 * d / Sqrt(ReduceMean(d·d) + ε), then optionally ·γ and +β (constants) → `nw.LayerNorm(x)` with the
 * reduced axes, epsilon and which of γ/β are present.
 */
function fuseLayerNorm(g: OnnxGraph, producer: Map<string, OnnxNode>, drop: Set<OnnxNode>, replace: Map<OnnxNode, OnnxNode>): void {
  const consumers = (t: string) => g.nodes.filter((n) => n.inputs.includes(t));
  for (const div of g.nodes) {
    if (div.op !== 'Div' || drop.has(div) || replace.has(div)) continue;
    const sub = producer.get(div.inputs[0]);
    const sqrt = producer.get(div.inputs[1]);
    if (sub?.op !== 'Sub' || sqrt?.op !== 'Sqrt') continue;
    const mean = producer.get(sub.inputs[1]);
    const x = sub.inputs[0];
    if (mean?.op !== 'ReduceMean' || mean.inputs[0] !== x) continue;
    const addEps = producer.get(sqrt.inputs[0]);
    if (addEps?.op !== 'Add') continue;
    const epsIdx = [0, 1].find((i) => scalarOf(g, addEps.inputs[i]) !== undefined);
    if (epsIdx === undefined) continue;
    const variance = producer.get(addEps.inputs[1 - epsIdx]);
    const sq = variance?.op === 'ReduceMean' ? producer.get(variance.inputs[0]) : undefined;
    const squares = sq?.op === 'Mul' ? sq.inputs[1] === sub.outputs[0] : sq?.op === 'Pow' && scalarOf(g, sq.inputs[1]) === 2;
    if (!variance || !sq || sq.inputs[0] !== sub.outputs[0] || !squares) continue;
    const axes = attrInts(mean, 'axes');
    if (!axes || JSON.stringify(attrInts(variance, 'axes')) !== JSON.stringify(axes)) continue;
    const chain = [mean, sub, sq, variance, addEps, sqrt, div];
    if (consumers(sub.outputs[0]).length !== 2 || consumers(mean.outputs[0]).length !== 1) continue;
    let last = div;
    const found: Record<string, boolean> = { gamma: false, beta: false };
    for (const [op, key] of [['Mul', 'gamma'], ['Add', 'beta']] as const) {
      const next = consumers(last.outputs[0]);
      const c = next.length === 1 && g.useCount(last.outputs[0]) === 1 ? next[0] : undefined;
      if (c?.op === op && c.inputs.some((t) => g.consts.has(t))) {
        chain.push(c);
        last = c;
        found[key] = true;
      }
    }
    const tail = consumers(last.outputs[0]);
    if (tail.length === 1 && tail[0].op === 'Identity' && g.useCount(last.outputs[0]) === 1) {
      chain.push(tail[0]);
      last = tail[0];
    }
    for (const n of chain) drop.add(n);
    drop.delete(last);
    const attrs = new Map<string, Obj>([
      ['axes', { name: 'axes', ints: axes }],
      ['epsilon', { name: 'epsilon', f: scalarOf(g, addEps.inputs[epsIdx]) }],
      ['center', { name: 'center', i: found.beta ? 1 : 0 }],
      ['scale', { name: 'scale', i: found.gamma ? 1 : 0 }],
    ]);
    replace.set(last, { op: 'nw.LayerNorm', name: last.name, inputs: [x], outputs: last.outputs, attrs });
  }
}
