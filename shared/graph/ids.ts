/** Readable unique ids: exporters use ids as variable names, so prefer `conv`, `conv_2` over random strings. */

export interface IdSet {
  has(id: string): boolean;
}

/** `prefix` if free, else `prefix_2`, `prefix_3`, … (a trailing `_N` on the prefix is dropped first). */
export function newId(prefix: string, existing: IdSet): string {
  const base = sanitizeId(prefix);
  if (!existing.has(base)) return base;
  const stem = base.replace(/_\d+$/, '') || 'node';
  for (let i = 2; ; i++) {
    const id = `${stem}_${i}`;
    if (!existing.has(id)) return id;
  }
}

/** Ids become identifiers in exported code: keep letters, digits, `_` and `-`; never start with a digit. */
export function sanitizeId(raw: string): string {
  const cleaned = raw.replace(/[^\w-]/g, '_');
  if (cleaned === '') return 'node';
  return /^\d/.test(cleaned) ? `n${cleaned}` : cleaned;
}

/** Every id in use by nodes, edges and groups (node and group ids share one namespace on the canvas). */
export function takenIds(graph: { nodes: { id: string }[]; edges: { id: string }[]; groups: { id: string }[] }): Set<string> {
  const s = new Set<string>();
  for (const n of graph.nodes) s.add(n.id);
  for (const e of graph.edges) s.add(e.id);
  for (const g of graph.groups) s.add(g.id);
  return s;
}

/** Like newId but for display names: kept as written, only suffixed (`_2`, `_3`, …) when taken. */
export function uniqueName(name: string, existing: IdSet): string {
  if (!existing.has(name)) return name;
  const stem = name.replace(/_\d+$/, '') || name;
  for (let i = 2; ; i++) {
    const candidate = `${stem}_${i}`;
    if (!existing.has(candidate)) return candidate;
  }
}
