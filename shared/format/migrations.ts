import { layeredLayout } from './layout';
import { CURRENT_SCHEMA_VERSION, FORMAT_ID } from './project';

export type JsonObject = Record<string, unknown>;

/**
 * `migrations[n]` turns a schema-n document into a schema-(n+1) document (tldraw-style: contiguous,
 * one step each, run in order). They run BEFORE validation, so they must tolerate malformed input: fix
 * what they understand, leave the rest for the schema to report with a path.
 */
export type Migration = (doc: JsonObject, warn: (message: string) => void) => JsonObject;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * v0 → v1: the "bare graph" form a person or another tool writes by hand,
 * `{nodes: [{id, type, params}], edges: [{source, target, targetPort}]}` — no envelope, no positions,
 * no edge ids. Wraps it, assigns edge ids, defaults targetPort to 0 and params to {}, lays out positions.
 * Unknown top-level fields stay on the graph object.
 */
function v0ToV1(doc: JsonObject, warn: (message: string) => void): JsonObject {
  // An envelope that says schema 0 (hand-edited): fix its graph the same way, keep the envelope.
  if (doc.format === FORMAT_ID && isObject(doc.graph)) {
    return { ...doc, graph: fixBareGraph(doc.graph, warn), blocks: doc.blocks ?? {}, meta: doc.meta ?? {} };
  }
  return { format: FORMAT_ID, schemaVersion: 1, graph: fixBareGraph(doc, warn), blocks: {}, meta: {} };
}

function fixBareGraph(doc: JsonObject, warn: (message: string) => void): JsonObject {
  const graph = { ...doc };
  const nodes = doc.nodes;
  const edges = doc.edges === undefined ? [] : doc.edges;
  graph.edges = edges;
  if (graph.groups === undefined) graph.groups = [];

  if (Array.isArray(edges)) {
    const used = new Set<string>();
    for (const e of edges) if (isObject(e) && typeof e.id === 'string' && e.id !== '') used.add(e.id);
    let next = 0;
    let assigned = 0;
    for (const e of edges) {
      if (!isObject(e)) continue;
      if (typeof e.id !== 'string' || e.id === '') {
        while (used.has(`e${next}`)) next++;
        const fresh = `e${next}`;
        e.id = fresh;
        used.add(fresh);
        assigned++;
      }
      if (e.targetPort === undefined) e.targetPort = 0;
    }
    if (assigned > 0) warn(`assigned ids to ${assigned} edge(s) that had none`);
  }

  if (Array.isArray(nodes)) {
    for (const n of nodes) if (isObject(n) && n.params === undefined) n.params = {};
    const unplaced = nodes.filter((n) => isObject(n) && n.position === undefined) as JsonObject[];
    if (unplaced.length > 0) {
      const ids = nodes.flatMap((n) => (isObject(n) && typeof n.id === 'string' ? [n.id] : []));
      const links = Array.isArray(edges)
        ? edges.flatMap((e) =>
            isObject(e) && typeof e.source === 'string' && typeof e.target === 'string'
              ? [{ source: e.source, target: e.target }]
              : [],
          )
        : [];
      const positions = layeredLayout(ids, links);
      for (const n of unplaced) {
        const p = typeof n.id === 'string' ? positions.get(n.id) : undefined;
        if (p) n.position = { x: p.x, y: p.y };
      }
      warn(`laid out ${unplaced.length} node(s) that had no position`);
    }
  }
  return graph;
}

export const migrations: Record<number, Migration> = {
  0: v0ToV1,
};

/** Runs migrations[from], migrations[from+1], … up to CURRENT_SCHEMA_VERSION. */
export function migrate(doc: JsonObject, from: number, warn: (message: string) => void): JsonObject {
  let current = doc;
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`internal: no migration from schema ${v} to ${v + 1}`);
    current = step(current, warn);
    current.schemaVersion = v + 1;
  }
  return current;
}
