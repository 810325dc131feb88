/**
 * Document commands: every mutation of the graph is a plain-data command with an inverse, so undo/redo,
 * gesture batching and replay come for free. Commands compile to array patches (./patch) applied
 * immutably: changed arrays and objects are new, everything else is shared, so stores diff by identity
 * and the incremental analyzer sees exactly which nodes changed. Invalid commands throw a clear Error and
 * leave the input graph untouched.
 */
import type { GraphData, GraphEdge, GraphGroup, GraphNode, Position } from './types';
import { applyArrayPatch, type ArrayPatch } from './patch';
import { newId, takenIds } from './ids';

export type { ArrayPatch } from './patch';

export interface GraphPatch {
  nodes?: ArrayPatch<GraphNode>;
  edges?: ArrayPatch<GraphEdge>;
  groups?: ArrayPatch<GraphGroup>;
}

export type Command =
  /** "Add subgraph": paste, insert block, preset fragment. Edges may connect to existing nodes. */
  | { kind: 'addNodes'; nodes: GraphNode[]; edges?: GraphEdge[]; groups?: GraphGroup[] }
  /** Also removes incident edges and group membership; groups left empty disappear. */
  | { kind: 'removeNodes'; ids: string[] }
  | { kind: 'moveNodes'; moves: { id: string; position: Position }[] }
  | { kind: 'connect'; edge: GraphEdge }
  | { kind: 'disconnect'; edgeIds: string[] }
  /** Replaces the node's params object as a whole (callers spread the old params to change one field). */
  | { kind: 'setParams'; nodeId: string; params: Record<string, unknown> }
  /** `name: undefined` clears the display name (the id is shown). */
  | { kind: 'rename'; nodeId: string; name: string | undefined }
  | { kind: 'group'; group: GraphGroup }
  /** Removes the group record only (nodes stay); nested groups move up to its parent. */
  | { kind: 'ungroup'; groupId: string }
  | { kind: 'setCollapsed'; groupId: string; collapsed: boolean }
  /**
   * A re-expanded block: the group's member nodes, their edges and nested groups are replaced by `nodes`
   * and `edges` (which include the wires to the outside), and the group record by `group`.
   */
  | { kind: 'replaceGroupContents'; groupId: string; group: GraphGroup; nodes: GraphNode[]; edges: GraphEdge[] }
  /**
   * Splits edge source→target into source→node→target: a new edge feeds the node's port 0 and the old
   * edge (same id, same target port) now leaves the node. Used by fixes (insert Flatten, 1×1 projection).
   */
  | { kind: 'insertOnEdge'; edgeId: string; node: GraphNode; inEdgeId?: string }
  /** One undo entry for one user gesture; applied in order, undone in reverse. */
  | { kind: 'batch'; commands: Command[]; label?: string }
  /** Raw patch: what inverses are made of. */
  | { kind: 'patch'; patch: GraphPatch };

export type CommandKind = Command['kind'];

/** Applies `cmd` to `graph` without mutating it. Returns the new graph and the command that undoes it. */
export function applyCommand(graph: GraphData, cmd: Command): { graph: GraphData; inverse: Command } {
  if (cmd.kind === 'batch') {
    let g = graph;
    const inverses: Command[] = [];
    for (const c of cmd.commands) {
      const r = applyCommand(g, c);
      g = r.graph;
      inverses.push(r.inverse);
    }
    inverses.reverse();
    return { graph: g, inverse: cmd.label === undefined ? { kind: 'batch', commands: inverses } : { kind: 'batch', commands: inverses, label: cmd.label } };
  }
  const patch = cmd.kind === 'patch' ? cmd.patch : compile(graph, cmd);
  return applyGraphPatch(graph, patch);
}

/** Applies a patch to the three arrays; arrays a patch does not touch are shared with the input. */
export function applyGraphPatch(graph: GraphData, patch: GraphPatch): { graph: GraphData; inverse: Command } {
  const nodes = applyArrayPatch(graph.nodes, patch.nodes, 'node');
  const edges = applyArrayPatch(graph.edges, patch.edges, 'edge');
  const groups = applyArrayPatch(graph.groups, patch.groups, 'group');
  const inverse: GraphPatch = {};
  if (patch.nodes) inverse.nodes = nodes.inverse;
  if (patch.edges) inverse.edges = edges.inverse;
  if (patch.groups) inverse.groups = groups.inverse;
  return { graph: { ...graph, nodes: nodes.items, edges: edges.items, groups: groups.items }, inverse: { kind: 'patch', patch: inverse } };
}

/** Human label for menus ("Undo Move"). */
export function describeCommand(cmd: Command): string {
  switch (cmd.kind) {
    case 'addNodes':
      return cmd.nodes.length === 1 ? `Add ${cmd.nodes[0].type}` : `Add ${cmd.nodes.length} layers`;
    case 'removeNodes':
      return cmd.ids.length === 1 ? 'Delete layer' : `Delete ${cmd.ids.length} layers`;
    case 'moveNodes':
      return 'Move';
    case 'connect':
      return 'Connect';
    case 'disconnect':
      return 'Disconnect';
    case 'setParams':
      return 'Change parameters';
    case 'rename':
      return 'Rename';
    case 'group':
      return 'Group';
    case 'ungroup':
      return 'Ungroup';
    case 'setCollapsed':
      return cmd.collapsed ? 'Collapse' : 'Expand';
    case 'replaceGroupContents':
      return 'Edit block';
    case 'insertOnEdge':
      return `Insert ${cmd.node.type}`;
    case 'batch':
      return cmd.label ?? (cmd.commands.length === 1 ? describeCommand(cmd.commands[0]) : 'Edit');
    case 'patch':
      return 'Edit';
  }
}

// ---------------------------------------------------------------------------------------------------------

type Leaf = Exclude<Command, { kind: 'batch' } | { kind: 'patch' }>;

function compile(graph: GraphData, cmd: Leaf): GraphPatch {
  switch (cmd.kind) {
    case 'addNodes':
      return compileAdd(graph, cmd.nodes, cmd.edges ?? [], cmd.groups ?? []);
    case 'removeNodes':
      return compileRemove(graph, cmd.ids);
    case 'moveNodes': {
      const byId = nodeMap(graph);
      return {
        nodes: {
          replace: cmd.moves.map(({ id, position }) => {
            const n = requireNode(byId, id);
            if (!isPosition(position)) throw new Error(`Invalid position for node '${id}': expected finite {x, y}`);
            return { ...n, position: { x: position.x, y: position.y } };
          }),
        },
      };
    }
    case 'connect':
      return { edges: { insert: [{ index: graph.edges.length, item: checkNewEdges(graph, [cmd.edge], new Set(graph.nodes.map((n) => n.id)))[0] }] } };
    case 'disconnect': {
      if (cmd.edgeIds.length === 0) throw new Error('Nothing to disconnect: no edge ids given');
      return { edges: { remove: [...cmd.edgeIds] } };
    }
    case 'setParams': {
      const n = requireNode(nodeMap(graph), cmd.nodeId);
      if (!isPlainObject(cmd.params)) throw new Error(`Params for node '${cmd.nodeId}' must be an object`);
      return { nodes: { replace: [{ ...n, params: cmd.params }] } };
    }
    case 'rename':
      return compileRename(graph, cmd.nodeId, cmd.name);
    case 'group': {
      checkNewGroups(graph, [cmd.group], new Set(graph.nodes.map((n) => n.id)));
      return { groups: { insert: [{ index: graph.groups.length, item: cmd.group }] } };
    }
    case 'ungroup': {
      requireGroup(graph, cmd.groupId);
      const removed = graph.groups.find((g) => g.id === cmd.groupId)!;
      const replace = graph.groups.filter((g) => g.parentId === cmd.groupId).map((g) => reparent(g, removed.parentId));
      return { groups: { remove: [cmd.groupId], replace } };
    }
    case 'setCollapsed': {
      const g = requireGroup(graph, cmd.groupId);
      if (typeof cmd.collapsed !== 'boolean') throw new Error(`setCollapsed on '${cmd.groupId}' needs true or false`);
      return { groups: { replace: [{ ...g, collapsed: cmd.collapsed }] } };
    }
    case 'replaceGroupContents':
      return compileReplaceGroup(graph, cmd.groupId, cmd.group, cmd.nodes, cmd.edges);
    case 'insertOnEdge':
      return compileInsertOnEdge(graph, cmd.edgeId, cmd.node, cmd.inEdgeId);
  }
}

function compileAdd(graph: GraphData, nodes: GraphNode[], edges: GraphEdge[], groups: GraphGroup[]): GraphPatch {
  if (nodes.length === 0 && edges.length === 0 && groups.length === 0) throw new Error('Nothing to add');
  const taken = new Set<string>();
  for (const n of graph.nodes) taken.add(n.id);
  for (const g of graph.groups) taken.add(g.id);
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  for (const n of nodes) {
    checkNode(n);
    if (taken.has(n.id)) throw new Error(`Duplicate id '${n.id}': a node or group with this id already exists`);
    taken.add(n.id);
    nodeIds.add(n.id);
  }
  const patch: GraphPatch = {};
  if (nodes.length) patch.nodes = { insert: nodes.map((item, i) => ({ index: graph.nodes.length + i, item })) };
  if (edges.length) {
    const checked = checkNewEdges(graph, edges, nodeIds);
    patch.edges = { insert: checked.map((item, i) => ({ index: graph.edges.length + i, item })) };
  }
  if (groups.length) {
    checkNewGroups(graph, groups, nodeIds, new Set(nodes.map((n) => n.id)));
    patch.groups = { insert: groups.map((item, i) => ({ index: graph.groups.length + i, item })) };
  }
  return patch;
}

function compileRemove(graph: GraphData, ids: string[]): GraphPatch {
  if (ids.length === 0) throw new Error('Nothing to delete: no node ids given');
  const gone = new Set(ids);
  if (gone.size !== ids.length) throw new Error('Cannot delete the same node twice in one edit');
  const byId = nodeMap(graph);
  for (const id of ids) requireNode(byId, id);
  const edgeIds = graph.edges.filter((e) => gone.has(e.source) || gone.has(e.target)).map((e) => e.id);

  // Drop membership; a group left with no nodes and no nested groups disappears (cascading upwards).
  const next = new Map<string, GraphGroup>();
  for (const g of graph.groups) {
    if (g.nodeIds.some((id) => gone.has(id))) next.set(g.id, { ...g, nodeIds: g.nodeIds.filter((id) => !gone.has(id)) });
  }
  const removedGroups = new Set<string>();
  const childCount = new Map<string, number>();
  for (const g of graph.groups) if (g.parentId !== undefined) childCount.set(g.parentId, (childCount.get(g.parentId) ?? 0) + 1);
  let candidates = [...next.values()];
  while (candidates.length) {
    const parents: GraphGroup[] = [];
    for (const g of candidates) {
      if (removedGroups.has(g.id) || g.nodeIds.length > 0 || (childCount.get(g.id) ?? 0) > 0) continue;
      removedGroups.add(g.id);
      if (g.parentId !== undefined) {
        childCount.set(g.parentId, (childCount.get(g.parentId) ?? 1) - 1);
        const parent = next.get(g.parentId) ?? graph.groups.find((p) => p.id === g.parentId);
        if (parent) parents.push(parent);
      }
    }
    candidates = parents;
  }
  const patch: GraphPatch = { nodes: { remove: [...ids] } };
  if (edgeIds.length) patch.edges = { remove: edgeIds };
  const replace = [...next.values()].filter((g) => !removedGroups.has(g.id));
  if (replace.length || removedGroups.size) patch.groups = { remove: [...removedGroups], replace };
  return patch;
}

function compileRename(graph: GraphData, nodeId: string, name: string | undefined): GraphPatch {
  const n = requireNode(nodeMap(graph), nodeId);
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') throw new Error(`A name cannot be empty (node '${nodeId}')`);
    const clash = graph.nodes.find((o) => o.id !== nodeId && (o.name ?? o.id) === name);
    if (clash) throw new Error(`Another layer is already named '${name}' (node '${clash.id}')`);
    return { nodes: { replace: [{ ...n, name }] } };
  }
  const { name: _old, ...rest } = n;
  return { nodes: { replace: [rest] } };
}

function compileReplaceGroup(graph: GraphData, groupId: string, group: GraphGroup, nodes: GraphNode[], edges: GraphEdge[]): GraphPatch {
  const old = requireGroup(graph, groupId);
  if (group.id !== groupId) throw new Error(`replaceGroupContents: the new group record has id '${group.id}', expected '${groupId}'`);
  // Nested groups go with the old contents.
  const dropGroups = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const g of graph.groups) {
      if (g.parentId !== undefined && (g.parentId === groupId || dropGroups.has(g.parentId)) && !dropGroups.has(g.id)) {
        dropGroups.add(g.id);
        grew = true;
      }
    }
  }
  const oldNodes = new Set(old.nodeIds);
  const kept: GraphData = {
    nodes: graph.nodes.filter((n) => !oldNodes.has(n.id)),
    edges: graph.edges.filter((e) => !oldNodes.has(e.source) && !oldNodes.has(e.target)),
    groups: graph.groups.filter((g) => g.id !== groupId && !dropGroups.has(g.id)),
  };
  const taken = new Set<string>([...kept.nodes.map((n) => n.id), ...graph.groups.map((g) => g.id)]);
  const nodeIds = new Set(kept.nodes.map((n) => n.id));
  for (const n of nodes) {
    checkNode(n);
    if (taken.has(n.id)) throw new Error(`Duplicate id '${n.id}': a node or group with this id already exists`);
    taken.add(n.id);
    nodeIds.add(n.id);
  }
  const newEdges = checkNewEdges(kept, edges, nodeIds);
  const missing = group.nodeIds.find((id) => !nodeIds.has(id));
  if (missing !== undefined) throw new Error(`Group '${group.name}' lists unknown node '${missing}'`);

  // Ancestors that listed the old members now list the new ones.
  const ancestors = new Set<string>();
  for (let p = old.parentId; p !== undefined && !ancestors.has(p); p = graph.groups.find((g) => g.id === p)?.parentId) ancestors.add(p);
  const replace: GraphGroup[] = [group];
  for (const g of graph.groups) {
    if (g.id === groupId || dropGroups.has(g.id)) continue;
    const touches = g.nodeIds.some((id) => oldNodes.has(id));
    if (!touches && !ancestors.has(g.id)) continue;
    const ids = g.nodeIds.filter((id) => !oldNodes.has(id));
    replace.push({ ...g, nodeIds: ancestors.has(g.id) ? [...ids, ...nodes.map((n) => n.id)] : ids });
  }
  const removeEdges = graph.edges.filter((e) => oldNodes.has(e.source) || oldNodes.has(e.target)).map((e) => e.id);
  return {
    nodes: { remove: [...old.nodeIds], insert: nodes.map((item, i) => ({ index: kept.nodes.length + i, item })) },
    edges: { remove: removeEdges, insert: newEdges.map((item, i) => ({ index: kept.edges.length + i, item })) },
    groups: { remove: [...dropGroups], replace },
  };
}

function compileInsertOnEdge(graph: GraphData, edgeId: string, node: GraphNode, inEdgeId: string | undefined): GraphPatch {
  const index = graph.edges.findIndex((e) => e.id === edgeId);
  if (index < 0) throw new Error(`No edge '${edgeId}'`);
  const edge = graph.edges[index];
  checkNode(node);
  if (graph.nodes.some((n) => n.id === node.id) || graph.groups.some((g) => g.id === node.id)) {
    throw new Error(`Duplicate id '${node.id}': a node or group with this id already exists`);
  }
  const id = inEdgeId ?? newId(`${node.id}_in0`, takenIds(graph));
  if (graph.edges.some((e) => e.id === id)) throw new Error(`Duplicate edge id '${id}'`);
  const into: GraphEdge = { id, source: edge.source, target: node.id, targetPort: 0 };
  if (edge.sourcePort !== undefined) into.sourcePort = edge.sourcePort;
  const { sourcePort: _sp, ...rest } = edge;
  const out: GraphEdge = { ...rest, source: node.id };
  // The new layer joins every group that holds both ends (so it is inside a block when inserted inside it).
  const groups = graph.groups
    .filter((g) => g.nodeIds.includes(edge.source) && g.nodeIds.includes(edge.target))
    .map((g) => ({ ...g, nodeIds: [...g.nodeIds, node.id] }));
  const patch: GraphPatch = {
    nodes: { insert: [{ index: graph.nodes.length, item: node }] },
    edges: { replace: [out], insert: [{ index, item: into }] },
  };
  if (groups.length) patch.groups = { replace: groups };
  return patch;
}

// ---------------------------------------------------------------------------------------------------------

function nodeMap(graph: GraphData): Map<string, GraphNode> {
  const m = new Map<string, GraphNode>();
  for (const n of graph.nodes) m.set(n.id, n);
  return m;
}

function requireNode(byId: Map<string, GraphNode>, id: string): GraphNode {
  const n = byId.get(id);
  if (!n) throw new Error(`No node '${id}'`);
  return n;
}

function requireGroup(graph: GraphData, id: string): GraphGroup {
  const g = graph.groups.find((x) => x.id === id);
  if (!g) throw new Error(`No group '${id}'`);
  return g;
}

function reparent(g: GraphGroup, parentId: string | undefined): GraphGroup {
  if (parentId !== undefined) return { ...g, parentId };
  const { parentId: _p, ...rest } = g;
  return rest;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPosition(p: unknown): p is Position {
  return isPlainObject(p) && Number.isFinite(p.x) && Number.isFinite(p.y);
}

function checkNode(n: GraphNode): void {
  if (!isPlainObject(n) || typeof n.id !== 'string' || n.id === '') throw new Error('A node needs a non-empty string id');
  if (typeof n.type !== 'string' || n.type === '') throw new Error(`Node '${n.id}' needs a layer type`);
  if (!isPlainObject(n.params)) throw new Error(`Node '${n.id}': params must be an object`);
  if (!isPosition(n.position)) throw new Error(`Node '${n.id}': position must be finite {x, y}`);
}

/** Validates edges added to `graph`; their endpoints must be in `nodeIds`. Returns them unchanged. */
function checkNewEdges(graph: GraphData, edges: GraphEdge[], nodeIds: Set<string>): GraphEdge[] {
  const ids = new Set(graph.edges.map((e) => e.id));
  const ports = new Map<string, string>();
  for (const e of graph.edges) ports.set(`${e.target}\u0000${e.targetPort}`, e.source);
  const exists = (id: string) => nodeIds.has(id);
  for (const e of edges) {
    if (!isPlainObject(e) || typeof e.id !== 'string' || e.id === '') throw new Error('An edge needs a non-empty string id');
    if (ids.has(e.id)) throw new Error(`Duplicate edge id '${e.id}'`);
    if (!exists(e.source)) throw new Error(`Edge '${e.id}': no source node '${e.source}'`);
    if (!exists(e.target)) throw new Error(`Edge '${e.id}': no target node '${e.target}'`);
    if (!Number.isInteger(e.targetPort) || e.targetPort < 0) throw new Error(`Edge '${e.id}': targetPort must be an integer ≥ 0, got ${String(e.targetPort)}`);
    const key = `${e.target}\u0000${e.targetPort}`;
    const other = ports.get(key);
    if (other !== undefined) throw new Error(`Input ${e.targetPort} of '${e.target}' is already fed by '${other}'`);
    ids.add(e.id);
    ports.set(key, e.source);
  }
  return edges;
}

function checkNewGroups(graph: GraphData, groups: GraphGroup[], nodeIds: Set<string>, newNodeIds: Set<string> = new Set()): void {
  const taken = new Set<string>([...graph.groups.map((g) => g.id), ...graph.nodes.map((n) => n.id), ...newNodeIds]);
  const groupIds = new Set(graph.groups.map((g) => g.id));
  for (const g of groups) {
    if (!isPlainObject(g) || typeof g.id !== 'string' || g.id === '') throw new Error('A group needs a non-empty string id');
    if (taken.has(g.id)) throw new Error(`Duplicate id '${g.id}': a node or group with this id already exists`);
    if (!Array.isArray(g.nodeIds)) throw new Error(`Group '${g.id}': nodeIds must be a list`);
    const missing = g.nodeIds.find((id) => !nodeIds.has(id));
    if (missing !== undefined) throw new Error(`Group '${g.id}' lists unknown node '${missing}'`);
    taken.add(g.id);
    groupIds.add(g.id);
  }
  for (const g of groups) {
    if (g.parentId !== undefined && !groupIds.has(g.parentId)) throw new Error(`Group '${g.id}': no parent group '${g.parentId}'`);
    if (g.parentId === g.id) throw new Error(`Group '${g.id}' cannot be its own parent`);
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Small constructors so call sites read like the menu item they implement. */
export const commands = {
  addNodes: (nodes: GraphNode[], edges: GraphEdge[] = [], groups: GraphGroup[] = []): Command => ({ kind: 'addNodes', nodes, edges, groups }),
  removeNodes: (ids: string[]): Command => ({ kind: 'removeNodes', ids }),
  moveNodes: (moves: { id: string; position: Position }[]): Command => ({ kind: 'moveNodes', moves }),
  connect: (edge: GraphEdge): Command => ({ kind: 'connect', edge }),
  disconnect: (edgeIds: string | string[]): Command => ({ kind: 'disconnect', edgeIds: Array.isArray(edgeIds) ? edgeIds : [edgeIds] }),
  setParams: (nodeId: string, params: Record<string, unknown>): Command => ({ kind: 'setParams', nodeId, params }),
  rename: (nodeId: string, name: string | undefined): Command => ({ kind: 'rename', nodeId, name }),
  group: (group: GraphGroup): Command => ({ kind: 'group', group }),
  ungroup: (groupId: string): Command => ({ kind: 'ungroup', groupId }),
  setCollapsed: (groupId: string, collapsed: boolean): Command => ({ kind: 'setCollapsed', groupId, collapsed }),
  replaceGroupContents: (groupId: string, group: GraphGroup, nodes: GraphNode[], edges: GraphEdge[]): Command => ({
    kind: 'replaceGroupContents',
    groupId,
    group,
    nodes,
    edges,
  }),
  insertOnEdge: (edgeId: string, node: GraphNode, inEdgeId?: string): Command =>
    inEdgeId === undefined ? { kind: 'insertOnEdge', edgeId, node } : { kind: 'insertOnEdge', edgeId, node, inEdgeId },
  batch: (cmds: Command[], label?: string): Command => (label === undefined ? { kind: 'batch', commands: cmds } : { kind: 'batch', commands: cmds, label }),
} as const;

/** A connect command with a fresh readable edge id (`<target>_in<port>`). */
export function connectCommand(graph: GraphData, source: string, target: string, targetPort: number): Command {
  return { kind: 'connect', edge: { id: newId(`${target}_in${targetPort}`, takenIds(graph)), source, target, targetPort } };
}

/**
 * The replaceGroupContents command that turns `graph` into `next` for one re-expanded group (e.g. the
 * graph returned by shared/blocks `reexpandWith`): new members, every edge touching them, new group record.
 */
export function replaceGroupFrom(next: GraphData, groupId: string): Command {
  const group = next.groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`No group '${groupId}' in the re-expanded graph`);
  const members = new Set(group.nodeIds);
  return {
    kind: 'replaceGroupContents',
    groupId,
    group,
    nodes: next.nodes.filter((n) => members.has(n.id)),
    edges: next.edges.filter((e) => members.has(e.source) || members.has(e.target)),
  };
}
