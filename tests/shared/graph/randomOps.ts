/**
 * Turns random integers into valid commands against the current graph, so property tests can drive long
 * random edit sessions (every command kind, including batches) without generating invalid ids.
 */
import type { Command } from '../../../shared/graph/commands';
import { commands as cmd } from '../../../shared/graph/commands';
import { newId, takenIds } from '../../../shared/graph/ids';
import type { GraphData, GraphNode } from '../../../shared/graph/types';

const TYPES = ['Conv2D', 'Dense', 'Activation', 'MaxPooling2D', 'Add'];

export function emptyGraph(): GraphData {
  return { nodes: [{ id: 'input', type: 'Input', params: { shape: [8, 8, 3] }, position: { x: 0, y: 0 } }], edges: [], groups: [] };
}

const pick = <T>(xs: readonly T[], r: number): T => xs[r % xs.length];

export function randomCommand(g: GraphData, seed: number[], depth = 0): Command | null {
  const [op, a = 0, b = 0, c = 0] = seed;
  const taken = takenIds(g);
  const node = (id: string, r: number): GraphNode => ({ id, type: pick(TYPES, r), params: { filters: 1 + (r % 7) }, position: { x: r % 100, y: r % 37 } });
  if (g.nodes.length === 0) return cmd.addNodes([node(newId('n', taken), a)]);
  switch (op % 14) {
    case 0: {
      const id = newId('n', taken);
      return cmd.addNodes([node(id, a)]);
    }
    case 1: {
      // A subgraph wired to an existing node, with a group.
      const x = newId('s', taken);
      taken.add(x);
      const y = newId('s', taken);
      taken.add(y);
      const gid = newId('grp', taken);
      const from = pick(g.nodes, a).id;
      return cmd.addNodes([node(x, b), node(y, c)], [{ id: `${x}_in0`, source: from, target: x, targetPort: 0 }, { id: `${y}_in0`, source: x, target: y, targetPort: 0 }], [{ id: gid, name: gid, nodeIds: [x, y], collapsed: b % 2 === 0 }]);
    }
    case 2: {
      if (g.nodes.length < 2) return null;
      const ids = [...new Set([pick(g.nodes, a).id, pick(g.nodes, b).id])];
      return cmd.removeNodes(ids);
    }
    case 3:
      return cmd.moveNodes([{ id: pick(g.nodes, a).id, position: { x: b, y: c } }]);
    case 4: {
      const source = pick(g.nodes, a).id;
      const target = pick(g.nodes, b).id;
      const used = new Set(g.edges.filter((e) => e.target === target).map((e) => e.targetPort));
      let port = 0;
      while (used.has(port)) port++;
      return cmd.connect({ id: newId(`${target}_in${port}`, taken), source, target, targetPort: port });
    }
    case 5:
      return g.edges.length ? cmd.disconnect(pick(g.edges, a).id) : null;
    case 6: {
      const n = pick(g.nodes, a);
      return cmd.setParams(n.id, { ...n.params, filters: 1 + (b % 50) });
    }
    case 7: {
      const n = pick(g.nodes, a);
      const name = `name${b % 1000}`;
      if (g.nodes.some((o) => o.id !== n.id && (o.name ?? o.id) === name)) return null;
      return cmd.rename(n.id, b % 5 === 0 ? undefined : name);
    }
    case 8: {
      const ids = [...new Set([pick(g.nodes, a).id, pick(g.nodes, b).id])];
      const parent = g.groups.length && c % 2 ? pick(g.groups, c).id : undefined;
      const id = newId('grp', taken);
      return cmd.group(parent ? { id, name: id, nodeIds: ids, collapsed: false, parentId: parent } : { id, name: id, nodeIds: ids, collapsed: false });
    }
    case 9:
      return g.groups.length ? cmd.ungroup(pick(g.groups, a).id) : null;
    case 10:
      return g.groups.length ? cmd.setCollapsed(pick(g.groups, a).id, b % 2 === 0) : null;
    case 11: {
      if (!g.edges.length) return null;
      return cmd.insertOnEdge(pick(g.edges, a).id, node(newId('ins', taken), b));
    }
    case 12: {
      if (depth > 0) return null;
      const first = randomCommand(g, [a, b, c, a + b], 1);
      if (!first) return null;
      return cmd.batch([first], 'Batch');
    }
    case 13: {
      const grp = g.groups.find((x) => x.nodeIds.length > 0);
      if (!grp) return null;
      const id = newId(`${grp.id}_r`, taken);
      const outside = g.nodes.find((n) => !grp.nodeIds.includes(n.id));
      const edges = outside ? [{ id: `${id}_in0`, source: outside.id, target: id, targetPort: 0 }] : [];
      return cmd.replaceGroupContents(grp.id, { ...grp, nodeIds: [id] }, [node(id, a)], edges);
    }
  }
  return null;
}
