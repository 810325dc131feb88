/**
 * ONNX (opset ≥ 13) → editable NHWC graph. Layers are rebuilt from NCHW ops: kernel sizes, filters and
 * units come from initializer shapes; explicit pads become 'same' when they are TF's split (what our
 * exporter writes), else a ZeroPadding2D; the layout Transposes our exporter puts around Flatten/Reshape
 * and at NHWC boundaries only change how a tensor is read (see onnx-views.ts), so they create no nodes.
 * Activations that follow a Conv/Dense fold into its `activation`; a bias Add folds into a MatMul's Dense.
 */
import { GraphBuilder } from './graph-builder';
import { convertNode, type Ctx } from './onnx-ops';
import { OnnxGraph, attrInts, fusePatterns } from './onnx-model';
import { channelsFirst, identity, type Rec } from './onnx-views';
import { ImportError, type ImportFormat, type ImportResult } from './types';

/** Readable layer name of an ONNX node: ours are `<layer>` or `<layer>/<Op>_<n>`; torch's `/a/b/Conv`. */
export function layerName(own: boolean, name: string, fallback: string): string {
  if (own) return name.split('/')[0] || fallback;
  const n = (name || fallback).replace(/^\/+/, '');
  // PyTorch 2 style `/features/features.0/Conv`, `/ln/Add_1`: the module path without the op segment.
  const stripped = n.includes('/') && /\/[A-Z][A-Za-z]*(_\d+)?$/.test(n) ? n.slice(0, n.lastIndexOf('/')) : n;
  return stripped || fallback;
}

export function importOnnx(bytes: Uint8Array, file: string): ImportResult {
  const g = new OnnxGraph(bytes, file);
  if (g.opset && g.opset < 13) throw new ImportError(`${file} uses ONNX opset ${g.opset}: opset 13 or newer can be imported (convert it with onnx.version_converter)`);
  const ctx: Ctx = {
    g,
    b: new GraphBuilder(),
    own: g.producer === 'Netwright',
    recs: new Map<string, Rec>(),
    warnings: [],
    unsupported: [],
    permutes: new Map(),
    pending: new Map(),
    live: [],
  };
  const fused = fusePatterns(g);
  const nodes = g.live(fused);
  ctx.live = nodes;
  if (nodes.length < fused.length) ctx.warnings.push(`skipped ${fused.length - nodes.length} node(s) that do not reach an output (or only build zero initial RNN states)`);
  for (const n of nodes) for (const t of n.inputs) if (t) ctx.pending.set(t, (ctx.pending.get(t) ?? 0) + 1);
  for (const t of g.outputs) ctx.pending.set(t, (ctx.pending.get(t) ?? 0) + 1);
  for (const input of g.inputs) {
    const dims = input.dims.slice(1);
    if (dims.length === 0 || dims.some((d) => typeof d !== 'number' || d <= 0)) {
      ctx.unsupported.push({ name: input.name, op: 'Input', reason: `input shape ${JSON.stringify(input.dims)} needs fixed sizes after the batch axis` });
      continue;
    }
    const rank = input.dims.length;
    const d = dims as number[];
    // Rank-4 inputs are NCHW unless the file transposes them to NCHW first (our 'nhwc' layout).
    const uses = nodes.filter((n) => n.inputs.includes(input.name));
    const nhwc = rank === 4 && uses.length > 0 && uses.every((n) => n.op === 'Transpose' && JSON.stringify(attrInts(n, 'perm')) === '[0,3,1,2]');
    const shape = rank === 4 && !nhwc ? [d[1], d[2], d[0]] : d;
    const id = ctx.b.add('Input', { shape }, [], input.name);
    ctx.recs.set(input.name, { id, view: rank === 4 && !nhwc ? channelsFirst(4) : identity(rank) });
  }
  if (!ctx.b.nodes.length) throw new ImportError(`${file}: the ONNX graph has no usable input`);
  for (const node of nodes) {
    const name = layerName(ctx.own, node.name, node.outputs[0] ?? node.op);
    try {
      const why = convertNode(ctx, node, name);
      if (why) ctx.unsupported.push({ name, op: node.op, reason: why });
    } catch (err) {
      ctx.unsupported.push({ name, op: node.op, reason: err instanceof Error ? err.message : String(err) });
    }
    for (const t of node.inputs) if (t) ctx.pending.set(t, (ctx.pending.get(t) ?? 1) - 1);
  }
  return { project: ctx.b.project({ importedFrom: { format: 'onnx', file, producer: g.producer || undefined, opset: g.opset } }), warnings: ctx.warnings, unsupported: ctx.unsupported };
}

/** ONNX ModelProto starts with field 1 (ir_version, varint) or another small field tag; JSON starts with '{'. */
export const onnxFormat: ImportFormat = {
  id: 'onnx',
  label: 'ONNX model (.onnx)',
  detect(bytes) {
    // Tags of ModelProto fields 1–8 and 14 (wire types 0 or 2): what every ONNX writer emits first.
    return bytes.length > 2 && [0x08, 0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72].includes(bytes[0]);
  },
  async read(bytes, file) {
    return importOnnx(bytes, file);
  },
};
