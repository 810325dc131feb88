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
}

export interface Topology {
  /** Topological order (Kahn, document order among ready nodes); cyclic nodes excluded. */
  order: string[];
  /** Nodes on or behind a cycle, in document order. */
  cyclic: string[];
  /** Connected input ports per node, sorted by port (bad and duplicate edges left out). */
  ports: Map<string, PortRef[]>;
  consumers: Map<string, string[]>;
  issues: GraphIssue[];
}

const NONE: PortRef[] = [];
const name = (n: GraphNode) => `'${n.name ?? n.id}'`;

export function analyzeTopology(graph: GraphData): Topology {
  const issues: GraphIssue[] = [];
  const byId = new Map<string, GraphNode>();
  for (const n of graph.nodes) byId.set(n.id, n);
  const ports = new Map<string, PortRef[]>();
  const consumers = new Map<string, string[]>();
  const edgeIds = new Set<string>();
  const fedBy = new Map<string, string>();

  for (const e of graph.edges) {
    const src = byId.get(e.source);
    const dst = byId.get(e.target);
    if (edgeIds.has(e.id)) {
      issues.push(badEdge(e.id, dst?.id, `Edge id '${e.id}' is used twice`));
      continue;
    }
    edgeIds.add(e.id);
    if (!src || !dst) {
      const missing = [!src ? `source '${e.source}'` : '', !dst ? `target '${e.target}'` : ''].filter(Boolean).join(' and ');
      issues.push(badEdge(e.id, dst?.id ?? src?.id, `Edge '${e.id}' points to a missing ${missing}`));
      continue;
    }
    if (!Number.isInteger(e.targetPort) || e.targetPort < 0) {
      issues.push(badEdge(e.id, dst.id, `Edge '${e.id}' into ${dst.type} ${name(dst)} has an invalid input port ${String(e.targetPort)}`));
      continue;
    }
    const key = `${e.target}\u0000${e.targetPort}`;
    const other = fedBy.get(key);
    if (other !== undefined) {
      issues.push(badEdge(e.id, dst.id, `${dst.type} ${name(dst)} input ${e.targetPort} is fed twice: by '${nameOf(byId, other)}' and '${src.name ?? src.id}'`));
      continue;
    }
    fedBy.set(key, e.source);
    let list = ports.get(e.target);
    if (list === undefined) ports.set(e.target, (list = []));
    list.push({ port: e.targetPort, edgeId: e.id, source: e.source });
    let out = consumers.get(e.source);
    if (out === undefined) consumers.set(e.source, (out = []));
    out.push(e.target);
  }
  for (const list of ports.values()) if (list.length > 1) list.sort((a, b) => a.port - b.port);

  // Kahn's algorithm.
  const indeg = new Map<string, number>();
  for (const n of graph.nodes) indeg.set(n.id, ports.get(n.id)?.length ?? 0);
  const order: string[] = [];
  for (const n of graph.nodes) if (indeg.get(n.id) === 0) order.push(n.id);
  for (let h = 0; h < order.length; h++) {
    const out = consumers.get(order[h]);
    if (out === undefined) continue;
    for (const t of out) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) order.push(t);
    }
  }
  const cyclic: string[] = [];
  if (order.length < graph.nodes.length) {
    for (const n of graph.nodes) if (indeg.get(n.id)! > 0) cyclic.push(n.id);
    for (const cycle of findCycles(cyclic, ports, byId)) issues.push(cycle);
  }

  if (graph.nodes.length > 0) {
    const inputs = graph.nodes.filter((n) => n.type === 'Input');
    if (inputs.length === 0) {
      issues.push({ code: 'no-input', severity: 'error', message: 'The graph has no Input layer: add one to set the input shape' });
    }
    if (!graph.nodes.some((n) => !consumers.has(n.id))) {
      issues.push({ code: 'no-output', severity: 'error', message: 'The graph has no output: every layer feeds another one' });
    }
    issues.push(...dangling(graph.nodes, inputs, ports, consumers));
  }
  return { order, cyclic, ports, consumers, issues };
}

export function portsOf(topology: Topology, id: string): PortRef[] {
  return topology.ports.get(id) ?? NONE;
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
function dangling(nodes: GraphNode[], inputs: GraphNode[], ports: Map<string, PortRef[]>, consumers: Map<string, string[]>): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const reached = new Set<string>();
  const stack = inputs.map((n) => n.id);
  for (const id of stack) reached.add(id);
  while (stack.length) {
    for (const t of consumers.get(stack.pop()!) ?? []) {
      if (!reached.has(t)) {
        reached.add(t);
        stack.push(t);
      }
    }
  }
  for (const n of nodes) {
    if (n.type === 'Input') {
      if (!consumers.has(n.id) && nodes.length > 1) {
        issues.push({ code: 'dangling', severity: 'warning', nodeId: n.id, message: `Input ${name(n)} feeds nothing` });
      }
    } else if (!reached.has(n.id) && ports.has(n.id) && inputs.length > 0) {
      issues.push({ code: 'dangling', severity: 'warning', nodeId: n.id, message: `${n.type} ${name(n)} is not connected to any Input, so it is not part of the model` });
    }
  }
  return issues;
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
