/**
 * The graph as exporters see it: nodes in topological order with normalised params, wired inputs, inferred
 * shapes, unique identifiers, and the block tree (groups with a `block` template, nested by parentId).
 * Built once per export so every target walks the same, already-validated structure.
 */
import type { GraphData, GraphGroup, Shape } from '../graph/types';
import type { NetwrightProject } from '../format/project';
import { analyzeGraph } from '../infer/index';
import { parseLayerParams } from '../layers/index';
import type { CapabilityIssue } from './types';
import { identifier, NameTable } from './names';

export type Params = Record<string, unknown>;

export interface ExportNode {
  id: string;
  type: string;
  /** Display name (name, else id). */
  name: string;
  /** Unique identifier in the generated code (python/TS safe). */
  ident: string;
  params: Params;
  /** Source node ids, by target port. */
  inputs: string[];
  inputShapes: Shape[];
  outputShape: Shape;
  trainable: number;
  /** Innermost block containing the node, or null. */
  block: ExportBlock | null;
}

export interface ExportBlock {
  group: GraphGroup;
  ident: string;
  template: string;
  parent: ExportBlock | null;
  children: ExportBlock[];
  /** Member nodes directly in this block (not in a child block), topological order. */
  nodes: ExportNode[];
}

export interface ExportModel {
  /** All non-Input and Input nodes in topological order. */
  nodes: ExportNode[];
  byId: Map<string, ExportNode>;
  inputs: ExportNode[];
  /** Nodes nobody consumes (model outputs), in document order. */
  outputs: ExportNode[];
  /** Top-level blocks (those without a block parent). */
  blocks: ExportBlock[];
  trainableParams: number;
}

export function displayName(n: { id: string; name?: string }): string {
  return n.name && n.name.trim() !== '' ? n.name : n.id;
}

/**
 * The export model, or the reasons it cannot be built: graph errors (cycles, shape mismatches, invalid
 * params) are reported as capability issues so every target refuses invalid graphs the same way.
 */
export function buildExportModel(project: NetwrightProject): { ok: true; model: ExportModel } | { ok: false; report: CapabilityIssue[] } {
  const graph = project.graph;
  const analysis = analyzeGraph(graph);
  const byNode = new Map(graph.nodes.map((n) => [n.id, n]));
  const report: CapabilityIssue[] = [];
  for (const issue of analysis.issues) {
    if (issue.severity !== 'error') continue;
    const n = issue.nodeId ? byNode.get(issue.nodeId) : undefined;
    report.push({ nodeId: n?.id ?? '', nodeName: n ? displayName(n) : '', type: n?.type ?? '', message: `invalid graph: ${issue.message}` });
  }
  if (!graph.nodes.some((n) => n.type === 'Input')) report.push({ nodeId: '', nodeName: '', type: '', message: 'the graph has no Input node' });
  if (report.length) return { ok: false, report };

  const incoming = new Map<string, { source: string; port: number }[]>();
  for (const e of graph.edges) {
    const list = incoming.get(e.target) ?? [];
    list.push({ source: e.source, port: e.targetPort });
    incoming.set(e.target, list);
  }
  const names = new NameTable();
  const nodes: ExportNode[] = [];
  const byId = new Map<string, ExportNode>();
  let trainableParams = 0;
  for (const id of analysis.order) {
    const n = byNode.get(id)!;
    const info = analysis.nodes.get(id)!;
    const parsed = parseLayerParams(n.type, n.params);
    if (!parsed.ok || !info.outputShape) {
      return { ok: false, report: [{ nodeId: id, nodeName: displayName(n), type: n.type, message: 'invalid graph: params or shape could not be resolved' }] };
    }
    const en: ExportNode = {
      id,
      type: n.type,
      name: displayName(n),
      ident: names.take(identifier(displayName(n))),
      params: parsed.params,
      inputs: (incoming.get(id) ?? []).sort((a, b) => a.port - b.port).map((i) => i.source),
      inputShapes: info.inputShapes,
      outputShape: info.outputShape,
      trainable: info.params.trainable,
      block: null,
    };
    trainableParams += info.params.trainable;
    nodes.push(en);
    byId.set(id, en);
  }
  const consumed = new Set(graph.edges.map((e) => e.source));
  const outputs = graph.nodes.filter((n) => !consumed.has(n.id) && n.type !== 'Input').map((n) => byId.get(n.id)!);
  const inputs = nodes.filter((n) => n.type === 'Input');
  return { ok: true, model: { nodes, byId, inputs, outputs, blocks: buildBlocks(graph, byId, names), trainableParams } };
}

/** What a target cannot express about one node (the layer tables' per-node check), with a way out if any. */
export interface NodeProblem {
  message: string;
  alternative?: string;
}

/**
 * The export model checked against one target, built once: the model, or every graph error and every node
 * the target cannot express, as capability issues (the target's `check` is this report).
 */
export function checkedExportModel(
  project: NetwrightProject,
  problem: (n: ExportNode) => NodeProblem | null,
): { ok: true; model: ExportModel } | { ok: false; report: CapabilityIssue[] } {
  const built = buildExportModel(project);
  if (!built.ok) return built;
  const report: CapabilityIssue[] = [];
  for (const n of built.model.nodes) {
    const p = problem(n);
    if (p) report.push({ nodeId: n.id, nodeName: n.name, type: n.type, message: p.message, ...(p.alternative ? { alternative: p.alternative } : {}) });
  }
  return report.length ? { ok: false, report } : built;
}

/** Heads whose output is already a probability distribution (the loss must not apply softmax again). */
export const endsInSoftmax = (n: ExportNode): boolean => n.type === 'Softmax' || n.params.activation === 'softmax';

/** The block tree: groups with a template (plain groups are canvas-only and do not structure code). */
function buildBlocks(graph: GraphData, byId: Map<string, ExportNode>, names: NameTable): ExportBlock[] {
  const groups = new Map(graph.groups.map((g) => [g.id, g]));
  const blocks = new Map<string, ExportBlock>();
  const blockOf = (g: GraphGroup | undefined): ExportBlock | null => {
    // Walk up through plain groups to the nearest block ancestor.
    const seen = new Set<string>();
    while (g && !g.block) {
      if (seen.has(g.id)) return null;
      seen.add(g.id);
      g = g.parentId ? groups.get(g.parentId) : undefined;
    }
    if (!g) return null;
    let b = blocks.get(g.id);
    if (!b) {
      b = { group: g, ident: names.take(identifier(g.name || g.id, 'block')), template: g.block!.template, parent: null, children: [], nodes: [] };
      blocks.set(g.id, b);
      const parentGroup = g.parentId ? groups.get(g.parentId) : undefined;
      if (parentGroup && parentGroup.id !== g.id) {
        b.parent = blockOf(parentGroup);
        b.parent?.children.push(b);
      }
    }
    return b;
  };
  // A node belongs to the innermost group listing it (a nested group's members are listed by it).
  const depth = (g: GraphGroup): number => {
    let d = 0;
    for (let p = g.parentId ? groups.get(g.parentId) : undefined; p && d < 64; p = p.parentId ? groups.get(p.parentId) : undefined) d++;
    return d;
  };
  const owner = new Map<string, GraphGroup>();
  for (const g of graph.groups) {
    for (const id of g.nodeIds) {
      const cur = owner.get(id);
      if (!cur || depth(g) > depth(cur)) owner.set(id, g);
    }
  }
  for (const n of byId.values()) {
    const g = owner.get(n.id);
    const b = g ? blockOf(g) : null;
    if (b && n.type !== 'Input') {
      n.block = b;
      b.nodes.push(n);
    }
  }
  // byId iterates in topological order, so b.nodes is topological too.
  return [...blocks.values()].filter((b) => !b.parent);
}

/** All nodes of a block including nested blocks' members. */
export function blockMembers(b: ExportBlock): ExportNode[] {
  return [...b.nodes, ...b.children.flatMap(blockMembers)];
}

// ---------------------------------------------------------------------------------------------------------
// Param accessors shared by the targets (params are normalised, so these only narrow types).

export const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)]);
export const numOf = (p: Params, k: string): number => Number(p[k]);
export const strOf = (p: Params, k: string): string => String(p[k]);

/** ZeroPadding2D / Cropping2D amounts as [top, bottom, left, right]. */
export function edges4(v: unknown): [number, number, number, number] {
  if (typeof v === 'number') return [v, v, v, v];
  const a = v as (number | number[])[];
  const h = typeof a[0] === 'number' ? [a[0], a[0]] : (a[0] as number[]);
  const w = typeof a[1] === 'number' ? [a[1], a[1]] : (a[1] as number[]);
  return [h[0], h[1], w[0], w[1]];
}

/** TF 'same' padding along one axis: [before, after] (the extra pixel goes after, as in TF). */
export function samePad(input: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - input, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
