/**
 * Keeps React Flow node/edge objects identical across re-derivations when nothing about them changed, so
 * a drag re-renders only the dragged node (React Flow and the memoised node components compare by
 * identity) instead of every node on the canvas.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Shallow over the top-level keys, structural (JSON) for nested values. */
export function sameItem(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  for (const k of ka) {
    if (!(k in rb)) return false;
    if (k === 'data') {
      if (!sameItem(ra[k] as object, rb[k] as object)) return false;
    } else if (!sameValue(ra[k], rb[k])) return false;
  }
  return true;
}

export class Stabilizer<T extends { id: string }> {
  private prev = new Map<string, T>();

  apply(next: T[]): T[] {
    const map = new Map<string, T>();
    const out = next.map((item) => {
      const old = this.prev.get(item.id);
      const kept = old && sameItem(old, item) ? old : item;
      map.set(item.id, kept);
      return kept;
    });
    this.prev = map;
    return out;
  }
}
