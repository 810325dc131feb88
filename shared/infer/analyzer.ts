/**
 * Shape inference + validation over the whole graph, incrementally. Commands are immutable, so the
 * analyzer finds what changed by object identity: a node whose params object changed is re-inferred, then
 * only its consumers whose inputs actually changed (shape, receptive field) — an edit that keeps the output
 * shape stops right there. Wiring, type or name changes rebuild the topology (linear, array-based) but
 * still re-infer only nodes whose inputs, params or input names differ.
 */
import type { GraphData, GraphNode } from '../graph/types';
import type { GraphAnalysis, GraphIssue, GraphTotals, NodeInfo } from './types';
import { analyzeTopology, type PortRef, type Topology } from '../validate/structure';
import { displayName, emptyState, inferNode, type NodeState } from './node';
import { paramsCacheFor, type LayerLookup, type ParamsCache } from './params';

interface Entry {
  node: GraphNode;
  /** The wiring this state was computed from. */
  ports: PortRef[];
  state: NodeState;
  /** Position in graph.nodes of the current graph. */
  index: number;
}

/** Ports of nodes on a cycle: never equal to real wiring, so once freed they are re-inferred. */
const CYCLIC: PortRef[] = [];

export class IncrementalAnalyzer {
  // The registry is injected (index.ts passes shared/layers) so tests can pin behaviour with small specs.
  private readonly params: ParamsCache;
  private nodes: GraphNode[] | null = null;
  private edges: GraphData['edges'] | null = null;
  private topo: Topology | null = null;
  /** Topological position of each node index (-1 on a cycle). */
  private position: Int32Array = new Int32Array(0);
  /** Entry per node index of the current graph (ids map to indices through topo.index). */
  private byIndex: Entry[] = [];
  private last: GraphAnalysis | null = null;

  constructor(private readonly lookup: LayerLookup) {
    this.params = paramsCacheFor(lookup);
  }

  update(graph: GraphData): GraphAnalysis {
    if (this.last && graph.nodes === this.nodes && graph.edges === this.edges) return this.last;
    const changed = this.last && graph.edges === this.edges ? this.paramsOnlyChanges(graph.nodes) : null;
    // Moves only (a drag): the analysis is unchanged, keep its identity so views do not recompute.
    const result = changed ? (changed.length ? this.incremental(changed) : this.last!) : this.rebuild(graph);
    this.nodes = graph.nodes;
    this.edges = graph.edges;
    this.last = result;
    return result;
  }

  /**
   * Entries whose params changed, when nothing else that matters did (same ids in the same order, same
   * types and names); null when the topology must be rebuilt.
   */
  private paramsOnlyChanges(nodes: GraphNode[]): Entry[] | null {
    const prev = this.nodes!;
    if (prev.length !== nodes.length) return null;
    const out: Entry[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const a = prev[i];
      const b = nodes[i];
      if (a === b) continue;
      if (a.id !== b.id || a.type !== b.type || a.name !== b.name) return null;
      if (a.params !== b.params) out.push(this.byIndex[i]);
    }
    // Commit the new node objects (moved-only nodes too) once we know the fast path applies.
    for (let i = 0; i < nodes.length; i++) if (prev[i] !== nodes[i]) this.byIndex[i].node = nodes[i];
    return out;
  }

  private incremental(changed: Entry[]): GraphAnalysis {
    const topo = this.topo!;
    const last = this.last!;
    const infos = new Map(last.nodes);
    const totals = { ...last.totals };
    let issuesChanged = false;
    const heap = new MinHeap();
    const queued = new Uint8Array(this.byIndex.length);
    for (const e of changed) {
      const p = this.position[e.index];
      if (p < 0) continue; // on a cycle: not inferred, nothing downstream to update
      heap.push(p);
      queued[e.index] = 1;
    }
    while (heap.size) {
      const i = topo.order[heap.pop()];
      const entry = this.byIndex[i];
      const before = entry.state;
      const after = this.infer(entry.node, entry.ports, this.byIndex);
      entry.state = after;
      infos.set(entry.node.id, after.info);
      subtract(totals, before.info);
      add(totals, after.info);
      if (before.issues.length || after.issues.length) issuesChanged = true;
      if (sameOutput(before, after)) continue;
      for (const c of topo.consumers[i]) {
        if (queued[c] || this.position[c] < 0) continue;
        queued[c] = 1;
        heap.push(this.position[c]);
      }
    }
    const order = last.order;
    return { order, nodes: infos, issues: issuesChanged ? this.collectIssues(topo) : last.issues, totals };
  }

  private rebuild(graph: GraphData): GraphAnalysis {
    const topo = analyzeTopology(graph);
    const nodes = graph.nodes;
    const n = nodes.length;
    const position = new Int32Array(n).fill(-1);
    for (let k = 0; k < topo.order.length; k++) position[topo.order[k]] = k;

    const oldIndex = this.topo?.index;
    const oldEntries = this.byIndex;
    const byIndex: Entry[] = new Array<Entry>(n);
    // Consumers must redo a node's inputs when its output or its name/type (used in messages) changed.
    const touched = new Uint8Array(n);
    for (let k = 0; k < topo.order.length; k++) {
      const i = topo.order[k];
      const node = nodes[i];
      const ports = topo.ports[i];
      const o = oldIndex?.get(node.id);
      const prev = o === undefined ? undefined : oldEntries[o];
      const meta = !prev || prev.node.type !== node.type || prev.node.name !== node.name;
      let dirty = meta || prev.node.params !== node.params || !samePorts(prev.ports, ports);
      for (let j = 0; !dirty && j < ports.length; j++) if (touched[ports[j].sourceIndex]) dirty = true;
      const state = dirty ? this.infer(node, ports, byIndex) : prev!.state;
      if (meta || !sameOutput(prev!.state, state)) touched[i] = 1;
      const entry: Entry = { node, ports, state, index: i };
      byIndex[i] = entry;
    }
    for (const i of topo.cyclic) byIndex[i] = { node: nodes[i], ports: CYCLIC, state: emptyState(), index: i };
    // Repeated ids (refused by the loader and by commands) would leave holes: give them empty entries.
    for (let i = 0; i < n; i++) if (byIndex[i] === undefined) byIndex[i] = { node: nodes[i], ports: CYCLIC, state: emptyState(), index: i };
    this.topo = topo;
    this.position = position;
    this.byIndex = byIndex;

    const infos = new Map<string, NodeInfo>();
    const totals: GraphTotals = { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, activationBytes: 0 };
    const unique = topo.index.size === n;
    for (let i = 0; i < n; i++) {
      const id = nodes[i].id;
      if (!unique && topo.index.get(id) !== i) continue; // a repeated id: the first node wins
      const info = byIndex[i].state.info;
      infos.set(id, info);
      add(totals, info);
    }
    const order = topo.order.map((i) => nodes[i].id);
    return { order, nodes: infos, issues: this.collectIssues(topo), totals };
  }

  private infer(node: GraphNode, ports: PortRef[], byIndex: Entry[]): NodeState {
    const spec = this.lookup.getLayerSpec(node.type);
    const parsed = this.params.get(node.type, node.params);
    if (spec) return inferNode(node, spec, parsed, ports, byIndex, undefined);
    const why = parsed.ok ? `unknown layer type '${node.type}'` : (parsed.issues[0]?.message ?? `unknown layer type '${node.type}'`);
    return inferNode(node, undefined, undefined, ports, byIndex, `${node.type} '${displayName(node)}': ${why}`);
  }

  private collectIssues(topo: Topology): GraphIssue[] {
    const issues = topo.issues.slice();
    for (const i of topo.order) {
      const list = this.byIndex[i].state.issues;
      for (let k = 0; k < list.length; k++) issues.push(list[k]);
    }
    return issues;
  }
}

/** Full analysis (fresh analyzer; params parsing is still cached per params object). */
export function analyzeWith(lookup: LayerLookup, graph: GraphData): GraphAnalysis {
  return new IncrementalAnalyzer(lookup).update(graph);
}

function samePorts(a: PortRef[], b: PortRef[]): boolean {
  if (a === b) return a !== CYCLIC;
  if (a.length !== b.length || a === CYCLIC) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (x.port !== y.port || x.edgeId !== y.edgeId || x.source !== y.source) return false;
  }
  return true;
}

function sameOutput(a: NodeState, b: NodeState): boolean {
  if (a.rf !== b.rf || a.jump !== b.jump) return false;
  const x = a.info.outputShape;
  const y = b.info.outputShape;
  if (x === y) return true;
  if (!x || !y || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function add(t: GraphTotals, info: NodeInfo): void {
  t.trainableParams += info.params.trainable;
  t.nonTrainableParams += info.params.nonTrainable;
  t.params += info.params.trainable + info.params.nonTrainable;
  t.macs += info.macs;
  t.activationBytes += info.activationBytes;
}

function subtract(t: GraphTotals, info: NodeInfo): void {
  t.trainableParams -= info.params.trainable;
  t.nonTrainableParams -= info.params.nonTrainable;
  t.params -= info.params.trainable + info.params.nonTrainable;
  t.macs -= info.macs;
  t.activationBytes -= info.activationBytes;
}

/** Binary min-heap of topological positions: re-infer dirty nodes in dependency order. */
class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
