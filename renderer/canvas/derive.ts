/**
 * The canvas is a view: React Flow nodes/edges are derived from GraphData + GraphAnalysis here, never
 * stored. Collapsed groups become one "block" node with per-block totals; expanded groups get a frame
 * behind their members; edges are re-pointed to visible representatives and labelled with tensor shapes.
 */
import type { Edge, Node } from '@xyflow/react';
import type { GraphData, GraphGroup, Shape } from '../../shared/graph/types';
import type { GraphAnalysis, GraphIssue } from '../../shared/infer/types';
import { getLayerSpec } from '../state/core';
import { formatShape } from './format';

export const NODE_W = 210;
export const NODE_H = 92;
const FRAME_PAD = 24;
const FRAME_HEADER = 28;

export interface LayerNodeData extends Record<string, unknown> {
  nodeId: string;
  type: string;
  name: string;
  category: string;
  summary: string;
  outputShape: Shape | null;
  params: number;
  macs: number;
  issues: GraphIssue[];
}

export interface BlockNodeData extends Record<string, unknown> {
  groupId: string;
  name: string;
  template: string | null;
  layers: number;
  params: number;
  macs: number;
  outputShape: Shape | null;
  issues: GraphIssue[];
}

export interface FrameNodeData extends Record<string, unknown> {
  groupId: string;
  name: string;
  template: string | null;
  width: number;
  height: number;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  label: string;
  issue: GraphIssue | null;
  /** Underlying document edge ids (several when a collapsed block merges parallel edges). */
  edgeIds: string[];
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
export type BlockFlowNode = Node<BlockNodeData, 'block'>;
export type FrameFlowNode = Node<FrameNodeData, 'frame'>;
export type FlowNode = LayerFlowNode | BlockFlowNode | FrameFlowNode;
export type FlowEdge = Edge<ShapeEdgeData, 'shape'>;

/**
 * Where a collapsed block is drawn: centred over its members, at their top. Dragging or laying out the
 * block moves every member by the anchor's delta, so its inner layout survives.
 */
export function blockAnchor(ps: { x: number; y: number }[]): { x: number; y: number } {
  const xs = ps.map((p) => p.x);
  return { x: Math.round((Math.min(...xs) + Math.max(...xs)) / 2), y: Math.min(...ps.map((p) => p.y)) };
}

/** All groups containing each node, innermost first (direct membership, then parents). */
export function groupChains(graph: GraphData): Map<string, GraphGroup[]> {
  const byId = new Map(graph.groups.map((g) => [g.id, g]));
  const direct = new Map<string, GraphGroup[]>();
  for (const g of graph.groups) for (const id of g.nodeIds) direct.set(id, [...(direct.get(id) ?? []), g]);
  const chains = new Map<string, GraphGroup[]>();
  for (const [nodeId, gs] of direct) {
    const seen = new Set<string>();
    const chain: GraphGroup[] = [];
    const visit = (g: GraphGroup | undefined) => {
      while (g && !seen.has(g.id)) {
        seen.add(g.id);
        chain.push(g);
        g = g.parentId ? byId.get(g.parentId) : undefined;
      }
    };
    // Innermost = the group with the fewest members among direct ones.
    for (const g of [...gs].sort((a, b) => a.nodeIds.length - b.nodeIds.length)) visit(g);
    chains.set(nodeId, chain);
  }
  return chains;
}

/** Maps each node id to the id of what is drawn for it: itself, or its outermost collapsed group. */
export function visibleRepresentatives(graph: GraphData): Map<string, string> {
  const chains = groupChains(graph);
  const rep = new Map<string, string>();
  for (const n of graph.nodes) {
    const chain = chains.get(n.id) ?? [];
    let r = n.id;
    for (const g of chain) if (g.collapsed) r = g.id; // later = further out, so the outermost wins
    rep.set(n.id, r);
  }
  return rep;
}

/** Members (transitively) of a group. */
export function groupMembers(graph: GraphData, groupId: string): string[] {
  const out = new Set<string>();
  const visit = (gid: string, depth: number) => {
    if (depth > 64) return;
    const g = graph.groups.find((x) => x.id === gid);
    if (!g) return;
    for (const id of g.nodeIds) out.add(id);
    for (const child of graph.groups) if (child.parentId === gid) visit(child.id, depth + 1);
  };
  visit(groupId, 0);
  return [...out];
}

function summaryOf(type: string, params: Record<string, unknown>): string {
  const spec = getLayerSpec(type);
  if (!spec) return '';
  try {
    return spec.summary(params);
  } catch {
    return '';
  }
}

export interface DeriveOptions {
  selectedNodes?: Iterable<string>;
  selectedEdges?: Iterable<string>;
}

export function deriveFlow(graph: GraphData, analysis: GraphAnalysis, opts: DeriveOptions = {}): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const selNodes = new Set(opts.selectedNodes ?? []);
  const selEdges = new Set(opts.selectedEdges ?? []);
  const rep = visibleRepresentatives(graph);
  const issuesByNode = new Map<string, GraphIssue[]>();
  const issuesByEdge = new Map<string, GraphIssue>();
  for (const issue of analysis.issues) {
    if (issue.edgeId && !issuesByEdge.has(issue.edgeId)) issuesByEdge.set(issue.edgeId, issue);
    if (issue.nodeId) issuesByNode.set(issue.nodeId, [...(issuesByNode.get(issue.nodeId) ?? []), issue]);
  }
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const order = new Map(analysis.order.map((id, i) => [id, i]));

  const layerNodes: FlowNode[] = [];
  const blockMembers = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const r = rep.get(n.id) ?? n.id;
    if (r !== n.id) {
      blockMembers.set(r, [...(blockMembers.get(r) ?? []), n.id]);
      continue;
    }
    const info = analysis.nodes.get(n.id);
    layerNodes.push({
      id: n.id,
      type: 'layer',
      position: n.position,
      selected: selNodes.has(n.id),
      data: {
        nodeId: n.id,
        type: n.type,
        name: n.name ?? n.id,
        category: getLayerSpec(n.type)?.category ?? 'Unknown',
        summary: summaryOf(n.type, n.params),
        outputShape: info?.outputShape ?? null,
        params: info ? info.params.trainable + info.params.nonTrainable : 0,
        macs: info?.macs ?? 0,
        issues: issuesByNode.get(n.id) ?? [],
      },
    });
  }

  const blockNodes: FlowNode[] = [];
  for (const [gid, members] of blockMembers) {
    const g = graph.groups.find((x) => x.id === gid)!;
    const memberSet = new Set(members);
    let params = 0;
    let macs = 0;
    const issues: GraphIssue[] = [];
    for (const id of members) {
      const info = analysis.nodes.get(id);
      if (info) {
        params += info.params.trainable + info.params.nonTrainable;
        macs += info.macs;
      }
      issues.push(...(issuesByNode.get(id) ?? []));
    }
    // The block's output: the member feeding something outside, else the last in topological order.
    const leaving = graph.edges.filter((e) => memberSet.has(e.source) && !memberSet.has(e.target)).map((e) => e.source);
    const candidates = leaving.length ? leaving : members;
    const out = candidates.reduce((a, b) => ((order.get(b) ?? -1) > (order.get(a) ?? -1) ? b : a));
    const anchor = blockAnchor(members.map((id) => nodeById.get(id)!.position));
    blockNodes.push({
      id: gid,
      type: 'block',
      position: anchor,
      selected: selNodes.has(gid),
      data: {
        groupId: gid,
        name: g.name,
        template: g.block?.template ?? null,
        layers: members.length,
        params,
        macs,
        outputShape: analysis.nodes.get(out)?.outputShape ?? null,
        issues,
      },
    });
  }

  // Frames behind expanded groups whose members are visible.
  const frames: FlowNode[] = [];
  for (const g of graph.groups) {
    if (g.collapsed) continue;
    const members = groupMembers(graph, g.id).filter((id) => rep.get(id) === id);
    if (members.length === 0) continue;
    if (members.some((id) => rep.get(id) !== id)) continue;
    const ps = members.map((id) => nodeById.get(id)?.position).filter((p): p is { x: number; y: number } => !!p);
    if (ps.length === 0) continue;
    const minX = Math.min(...ps.map((p) => p.x)) - FRAME_PAD;
    const minY = Math.min(...ps.map((p) => p.y)) - FRAME_PAD - FRAME_HEADER;
    const maxX = Math.max(...ps.map((p) => p.x)) + NODE_W + FRAME_PAD;
    const maxY = Math.max(...ps.map((p) => p.y)) + NODE_H + FRAME_PAD;
    frames.push({
      id: `frame:${g.id}`,
      type: 'frame',
      position: { x: minX, y: minY },
      draggable: false,
      selectable: false,
      connectable: false,
      zIndex: -1,
      style: { width: maxX - minX, height: maxY - minY },
      data: { groupId: g.id, name: g.name, template: g.block?.template ?? null, width: maxX - minX, height: maxY - minY },
    });
  }

  const edges = new Map<string, FlowEdge>();
  for (const e of graph.edges) {
    const s = rep.get(e.source);
    const t = rep.get(e.target);
    if (!s || !t || s === t) continue;
    const key = `${s}->${t}`;
    const existing = edges.get(key);
    const issue = issuesByEdge.get(e.id) ?? null;
    if (existing) {
      existing.data!.edgeIds.push(e.id);
      if (issue && !existing.data!.issue) existing.data!.issue = issue;
      continue;
    }
    const shape = analysis.nodes.get(e.source)?.outputShape ?? null;
    edges.set(key, {
      id: s === e.source && t === e.target ? e.id : `v:${key}`,
      source: s,
      target: t,
      type: 'shape',
      selected: selEdges.has(e.id),
      data: { label: formatShape(shape), issue, edgeIds: [e.id] },
    });
  }

  return { nodes: [...frames, ...layerNodes, ...blockNodes], edges: [...edges.values()] };
}

/**
 * Where a connection to/from a collapsed block lands: into the member fed from outside (or the first in
 * topological order), out of the member feeding outside (or the last).
 */
export function blockEndpoint(graph: GraphData, analysis: GraphAnalysis, groupId: string, side: 'input' | 'output'): string | null {
  const members = groupMembers(graph, groupId);
  if (members.length === 0) return null;
  const set = new Set(members);
  const order = new Map(analysis.order.map((id, i) => [id, i]));
  const rank = (id: string) => order.get(id) ?? 0;
  if (side === 'input') {
    const fed = graph.edges.filter((e) => set.has(e.target) && !set.has(e.source)).map((e) => e.target);
    const sources = members.filter((id) => !graph.edges.some((e) => e.target === id));
    const pool = fed.length ? fed : sources.length ? sources : members;
    return pool.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  }
  const leaving = graph.edges.filter((e) => set.has(e.source) && !set.has(e.target)).map((e) => e.source);
  const sinks = members.filter((id) => !graph.edges.some((e) => e.source === id && set.has(e.target)));
  const pool = leaving.length ? leaving : sinks.length ? sinks : members;
  return pool.reduce((a, b) => (rank(b) > rank(a) ? b : a));
}
