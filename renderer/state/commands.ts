/** Command constructors used by the store (thin names over shared/graph/commands) and the project type. */
import type { GraphData, GraphEdge, GraphGroup, GraphNode, Position } from '../../shared/graph/types';
import { commands, connectCommand, type Command } from '../../shared/graph/commands';
import type { NetwrightProject } from '../../shared/format';

export type Project = NetwrightProject;

export const cmd = {
  addNodes: (nodes: GraphNode[], edges: GraphEdge[] = [], groups: GraphGroup[] = []): Command => commands.addNodes(nodes, edges, groups),
  removeNodes: (ids: string[]): Command => commands.removeNodes(ids),
  moveNodes: (moves: { id: string; position: Position }[]): Command => commands.moveNodes(moves),
  connect: (graph: GraphData, source: string, target: string, port: number): Command => connectCommand(graph, source, target, port),
  disconnect: (edgeIds: string[]): Command => commands.disconnect(edgeIds),
  setParams: (nodeId: string, params: Record<string, unknown>): Command => commands.setParams(nodeId, params),
  rename: (nodeId: string, name: string): Command => commands.rename(nodeId, name),
  group: (group: GraphGroup): Command => commands.group(group),
  setCollapsed: (groupId: string, collapsed: boolean): Command => commands.setCollapsed(groupId, collapsed),
  batch: (list: Command[], label?: string): Command => commands.batch(list, label),
};
