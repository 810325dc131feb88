import type { GraphData, UserBlock } from '../graph/types';
import { ErrorList, type LoadError } from './errors';
import { checkBlockPorts, checkGraphIntegrity } from './integrity';
import { parseJson } from './json';
import { DEFAULT_LIMITS, type FormatLimits } from './limits';
import { migrate, type JsonObject } from './migrations';
import { normaliseGraphParams } from './normalise';
import { formatPath, joinPath } from './jsonpath';
import { CURRENT_SCHEMA_VERSION, FORMAT_ID, type NetwrightProject } from './project';
import { projectSchema } from './schema';
import { scanHostile } from './scan';

export interface LoadOptions {
  /** Nodes allowed in the graph plus all user blocks (default 50,000). */
  maxNodes?: number;
  /** Any other limit; see DEFAULT_LIMITS. `maxNodes` wins over `limits.maxNodes`. */
  limits?: Partial<FormatLimits>;
}

export type LoadResult =
  | { ok: true; project: NetwrightProject; warnings: string[] }
  | { ok: false; errors: LoadError[] };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * parse → detect version (refuse newer) → size limits → hostile-input scan → migrate → zod → integrity → normalise
 * params. Never throws: every failure is a list of errors with JSON paths.
 */
export function loadProject(text: string, opts: LoadOptions = {}): LoadResult {
  const limits: FormatLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  if (opts.maxNodes !== undefined) limits.maxNodes = opts.maxNodes;
  try {
    return loadUnsafe(text, limits);
  } catch (err) {
    // Defensive: a bug here must not take the app down with a user's file.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, errors: [{ path: '$', message: `internal error while loading the project: ${message}` }] };
  }
}

function fail(errors: ErrorList | LoadError[]): LoadResult {
  return { ok: false, errors: Array.isArray(errors) ? errors : errors.result() };
}

function loadUnsafe(text: string, limits: FormatLimits): LoadResult {
  if (typeof text !== 'string') return fail([{ path: '$', message: `expected the file's text, got ${kindOf(text)}` }]);
  if (text.length > limits.maxTextLength) {
    return fail([{ path: '$', message: `file of ${text.length.toLocaleString('en-US')} characters exceeds the limit of ${limits.maxTextLength.toLocaleString('en-US')}` }]);
  }
  if (text.trim() === '') return fail([{ path: '$', message: 'the file is empty' }]);
  const parsed = parseJson(text);
  if (!parsed.ok) return fail([{ path: '$', message: parsed.message }]);

  const errors = new ErrorList(limits.maxErrors);
  const doc = parsed.value;
  if (!isObject(doc)) {
    return fail([{ path: '$', message: `expected a JSON object (a Netwright project or a bare {nodes, edges} graph), got ${kindOf(doc)}` }]);
  }
  const version = detectVersion(doc, errors);
  if (version === null) return fail(errors);
  if (version > CURRENT_SCHEMA_VERSION) {
    return fail([{
      path: 'schemaVersion',
      message: `made by a newer Netwright (schema ${version}; this version reads ≤ ${CURRENT_SCHEMA_VERSION}) — update Netwright`,
    }]);
  }

  // Counts first (cheap, reads array lengths only), then the full walk over every value.
  checkCounts(doc, version, limits, errors);
  if (!errors.empty) return fail(errors);
  scanHostile(doc, limits, errors);
  if (!errors.empty) return fail(errors);

  const bare = version === 0 && !('format' in doc);
  const warnings: string[] = [];
  const migrated = migrate(doc, version, (m) => warnings.push(m));
  if (version < CURRENT_SCHEMA_VERSION) {
    warnings.unshift(`converted from schema ${version}${bare ? ' (bare graph)' : ''} to schema ${CURRENT_SCHEMA_VERSION}`);
  }

  // Paths below refer to the migrated document; for a bare graph, point them back at the file as written.
  const result = validateMigrated(migrated, errors, warnings);
  if (!bare) return result;
  if (!result.ok) return { ok: false, errors: result.errors.map(unwrapBarePath) };
  return { ...result, warnings: result.warnings.map((w) => (w.startsWith('graph.') ? w.slice('graph.'.length) : w)) };
}

function unwrapBarePath(e: LoadError): LoadError {
  if (e.path === 'graph') return { ...e, path: '$' };
  if (e.path.startsWith('graph.')) return { ...e, path: e.path.slice('graph.'.length) };
  return e;
}

function validateMigrated(migrated: JsonObject, errors: ErrorList, warnings: string[]): LoadResult {
  const checked = projectSchema.safeParse(migrated);
  if (!checked.success) {
    for (const issue of checked.error.issues) errors.add(formatPath(issue.path.filter(isSegment)), zodMessage(issue.message));
    return fail(errors);
  }
  const p = checked.data;
  const graph = p.graph as GraphData;
  checkGraphIntegrity(graph, 'graph', errors);
  const blocks = p.blocks as Record<string, UserBlock>;
  for (const [key, block] of Object.entries(blocks)) {
    const base = joinPath('blocks', key);
    checkGraphIntegrity(block.graph, joinPath(base, 'graph'), errors);
    checkBlockPorts(block, base, errors);
  }
  if (!errors.empty) return fail(errors);

  const normalGraph = normaliseGraphParams(graph, 'graph', errors, warnings);
  const normalBlocks: Record<string, UserBlock> = {};
  for (const [key, block] of Object.entries(blocks)) {
    const graphOfBlock = normaliseGraphParams(block.graph, joinPath('blocks', key, 'graph'), errors, warnings);
    Object.defineProperty(normalBlocks, key, { value: { ...block, graph: graphOfBlock }, enumerable: true, writable: true, configurable: true });
  }
  if (!errors.empty) return fail(errors);

  const project: NetwrightProject = { ...p, format: FORMAT_ID, schemaVersion: CURRENT_SCHEMA_VERSION, graph: normalGraph, blocks: normalBlocks, meta: p.meta };
  return { ok: true, project, warnings };
}

function isSegment(s: PropertyKey): s is string | number {
  return typeof s === 'string' || typeof s === 'number';
}

/** zod's "Invalid input: expected string, received undefined" → "required (expected string)". */
function zodMessage(message: string): string {
  const m = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (m) return m[2] === 'undefined' ? `required (expected ${m[1]})` : `expected ${m[1] === 'int' ? 'an integer' : m[1]}, got ${m[2]}`;
  return message.replace(/^Invalid input: /, '');
}

/** Returns the document's schema version, 0 for the bare-graph form, or null after adding an error. */
function detectVersion(doc: JsonObject, errors: ErrorList): number | null {
  if (!('format' in doc) && !('schemaVersion' in doc)) {
    if ('nodes' in doc) return 0;
    errors.add('$', 'not a Netwright project: expected {"format": "netwright", "schemaVersion": …, "graph": …} or a bare graph {"nodes": […], "edges": […]}');
    return null;
  }
  if (doc.format !== FORMAT_ID) {
    const got = typeof doc.format === 'string' ? JSON.stringify(doc.format.slice(0, 40)) : kindOf(doc.format);
    errors.add('format', `expected "netwright", got ${doc.format === undefined ? 'nothing' : got}`);
    return null;
  }
  const v = doc.schemaVersion;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    errors.add('schemaVersion', `expected a whole number ≥ 0, got ${typeof v === 'number' ? v : kindOf(v)}`);
    return null;
  }
  return v;
}

/** Bounds sizes before migrations/layout/zod spend time on them. */
function checkCounts(doc: JsonObject, version: number, limits: FormatLimits, errors: ErrorList): void {
  const bare = version === 0 && !('format' in doc);
  const graphs: { graph: unknown; path: string }[] = [{ graph: bare ? doc : doc.graph, path: bare ? '$' : 'graph' }];
  if (isObject(doc.blocks)) {
    for (const [key, b] of Object.entries(doc.blocks)) if (isObject(b)) graphs.push({ graph: b.graph, path: joinPath('blocks', key, 'graph') });
  }
  const totals = { nodes: 0, edges: 0, groups: 0 };
  let first: Record<keyof typeof totals, string | null> = { nodes: null, edges: null, groups: null };
  for (const { graph, path } of graphs) {
    if (!isObject(graph)) continue;
    for (const key of ['nodes', 'edges', 'groups'] as const) {
      const arr = graph[key];
      if (Array.isArray(arr)) {
        totals[key] += arr.length;
        first = { ...first, [key]: first[key] ?? joinPath(path, key) };
      }
    }
  }
  const max = { nodes: limits.maxNodes, edges: limits.maxEdges, groups: limits.maxGroups };
  for (const key of ['nodes', 'edges', 'groups'] as const) {
    if (totals[key] > max[key]) {
      errors.add(first[key] ?? '$', `${totals[key].toLocaleString('en-US')} ${key} exceed the limit of ${max[key].toLocaleString('en-US')}${key === 'nodes' ? ' (raise it with the maxNodes option)' : ''}`);
    }
  }
}
