/**
 * Graph-level checks that depend only on the wiring and the layer types: bad edges (unknown ends,
 * duplicate ids, a port fed twice), cycles, no Input, no output, dangling layers. Also returns the
 * topology (order, ports per node, consumers) the analyzer walks.
 */
import type { GraphData, GraphNode } from '../graph/types';
import type { GraphIssue } from '../infer/types';

export interface PortRef {
  port: number;
  edgeId: string;
  source: string;
  /** Index of the source in graph.nodes. */
  sourceIndex: number;
}

/** Wiring by node index (position in graph.nodes): arrays, not maps, because this runs on every edit. */
export interface Topology {
  /** Node id → index in graph.nodes (the first node wins if an id is repeated). */
  index: Map<string, number>;
  /** Topological order as node indices (Kahn, document order among ready nodes); cyclic nodes excluded. */
  order: number[];
  /** Indices of nodes on or behind a cycle, in document order. */
  cyclic: number[];
  /** Connected input ports per node, sorted by port (bad and duplicate edges left out). */
  ports: PortRef[][];
  /** Consumers per node (indices; one entry per edge). */
  consumers: number[][];
  issues: GraphIssue[];
}

const NONE: PortRef[] = [];
const NO_CONSUMERS: number[] = [];
const name = (n: GraphNode) => `'${n.name ?? n.id}'`;

export function analyzeTopology(graph: GraphData): Topology {
  const nodes = graph.nodes;
  const n = nodes.length;
  const issues: GraphIssue[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) if (!index.has(nodes[i].id)) index.set(nodes[i].id, i);
  const ports: PortRef[][] = new Array<PortRef[]>(n).fill(NONE);
  const consumers: number[][] = new Array<number[]>(n).fill(NO_CONSUMERS);
  const edgeIds = new Set<string>();

  for (const e of graph.edges) {
    const si = index.get(e.source);
    const ti = index.get(e.target);
    if (edgeIds.has(e.id)) {
      issues.push(badEdge(e.id, ti === undefined ? undefined : e.target, `Edge id '${e.id}' is used twice`));
      continue;
    }
    edgeIds.add(e.id);
    if (si === undefined || ti === undefined) {
      const missing = [si === undefined ? `source '${e.source}'` : '', ti === undefined ? `target '${e.target}'` : ''].filter(Boolean).join(' and ');
      const known = ti !== undefined ? e.target : si !== undefined ? e.source : undefined;
      issues.push(badEdge(e.id, known, `Edge '${e.id}' points to a missing ${missing}`));
      continue;
    }
    const dst = nodes[ti];
    if (!Number.isInteger(e.targetPort) || e.targetPort < 0) {
      issues.push(badEdge(e.id, dst.id, `Edge '${e.id}' into ${dst.type} ${name(dst)} has an invalid input port ${String(e.targetPort)}`));
      continue;
    }
    let list = ports[ti];
    const taken = list.find((p) => p.port === e.targetPort);
    if (taken) {
      issues.push(badEdge(e.id, dst.id, `${dst.type} ${name(dst)} input ${e.targetPort} is fed twice: by ${name(nodes[taken.sourceIndex])} and ${name(nodes[si])}`));
      continue;
    }
    if (list === NONE) ports[ti] = list = [];
    list.push({ port: e.targetPort, edgeId: e.id, source: e.source, sourceIndex: si });
    if (consumers[si] === NO_CONSUMERS) consumers[si] = [];
    consumers[si].push(ti);
  }
  for (const list of ports) if (list.length > 1) list.sort((a, b) => a.port - b.port);

  // Kahn's algorithm.
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) indeg[i] = ports[i].length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) order.push(i);
  for (let h = 0; h < order.length; h++) {
    const out = consumers[order[h]];
    for (let k = 0; k < out.length; k++) if (--indeg[out[k]] === 0) order.push(out[k]);
  }
  const cyclic: number[] = [];
  if (order.length < n) {
    for (let i = 0; i < n; i++) if (indeg[i] > 0) cyclic.push(i);
    // Rare path: string-keyed views of just the leftover nodes.
    const ids = cyclic.map((i) => nodes[i].id);
    issues.push(...findCycles(ids, new Map(cyclic.map((i) => [nodes[i].id, ports[i]])), new Map(cyclic.map((i) => [nodes[i].id, nodes[i]]))));
  }

  if (n > 0) {
    let inputs = 0;
    let sinks = 0;
    for (let i = 0; i < n; i++) {
      if (nodes[i].type === 'Input') inputs++;
      if (consumers[i].length === 0) sinks++;
    }
    if (inputs === 0) issues.push({ code: 'no-input', severity: 'error', message: 'The graph has no Input layer: add one to set the input shape' });
    if (sinks === 0) issues.push({ code: 'no-output', severity: 'error', message: 'The graph has no output: every layer feeds another one' });
    if (inputs > 0) dangling(nodes, ports, consumers, issues);
  }
  return { index, order, cyclic, ports, consumers, issues };
}

function nameOf(byId: Map<string, GraphNode>, id: string): string {
  const n = byId.get(id);
  return n ? (n.name ?? n.id) : id;
}

function badEdge(edgeId: string, nodeId: string | undefined, message: string): GraphIssue {
  const issue: GraphIssue = { code: 'bad-edge', severity: 'error', edgeId, message };
  if (nodeId !== undefined) issue.nodeId = nodeId;
  return issue;
}

/**
 * Layers cut off from the network: an Input that feeds nothing, or a layer with inputs that no Input
 * reaches (its upstream root reports the missing input itself).
 */
function dangling(nodes: GraphNode[], ports: PortRef[][], consumers: number[][], issues: GraphIssue[]): void {
  const reached = new Uint8Array(nodes.length);
  const stack: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i].type === 'Input') {
      reached[i] = 1;
      stack.push(i);
    }
  }
  while (stack.length) {
    const out = consumers[stack.pop()!];
    for (let k = 0; k < out.length; k++) {
      if (!reached[out[k]]) {
        reached[out[k]] = 1;
        stack.push(out[k]);
      }
    }
  }
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type === 'Input') {
      if (consumers[i].length === 0 && nodes.length > 1) issues.push({ code: 'dangling', severity: 'warning', nodeId: n.id, message: `Input ${name(n)} feeds nothing` });
    } else if (!reached[i] && ports[i].length > 0) {
      issues.push({ code: 'dangling', severity: 'warning', nodeId: n.id, message: `${n.type} ${name(n)} is not connected to any Input, so it is not part of the model` });
    }
  }
}

/** One issue per strongly connected component that is a real cycle (Tarjan over the leftover nodes). */
function findCycles(candidates: string[], ports: Map<string, PortRef[]>, byId: Map<string, GraphNode>): GraphIssue[] {
  const inSet = new Set(candidates);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const comps: string[][] = [];
  let counter = 0;
  // Iterative Tarjan on the reversed graph (ports give predecessors); SCCs are the same.
  for (const root of candidates) {
    if (index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const preds = (ports.get(top.id) ?? NONE).filter((p) => inSet.has(p.source));
      if (top.i < preds.length) {
        const next = preds[top.i++].source;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, i: 0 });
        } else if (onStack.has(next)) {
          low.set(top.id, Math.min(low.get(top.id)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) === index.get(top.id)) {
        const comp: string[] = [];
        let v: string;
        do {
          v = stack.pop()!;
          onStack.delete(v);
          comp.push(v);
        } while (v !== top.id);
        const selfLoop = comp.length === 1 && (ports.get(comp[0]) ?? NONE).some((p) => p.source === comp[0]);
        if (comp.length > 1 || selfLoop) comps.push(comp);
      }
    }
  }
  const docOrder = new Map(candidates.map((id, i) => [id, i]));
  return comps.map((comp) => {
    comp.sort((a, b) => docOrder.get(a)! - docOrder.get(b)!);
    const members = new Set(comp);
    const path = walkCycle(comp[0], members, ports);
    const shown = path.slice(0, 8).map((id) => `'${nameOf(byId, id)}'`);
    const text = path.length > 8 ? `${shown.join(' → ')} → … (${path.length} layers)` : `${shown.join(' → ')} → ${shown[0]}`;
    const closing = (ports.get(comp[0]) ?? NONE).find((p) => members.has(p.source));
    const issue: GraphIssue = { code: 'cycle', severity: 'error', nodeId: comp[0], message: `Cycle: ${text}. A network must flow one way; remove one of these connections` };
    if (closing) issue.edgeId = closing.edgeId;
    return issue;
  });
}

/** A simple cycle through `start` inside the component, in flow direction. */
function walkCycle(start: string, members: Set<string>, ports: Map<string, PortRef[]>): string[] {
  // Walk predecessors until we return to start, then reverse for flow order.
  const path = [start];
  const seen = new Set([start]);
  let cur = start;
  for (;;) {
    const preds = (ports.get(cur) ?? NONE).filter((p) => members.has(p.source));
    const back = preds.find((p) => p.source === start);
    if (back || preds.length === 0) break;
    const next = preds.find((p) => !seen.has(p.source)) ?? preds[0];
    if (seen.has(next.source)) break;
    seen.add(next.source);
    path.push(next.source);
    cur = next.source;
  }
  return path.reverse().length > 1 ? [path[path.length - 1], ...path.slice(0, -1)] : path;
}
