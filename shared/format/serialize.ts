import type { NetwrightProject } from './project';

/**
 * Stable, diff-friendly JSON: known fields in a fixed order, every other key sorted, two-space indent,
 * small arrays/objects of scalars on one line (`"kernelSize": [3, 3]`, `"position": { "x": 0, "y": 120 }`),
 * trailing newline. The same project always serialises to the same text, whatever the insertion order.
 */
export function serializeProject(p: NetwrightProject): string {
  return `${print(canonical(p, 'project'), '')}\n`;
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

/** Rebuilds the value with keys in canonical order (insertion order is what JSON printing follows). */
function canonical(value: unknown, kind: Kind): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, kind));
  if (value === null || typeof value !== 'object') return value;
  const src = value as Record<string, unknown>;
  const known = kind === 'any' || kind === 'blocks' ? [] : ORDER[kind];
  const rest = Object.keys(src)
    .filter((k) => !known.includes(k))
    .sort();
  const out: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) {
    if (!Object.hasOwn(src, key) || src[key] === undefined) continue;
    const elem = kind === 'graph' && Object.hasOwn(ELEMENT_KIND, key) ? ELEMENT_KIND[key] : undefined;
    const v = canonical(src[key], elem ?? childKind(kind, key));
    // A plain assignment to "__proto__" would set the prototype instead of adding a key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

const INLINE_WIDTH = 72;

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalar(v: unknown): string {
  // JSON.stringify maps NaN/Infinity to null, as JSON requires.
  return JSON.stringify(v) ?? 'null';
}

function print(value: unknown, indent: string): string {
  if (isScalar(value)) return scalar(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isScalar)) {
      const line = `[${value.map(scalar).join(', ')}]`;
      if (line.length <= INLINE_WIDTH) return line;
    }
    return `[\n${value.map((v) => inner + print(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => isScalar(v))) {
    const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${scalar(v)}`).join(', ')} }`;
    if (line.length <= INLINE_WIDTH) return line;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner)}`).join(',\n')}\n${indent}}`;
}
