/**
 * Turns an issue's FixHint into a document command, so "one click" is one undoable edit:
 * setParams merges the suggested params; insertBefore splits the edge into the named input port with a
 * new layer (fresh readable id, placed between its neighbours, params normalised with defaults).
 */
import { commands, type Command } from '../graph/commands';
import { newId, takenIds, uniqueName } from '../graph/ids';
import type { GraphData, GraphNode } from '../graph/types';
import type { GraphIssue } from '../infer/types';
import type { LayerLookup } from '../infer/params';

export function fixCommand(graph: GraphData, issue: GraphIssue, lookup?: LayerLookup): Command | null {
  const fix = issue.fix;
  if (!fix || issue.nodeId === undefined) return null;
  const node = graph.nodes.find((n) => n.id === issue.nodeId);
  if (!node) return null;
  if (fix.kind === 'setParams') return commands.setParams(node.id, { ...node.params, ...fix.params });

  const edge = graph.edges.find((e) => e.target === node.id && e.targetPort === fix.port);
  if (!edge) return null;
  const source = graph.nodes.find((n) => n.id === edge.source);
  const stem = /projection/i.test(fix.label) ? `${node.id}_proj${fix.port === 0 ? '' : fix.port}` : `${node.id}_${fix.type.toLowerCase()}`;
  const id = newId(stem, takenIds(graph));
  const parsed = lookup?.parseLayerParams(fix.type, fix.params);
  const from = source?.position ?? { x: node.position.x, y: node.position.y - 100 };
  const inserted: GraphNode = {
    id,
    type: fix.type,
    params: parsed?.ok ? parsed.params : { ...fix.params },
    position: { x: (from.x + node.position.x) / 2, y: (from.y + node.position.y) / 2 },
    name: uniqueName(id, new Set(graph.nodes.map((n) => n.name ?? n.id))),
  };
  return commands.insertOnEdge(edge.id, inserted);
}
