/**
 * Shape inference + validation over the whole graph, incrementally. Commands are immutable, so the
 * analyzer finds what changed by object identity: a node whose params object changed is re-inferred, then
 * only its consumers whose inputs actually changed (shape, receptive field) — an edit that keeps the output
 * shape stops right there. Wiring or type/name changes rebuild the topology (linear) but still re-infer only
 * nodes whose inputs or params differ.
 */
import type { GraphData, GraphNode } from '../graph/types';
import type { GraphAnalysis, GraphIssue, GraphTotals, NodeInfo } from './types';
import { analyzeTopology, portsOf, type Topology } from '../validate/structure';
import { displayName, emptyState, inferNode, type InputView, type NodeState } from './node';
import { paramsCacheFor, type LayerLookup, type ParamsCache } from './params';

interface Entry {
  node: GraphNode;
  /** Wiring + input names this state was computed from (compared after a topology rebuild). */
  sig: string;
  state: NodeState;
}

export class IncrementalAnalyzer {
  // The registry is injected (index.ts passes shared/layers) so tests can pin behaviour with small specs.
  private readonly params: ParamsCache;
  private nodes: GraphNode[] | null = null;
  private edges: GraphData['edges'] | null = null;
  private topo: Topology | null = null;
  private position = new Map<string, number>();
  private entries = new Map<string, Entry>();
  private last: GraphAnalysis | null = null;

  constructor(private readonly lookup: LayerLookup) {
    this.params = paramsCacheFor(lookup);
  }

  update(graph: GraphData): GraphAnalysis {
    if (this.last && graph.nodes === this.nodes && graph.edges === this.edges) return this.last;
    const changed = this.last && graph.edges === this.edges ? this.paramsOnlyChanges(graph.nodes) : null;
    const result = changed ? this.incremental(changed) : this.rebuild(graph);
    this.nodes = graph.nodes;
    this.edges = graph.edges;
    this.last = result;
    return result;
  }

  /**
   * Nodes whose params changed, when nothing else that matters did (same ids in the same order, same
   * types and names); null when the topology must be rebuilt.
   */
  private paramsOnlyChanges(nodes: GraphNode[]): GraphNode[] | null {
    const prev = this.nodes!;
    if (prev.length !== nodes.length) return null;
    const out: GraphNode[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const a = prev[i];
      const b = nodes[i];
      if (a === b) continue;
      if (a.id !== b.id || a.type !== b.type || a.name !== b.name) return null;
      const entry = this.entries.get(b.id)!;
      if (a.params !== b.params) out.push(b);
      else entry.node = b; // moved only
    }
    return out;
  }

  private incremental(changed: GraphNode[]): GraphAnalysis {
    const topo = this.topo!;
    const last = this.last!;
    const infos = new Map(last.nodes);
    const totals = { ...last.totals };
    let issuesChanged = false;
    const heap = new MinHeap();
    const queued = new Set<string>();
    for (const n of changed) {
      this.entries.get(n.id)!.node = n;
      const p = this.position.get(n.id);
      if (p === undefined) {
        // On a cycle: not inferred, nothing downstream to update.
        continue;
      }
      heap.push(p);
      queued.add(n.id);
    }
    while (heap.size) {
      const id = topo.order[heap.pop()];
      const entry = this.entries.get(id)!;
      const before = entry.state;
      const after = this.inferOne(entry.node, topo);
      entry.state = after;
      infos.set(id, after.info);
      subtract(totals, before.info);
      add(totals, after.info);
      if (before.issues.length || after.issues.length) issuesChanged = true;
      if (sameOutput(before, after)) continue;
      for (const c of topo.consumers.get(id) ?? []) {
        if (queued.has(c)) continue;
        const p = this.position.get(c);
        if (p === undefined) continue;
        queued.add(c);
        heap.push(p);
      }
    }
    return { order: last.order, nodes: infos, issues: issuesChanged ? this.collectIssues(topo) : last.issues, totals };
  }

  private rebuild(graph: GraphData): GraphAnalysis {
    const topo = analyzeTopology(graph);
    this.topo = topo;
    const position = new Map<string, number>();
    for (let i = 0; i < topo.order.length; i++) position.set(topo.order[i], i);
    this.position = position;
    const byId = new Map<string, GraphNode>();
    for (const n of graph.nodes) byId.set(n.id, n);

    const old = this.entries;
    const entries = new Map<string, Entry>();
    const outputChanged = new Set<string>();
    for (const id of topo.order) {
      const node = byId.get(id)!;
      const sig = signature(topo, id, byId);
      const prev = old.get(id);
      let dirty = !prev || prev.node.type !== node.type || prev.node.params !== node.params || prev.node.name !== node.name || prev.sig !== sig;
      if (!dirty) for (const p of portsOf(topo, id)) if (outputChanged.has(p.source)) dirty = true;
      // Entries must exist before inferOne reads them as inputs.
      const state = dirty ? this.inferOneWith(node, topo, entries, byId) : prev!.state;
      if (!prev || !sameOutput(prev.state, state)) outputChanged.add(id);
      entries.set(id, { node, sig, state });
    }
    // A sig no wiring produces: once the cycle is broken these nodes are always re-inferred.
    for (const id of topo.cyclic) entries.set(id, { node: byId.get(id)!, sig: CYCLIC, state: emptyState() });
    this.entries = entries;

    const infos = new Map<string, NodeInfo>();
    const totals: GraphTotals = { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, activationBytes: 0 };
    for (const n of graph.nodes) {
      const e = entries.get(n.id);
      if (!e) continue; // duplicate ids: the first one wins
      infos.set(n.id, e.state.info);
      add(totals, e.state.info);
    }
    return { order: topo.order, nodes: infos, issues: this.collectIssues(topo), totals };
  }

  private inferOne(node: GraphNode, topo: Topology): NodeState {
    return this.inferOneWith(node, topo, this.entries, null);
  }

  private inferOneWith(node: GraphNode, topo: Topology, entries: Map<string, Entry>, byId: Map<string, GraphNode> | null): NodeState {
    const spec = this.lookup.getLayerSpec(node.type);
    let parsed;
    let unknown: string | undefined;
    if (spec) parsed = this.params.get(node.type, node.params);
    else {
      const r = this.params.get(node.type, node.params);
      unknown = r.ok ? undefined : `${node.type} '${displayName(node)}': ${r.issues[0]?.message ?? `unknown layer type '${node.type}'`}`;
    }
    const ports = portsOf(topo, node.id);
    const inputs: InputView[] = new Array(ports.length);
    for (let i = 0; i < ports.length; i++) {
      const ref = ports[i];
      const src = entries.get(ref.source);
      const srcNode = src?.node ?? byId?.get(ref.source);
      inputs[i] = { ref, name: srcNode ? displayName(srcNode) : ref.source, type: srcNode?.type, state: src?.state };
    }
    return inferNode(node, spec, parsed, inputs, unknown);
  }

  private collectIssues(topo: Topology): GraphIssue[] {
    const issues = [...topo.issues];
    for (const id of topo.order) {
      const list = this.entries.get(id)!.state.issues;
      for (let i = 0; i < list.length; i++) issues.push(list[i]);
    }
    return issues;
  }
}

/** Full analysis (fresh analyzer; params parsing is still cached per params object). */
export function analyzeWith(lookup: LayerLookup, graph: GraphData): GraphAnalysis {
  return new IncrementalAnalyzer(lookup).update(graph);
}


const CYCLIC = '\u0000cyclic';

function signature(topo: Topology, id: string, byId: Map<string, GraphNode>): string {
  const ports = portsOf(topo, id);
  if (ports.length === 0) return '';
  let s = '';
  for (const p of ports) {
    const src = byId.get(p.source);
    s += `${p.port}\u0001${p.edgeId}\u0001${p.source}\u0001${src ? (src.name ?? '') + '\u0001' + src.type : ''}\u0002`;
  }
  return s;
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
