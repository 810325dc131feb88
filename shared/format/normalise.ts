import type { GraphData } from '../graph/types';
import { getLayerSpec, parseLayerParams } from '../layers/index';
import type { ErrorList } from './errors';
import { joinPath } from './jsonpath';

/**
 * Replaces each node's params with the layer schema's normalised form (defaults filled in), so the
 * rest of the app never sees a half-specified layer. Invalid params are load errors pinned to the exact
 * param (`graph.nodes[3].params.filters`). Unknown layer types (a file from a newer version, a typo) are
 * kept with their params untouched and a warning, so the file still opens; graph validation reports
 * them as 'unknown-type'.
 */
export function normaliseGraphParams(graph: GraphData, base: string, errors: ErrorList, warnings: string[]): GraphData {
  const unknown = new Map<string, number>();
  const nodes = graph.nodes.map((node, i) => {
    let result: ReturnType<typeof parseLayerParams>;
    try {
      if (getLayerSpec(node.type) === undefined) {
        if (!unknown.has(node.type)) unknown.set(node.type, i);
        return node;
      }
      result = parseLayerParams(node.type, node.params);
    } catch (err) {
      // A bug in one layer's schema must not make the whole file unloadable without a pointer to it.
      errors.add(joinPath(base, 'nodes', i, 'type'), `internal error checking ${node.type} params: ${err instanceof Error ? err.message : String(err)}`);
      return node;
    }
    if (result.ok) return { ...node, params: result.params };
    for (const issue of result.issues) {
      errors.add(joinPath(joinPath(base, 'nodes', i, 'params'), ...splitIssuePath(issue.path)), issue.message);
    }
    return node;
  });
  for (const [type, i] of unknown) {
    warnings.push(`${joinPath(base, 'nodes', i, 'type')}: unknown layer type ${JSON.stringify(type.slice(0, 60))}; kept as is`);
  }
  return { ...graph, nodes };
}

function splitIssuePath(path: unknown): (string | number)[] {
  if (Array.isArray(path)) return path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  if (typeof path !== 'string' || path === '') return [];
  return path.split('.').flatMap((part) => {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    const idx = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    return m[1] === '' ? idx : [m[1], ...idx];
  });
}
