/**
 * Array patches: the primitive every document command compiles to. A patch removes items by id, replaces
 * items by id (in place) and inserts items at indices of the resulting array. Its inverse is computed while
 * applying it, and restores the exact original array (same order, same object identities), which is what
 * makes undo exact. Untouched items keep their identity so stores can diff by reference.
 */

export interface Identified {
  id: string;
}

export interface ArrayPatch<T extends Identified> {
  /** Ids of items to drop (applied first). */
  remove?: string[];
  /** Items that replace the existing item with the same id, in place (applied second). */
  replace?: T[];
  /** Items inserted at `index` of the final array, applied in ascending index order (applied last). */
  insert?: { index: number; item: T }[];
}

export function isEmptyPatch<T extends Identified>(p: ArrayPatch<T> | undefined): boolean {
  return !p || ((p.remove?.length ?? 0) === 0 && (p.replace?.length ?? 0) === 0 && (p.insert?.length ?? 0) === 0);
}

/**
 * Applies `patch` to `items` (never mutated). Returns the new array (the same array when the patch is
 * empty) and the inverse patch. Throws an Error naming the id when the patch does not fit the array.
 */
export function applyArrayPatch<T extends Identified>(
  items: readonly T[],
  patch: ArrayPatch<T> | undefined,
  what: string,
): { items: T[]; inverse: ArrayPatch<T> } {
  if (!patch || isEmptyPatch(patch)) return { items: items as T[], inverse: {} };
  const inverse: ArrayPatch<T> = {};
  let out: T[] = items as T[];

  const remove = patch.remove ?? [];
  if (remove.length > 0) {
    const drop = new Set(remove);
    if (drop.size !== remove.length) throw new Error(`Cannot remove ${what} '${firstDuplicate(remove)}' twice in one edit`);
    const kept: T[] = [];
    const removed: { index: number; item: T }[] = [];
    for (let i = 0; i < out.length; i++) {
      const item = out[i];
      if (drop.has(item.id)) removed.push({ index: i, item });
      else kept.push(item);
    }
    if (removed.length !== drop.size) {
      const found = new Set(removed.map((r) => r.item.id));
      throw new Error(`No ${what} '${remove.find((id) => !found.has(id))}'`);
    }
    out = kept;
    inverse.insert = removed;
  }

  const replace = patch.replace ?? [];
  if (replace.length > 0) {
    const byId = new Map<string, T>();
    for (const item of replace) {
      if (byId.has(item.id)) throw new Error(`Cannot change ${what} '${item.id}' twice in one edit`);
      byId.set(item.id, item);
    }
    const old: T[] = [];
    out = out.map((item) => {
      const next = byId.get(item.id);
      if (next === undefined) return item;
      old.push(item);
      return next;
    });
    if (old.length !== byId.size) {
      const found = new Set(old.map((o) => o.id));
      throw new Error(`No ${what} '${replace.find((r) => !found.has(r.id))?.id}'`);
    }
    inverse.replace = old;
  }

  const insert = patch.insert ?? [];
  if (insert.length > 0) {
    const taken = new Set<string>();
    for (const item of out) taken.add(item.id);
    const sorted = [...insert].sort((a, b) => a.index - b.index);
    const total = out.length + sorted.length;
    const merged: T[] = new Array<T>(total);
    let src = 0;
    let k = 0;
    // Merge instead of repeated splice: linear even when undo re-inserts thousands of items.
    for (let j = 0; j < total; j++) {
      if (k < sorted.length && sorted[k].index === j) {
        const { item } = sorted[k++];
        if (taken.has(item.id)) throw new Error(`Duplicate ${what} id '${item.id}'`);
        taken.add(item.id);
        merged[j] = item;
      } else if (src < out.length) {
        merged[j] = out[src++];
      } else {
        const bad = sorted[k];
        throw new Error(`Cannot insert ${what} '${bad.item.id}' at position ${bad.index} (the list has ${j} items)`);
      }
    }
    if (k < sorted.length) {
      const bad = sorted[k];
      throw new Error(`Cannot insert ${what} '${bad.item.id}' at position ${bad.index} (the list has ${total - 1} items)`);
    }
    out = merged;
    inverse.remove = sorted.map((s) => s.item.id);
  }
  return { items: out, inverse };
}

function firstDuplicate(ids: string[]): string {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return '';
}
