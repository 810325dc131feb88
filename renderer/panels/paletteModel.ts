/** Pure palette model (grouping + search), unit-tested without a DOM. */
import type { BlockTemplate } from '../../shared/blocks/types';
import type { UserBlock } from '../../shared/graph/types';
import type { LayerSpec } from '../../shared/layers/types';

export interface PaletteItem {
  kind: 'layer' | 'block' | 'user';
  id: string;
  label: string;
  doc: string;
}

export interface PaletteGroup {
  title: string;
  items: PaletteItem[];
}

const CATEGORY_ORDER = [
  'Input',
  'Core',
  'Convolution',
  'Pooling',
  'Normalization',
  'Activation',
  'Regularization',
  'Reshape',
  'Merge',
  'Recurrent',
  'Attention',
  'Embedding',
];

function matches(item: PaletteItem, q: string): boolean {
  if (!q) return true;
  const hay = `${item.label} ${item.id}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w) || item.doc.toLowerCase().includes(w));
}

/** Groups layers by category (in a teaching-friendly order), then block templates, then user blocks. */
export function paletteGroups(
  types: readonly string[],
  spec: (type: string) => LayerSpec | undefined,
  templates: readonly BlockTemplate[],
  userBlocks: readonly UserBlock[],
  query: string,
): PaletteGroup[] {
  const q = query.trim();
  const byCat = new Map<string, PaletteItem[]>();
  for (const t of types) {
    const s = spec(t);
    if (!s) continue;
    const item: PaletteItem = { kind: 'layer', id: t, label: t, doc: s.doc };
    if (!matches(item, q)) continue;
    byCat.set(s.category, [...(byCat.get(s.category) ?? []), item]);
  }
  const cats = [...byCat.keys()].sort((a, b) => {
    const ia = CATEGORY_ORDER.indexOf(a);
    const ib = CATEGORY_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const groups: PaletteGroup[] = cats.map((c) => ({ title: c, items: byCat.get(c)! }));
  const blocks = templates
    .map((t): PaletteItem => ({ kind: 'block', id: t.template, label: t.template, doc: t.doc }))
    .filter((i) => matches(i, q));
  if (blocks.length) groups.push({ title: 'Blocks', items: blocks });
  const users = userBlocks
    .map((b): PaletteItem => ({ kind: 'user', id: b.name, label: b.name, doc: b.description ?? `${b.graph.nodes.length} layers` }))
    .filter((i) => matches(i, q));
  if (users.length) groups.push({ title: 'My blocks', items: users });
  return groups;
}
