/**
 * Structural diff of two graph documents (run A's snapshot vs run B's) and of two training configs.
 * Layout (positions, collapsed state) and derived ids (edge ids) are ignored: the diff says what would
 * train differently. Nodes match by id first, then by explicit name among the still-unmatched ones (a
 * node re-created with a fresh id but the same name is the same layer).
 */
import type { GraphData, GraphEdge, GraphGroup, GraphNode } from './types';

/** One parameter (or setting) that differs; `undefined` means absent on that side. */
export interface ValueChange {
  key: string;
  before: unknown;
  after: unknown;
}

export interface NodeRef {
  id: string;
  /** Display name (name, else id). */
  name: string;
  type: string;
}

export interface NodeChange {
  /** Id in graph b (the newer side). */
  id: string;
  /** Id in graph a (differs only when matched by name). */
  idBefore: string;
  name: string;
  matchedBy: 'id' | 'name';
  renamed: { before: string; after: string } | null;
  typeChanged: { before: string; after: string } | null;
  params: ValueChange[];
}

/** An edge by display names of its ends, so both sides read the same after name matching. */
export interface EdgeRef {
  source: string;
  target: string;
  targetPort: number;
  sourcePort: number;
}

export interface GroupRef {
  id: string;
  name: string;
  template: string | null;
  size: number;
}

export interface GroupChange {
  id: string;
  name: string;
  renamed: { before: string; after: string } | null;
  templateChanged: { before: string | null; after: string | null } | null;
  /** Block parameters (e.g. filters, strides of a residual block). */
  params: ValueChange[];
  membersAdded: string[];
  membersRemoved: string[];
}

export interface GraphDiff {
  nodesAdded: NodeRef[];
  nodesRemoved: NodeRef[];
  nodesChanged: NodeChange[];
  edgesAdded: EdgeRef[];
  edgesRemoved: EdgeRef[];
  groupsAdded: GroupRef[];
  groupsRemoved: GroupRef[];
  groupsChanged: GroupChange[];
}

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality for JSON-like values; object key order does not matter, -0 equals 0. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** Keys whose values differ between two flat records, sorted by key. */
function changedKeys(a: Plain, b: Plain): ValueChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !sameValue(a[k], b[k])).map((key) => ({ key, before: a[key], after: b[key] }));
}

const displayName = (n: { id: string; name?: string }): string => n.name || n.id;

/**
 * Pairs items of a and b: same id first, then same explicit name among the unmatched (only when that
 * name is unique on both sides, so a duplicate name never pairs the wrong layers).
 */
function matchItems<T extends { id: string; name?: string }>(a: readonly T[], b: readonly T[]): { pairs: [T, T, 'id' | 'name'][]; onlyA: T[]; onlyB: T[] } {
  const bById = new Map(b.map((x) => [x.id, x]));
  const pairs: [T, T, 'id' | 'name'][] = [];
  const usedB = new Set<string>();
  const restA: T[] = [];
  for (const x of a) {
    const y = bById.get(x.id);
    if (y) {
      pairs.push([x, y, 'id']);
      usedB.add(y.id);
    } else restA.push(x);
  }
  const restB = b.filter((y) => !usedB.has(y.id));
  const uniqueByName = (items: T[]) => {
    const counts = new Map<string, number>();
    for (const x of items) if (x.name) counts.set(x.name, (counts.get(x.name) ?? 0) + 1);
    return new Map(items.filter((x) => x.name && counts.get(x.name) === 1).map((x) => [x.name as string, x]));
  };
  const bByName = uniqueByName(restB);
  const aNames = uniqueByName(restA);
  const onlyA: T[] = [];
  for (const x of restA) {
    const y = x.name && aNames.get(x.name) === x ? bByName.get(x.name) : undefined;
    if (y) {
      pairs.push([x, y, 'name']);
      usedB.add(y.id);
    } else onlyA.push(x);
  }
  return { pairs, onlyA, onlyB: b.filter((y) => !usedB.has(y.id)) };
}

const nodeRef = (n: GraphNode): NodeRef => ({ id: n.id, name: displayName(n), type: n.type });
const groupRef = (g: GraphGroup): GroupRef => ({ id: g.id, name: g.name || g.id, template: g.block?.template ?? null, size: g.nodeIds.length });

/**
 * Edges keyed by their ends' ids in b's terms (a's matched ids are translated first, so a node matched by
 * name keeps its connections), presented by display names.
 */
function edgeRefs(edges: readonly GraphEdge[], idOf: (id: string) => string, nameOf: (id: string) => string): Map<string, EdgeRef> {
  const out = new Map<string, EdgeRef>();
  for (const e of edges) {
    const sourcePort = e.sourcePort ?? 0;
    const key = JSON.stringify([idOf(e.source), sourcePort, idOf(e.target), e.targetPort]);
    out.set(key, { source: nameOf(e.source), target: nameOf(e.target), targetPort: e.targetPort, sourcePort });
  }
  return out;
}

function diffGroups(a: GraphData, b: GraphData, nameA: (id: string) => string, nameB: (id: string) => string): Pick<GraphDiff, 'groupsAdded' | 'groupsRemoved' | 'groupsChanged'> {
  const { pairs, onlyA, onlyB } = matchItems(a.groups, b.groups);
  const groupsChanged: GroupChange[] = [];
  for (const [ga, gb] of pairs) {
    const membersA = new Set(ga.nodeIds.map(nameA));
    const membersB = new Set(gb.nodeIds.map(nameB));
    const change: GroupChange = {
      id: gb.id,
      name: gb.name || gb.id,
      renamed: ga.name !== gb.name ? { before: ga.name, after: gb.name } : null,
      templateChanged: (ga.block?.template ?? null) !== (gb.block?.template ?? null) ? { before: ga.block?.template ?? null, after: gb.block?.template ?? null } : null,
      params: changedKeys(ga.block?.params ?? {}, gb.block?.params ?? {}),
      membersAdded: [...membersB].filter((m) => !membersA.has(m)),
      membersRemoved: [...membersA].filter((m) => !membersB.has(m)),
    };
    if (change.renamed || change.templateChanged || change.params.length || change.membersAdded.length || change.membersRemoved.length) groupsChanged.push(change);
  }
  return { groupsAdded: onlyB.map(groupRef), groupsRemoved: onlyA.map(groupRef), groupsChanged };
}

/** What changed from graph a to graph b (layers, parameters, names, types, connections, groups). */
export function diffGraphs(a: GraphData, b: GraphData): GraphDiff {
  const { pairs, onlyA, onlyB } = matchItems(a.nodes, b.nodes);
  const nodesChanged: NodeChange[] = [];
  // a's ids in b's terms; a node only in a gets a key no b id can take.
  const partner = new Map<string, string>();
  for (const [na, nb, by] of pairs) {
    partner.set(na.id, nb.id);
    const change: NodeChange = {
      id: nb.id,
      idBefore: na.id,
      name: displayName(nb),
      matchedBy: by,
      renamed: displayName(na) !== displayName(nb) ? { before: displayName(na), after: displayName(nb) } : null,
      typeChanged: na.type !== nb.type ? { before: na.type, after: nb.type } : null,
      params: changedKeys(na.params, nb.params),
    };
    if (change.renamed || change.typeChanged || change.params.length) nodesChanged.push(change);
  }
  const aNodes = new Map(a.nodes.map((n) => [n.id, n]));
  const bNodes = new Map(b.nodes.map((n) => [n.id, n]));
  const nameA = (id: string) => {
    const n = bNodes.get(partner.get(id) ?? '') ?? aNodes.get(id);
    return n ? displayName(n) : id;
  };
  const nameB = (id: string) => {
    const n = bNodes.get(id);
    return n ? displayName(n) : id;
  };
  const edgesA = edgeRefs(a.edges, (id) => partner.get(id) ?? `\u0000a:${id}`, nameA);
  const edgesB = edgeRefs(b.edges, (id) => id, nameB);
  return {
    nodesAdded: onlyB.map(nodeRef),
    nodesRemoved: onlyA.map(nodeRef),
    nodesChanged,
    edgesAdded: [...edgesB].filter(([k]) => !edgesA.has(k)).map(([, e]) => e),
    edgesRemoved: [...edgesA].filter(([k]) => !edgesB.has(k)).map(([, e]) => e),
    ...diffGroups(a, b, nameA, nameB),
  };
}

/** Total number of differences (0 = the graphs train the same model). */
export function countGraphChanges(d: GraphDiff): number {
  return (
    d.nodesAdded.length + d.nodesRemoved.length + d.nodesChanged.length + d.edgesAdded.length + d.edgesRemoved.length + d.groupsAdded.length + d.groupsRemoved.length + d.groupsChanged.length
  );
}

/**
 * Nested objects as 'a.b.c' → leaf value. Arrays are leaves (a kernel size or class list reads as one
 * value); an empty object stays a leaf so that it is not lost.
 */
export function flattenSettings(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (isPlain(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flattenSettings(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = value;
  return out;
}

export interface SettingsDiff {
  /** Differing leaves by key path ('optimizer.learningRate'), sorted. */
  changed: ValueChange[];
  /** Equal leaves, sorted. */
  same: { key: string; value: unknown }[];
}

/**
 * Compares two training configs leaf by leaf. `ignore` drops key paths and everything under them (default:
 * the graph, which diffGraphs handles).
 */
export function diffSettings(a: unknown, b: unknown, ignore: readonly string[] = ['graph']): SettingsDiff {
  const skip = (k: string) => ignore.some((p) => k === p || k.startsWith(`${p}.`));
  const fa = flattenSettings(a);
  const fb = flattenSettings(b);
  const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => !skip(k)).sort();
  const changed: ValueChange[] = [];
  const same: { key: string; value: unknown }[] = [];
  for (const key of keys) {
    if (sameValue(fa[key], fb[key])) same.push({ key, value: fa[key] });
    else changed.push({ key, before: fa[key], after: fb[key] });
  }
  return { changed, same };
}
