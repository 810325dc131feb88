import type { NetwrightProject } from './project';

/**
 * Stable, diff-friendly JSON: known fields in a fixed order, every other key sorted, two-space indent,
 * small arrays/objects of scalars on one line (`"kernelSize": [3, 3]`, `"position": { "x": 0, "y": 120 }`),
 * trailing newline. The same project always serialises to the same text, whatever the insertion order.
 */
export function serializeProject(p: NetwrightProject): string {
  return `${print(p, 'project', '')}\n`;
}

type Kind = 'project' | 'graph' | 'node' | 'edge' | 'group' | 'block' | 'blocks' | 'any';

const ORDER: Record<Exclude<Kind, 'any' | 'blocks'>, string[]> = {
  project: ['format', 'schemaVersion', 'graph', 'blocks', 'meta'],
  graph: ['nodes', 'edges', 'groups'],
  node: ['id', 'type', 'name', 'params', 'position'],
  edge: ['id', 'source', 'sourcePort', 'target', 'targetPort'],
  group: ['id', 'name', 'parentId', 'collapsed', 'nodeIds', 'block'],
  block: ['name', 'description', 'inputs', 'outputs', 'graph'],
};

function childKind(parent: Kind, key: string): Kind {
  if (parent === 'project' && key === 'graph') return 'graph';
  if (parent === 'project' && key === 'blocks') return 'blocks';
  if (parent === 'blocks') return 'block';
  if (parent === 'block' && key === 'graph') return 'graph';
  return 'any';
}

const ELEMENT_KIND: Record<string, Kind> = { nodes: 'node', edges: 'edge', groups: 'group' };

/** Keys of an object in canonical order: known fields first (in ORDER), then the rest sorted. */
function orderedKeys(src: Record<string, unknown>, kind: Kind): string[] {
  const known = kind === 'any' || kind === 'blocks' ? [] : ORDER[kind];
  const keys: string[] = [];
  for (const k of known) if (Object.hasOwn(src, k) && src[k] !== undefined) keys.push(k);
  const rest: string[] = [];
  for (const k of Object.keys(src)) if (!known.includes(k) && src[k] !== undefined) rest.push(k);
  rest.sort();
  return keys.concat(rest);
}

function kindOfChild(kind: Kind, key: string): Kind {
  if (kind === 'graph' && Object.hasOwn(ELEMENT_KIND, key)) return ELEMENT_KIND[key];
  return childKind(kind, key);
}

const INLINE_WIDTH = 72;

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalar(v: unknown): string {
  // JSON.stringify maps NaN/Infinity to null, as JSON requires.
  return JSON.stringify(v) ?? 'null';
}

/** One pass: canonical key order and layout together (no intermediate copies; this runs on every autosave). */
function print(value: unknown, kind: Kind, indent: string): string {
  if (isScalar(value)) return scalar(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isScalar)) {
      const line = `[${value.map(scalar).join(', ')}]`;
      if (line.length <= INLINE_WIDTH) return line;
    }
    return `[\n${value.map((v) => inner + print(v, kind, inner)).join(',\n')}\n${indent}]`;
  }
  const src = value as Record<string, unknown>;
  const keys = orderedKeys(src, kind);
  if (keys.length === 0) return '{}';
  if (keys.every((k) => isScalar(src[k]))) {
    const line = `{ ${keys.map((k) => `${JSON.stringify(k)}: ${scalar(src[k])}`).join(', ')} }`;
    if (line.length <= INLINE_WIDTH) return line;
  }
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${print(src[k], kindOfChild(kind, k), inner)}`).join(',\n')}\n${indent}}`;
}
