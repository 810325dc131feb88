import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, loadProject, migrations, type LoadResult } from '../../../shared/format/index';
import { bareGraph, envelope, text } from './fixtures';

function ok(r: LoadResult) {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r;
}
function errs(r: LoadResult) {
  if (r.ok) throw new Error('expected errors, got ok');
  return r.errors;
}

describe('loadProject: valid files', () => {
  it('loads an envelope, fills param defaults, keeps unknown fields everywhere', () => {
    const doc = envelope();
    Object.assign(doc, { futureTopLevel: { a: 1 } });
    const g = doc.graph as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[]; groups: Record<string, unknown>[] };
    g.nodes[1].color = 'red';
    g.edges[0].label = 'x';
    g.groups[0].note = 'kept';
    const { project, warnings } = ok(loadProject(text(doc)));
    expect(warnings).toEqual([]);
    expect(project.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect((project as unknown as Record<string, unknown>).futureTopLevel).toEqual({ a: 1 });
    const c1 = project.graph.nodes[1] as unknown as Record<string, unknown>;
    expect(c1.color).toBe('red');
    expect(c1.params).toMatchObject({ filters: 8 });
    // Defaults are filled in by the layer schema (more keys than the file gave).
    expect(Object.keys(c1.params as object).length).toBeGreaterThan(2);
    expect((project.graph.edges[0] as unknown as Record<string, unknown>).label).toBe('x');
    expect((project.graph.groups[0] as unknown as Record<string, unknown>).note).toBe('kept');
    expect(project.blocks.head.graph.nodes[1].params).toMatchObject({ units: 4 });
    expect(project.meta).toEqual({ name: 'tiny', notes: 'hand-written' });
  });

  it('unknown layer types load with a warning and untouched params', () => {
    const doc = envelope() as { graph: { nodes: { type: string; params: Record<string, unknown> }[] } };
    doc.graph.nodes[4].type = 'FancyFutureLayer';
    doc.graph.nodes[4].params = { alpha: 0.5 };
    const { project, warnings } = ok(loadProject(text(doc)));
    expect(project.graph.nodes[4].params).toEqual({ alpha: 0.5 });
    expect(warnings).toEqual(['graph.nodes[4].type: unknown layer type "FancyFutureLayer"; kept as is']);
    const bare = bareGraph();
    (bare.nodes[4] as { type: string }).type = 'Nope';
    expect(ok(loadProject(text(bare))).warnings).toContain('nodes[4].type: unknown layer type "Nope"; kept as is');
  });

  it('missing blocks/meta/groups default to empty', () => {
    const doc = envelope();
    delete doc.blocks;
    delete doc.meta;
    delete (doc.graph as Record<string, unknown>).groups;
    const { project } = ok(loadProject(text(doc)));
    expect(project.blocks).toEqual({});
    expect(project.meta).toEqual({});
    expect(project.graph.groups).toEqual([]);
  });
});

describe('loadProject: bare graph (schema 0) migration', () => {
  it('wraps, assigns edge ids, defaults targetPort, lays out by depth', () => {
    const { project, warnings } = ok(loadProject(text(bareGraph())));
    expect(project.format).toBe('netwright');
    expect(project.graph.edges.map((e) => e.id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(project.graph.edges[4].targetPort).toBe(0);
    const y = Object.fromEntries(project.graph.nodes.map((n) => [n.id, n.position.y]));
    // Longest-path depth: in 0, c1 1, c2 2, add 3 (after c2), flat 4, out 5.
    expect([y.in, y.c1, y.c2, y.add, y.flat, y.out]).toEqual([0, 1, 2, 3, 4, 5].map((d) => d * 120));
    expect(warnings.join('\n')).toMatch(/converted from schema 0/);
    expect(warnings.join('\n')).toMatch(/assigned ids to 6 edge/);
    expect(warnings.join('\n')).toMatch(/laid out 6 node/);
  });

  it('migrations are contiguous from 0 to the current version', () => {
    for (let v = 0; v < CURRENT_SCHEMA_VERSION; v++) expect(typeof migrations[v]).toBe('function');
  });

  it('migration 0→1 keeps existing edge ids and avoids collisions', () => {
    const warns: string[] = [];
    const out = migrations[0](
      { nodes: [{ id: 'a', type: 'Input', params: {}, position: { x: 5, y: 6 } }], edges: [{ id: 'e0', source: 'a', target: 'a' }, { source: 'a', target: 'a', targetPort: 2 }], extra: 1 },
      (m) => warns.push(m),
    );
    const graph = out.graph as { edges: { id: string; targetPort: number }[]; nodes: { position: unknown }[]; extra: number };
    expect(graph.edges.map((e) => e.id)).toEqual(['e0', 'e1']);
    expect(graph.edges.map((e) => e.targetPort)).toEqual([0, 2]);
    expect(graph.nodes[0].position).toEqual({ x: 5, y: 6 });
    expect(graph.extra).toBe(1);
    expect(out).toMatchObject({ format: 'netwright', schemaVersion: 1, blocks: {}, meta: {} });
  });

  it('an envelope that says schema 0 gets the same fixes', () => {
    const { project } = ok(loadProject(text({ format: 'netwright', schemaVersion: 0, graph: bareGraph(), meta: { a: 1 } })));
    expect(project.graph.edges[0].id).toBe('e0');
    expect(project.graph.nodes[5].position).toEqual({ x: 0, y: 600 });
    expect(project.meta).toEqual({ a: 1 });
  });

  it('migration tolerates garbage and leaves it for the schema to report', () => {
    const r = errs(loadProject(text({ nodes: 'oops', edges: [null, 3] })));
    // Paths point into the file as written (no "graph." prefix for a bare graph).
    expect(r.map((e) => e.path)).toContain('nodes');
    expect(r.map((e) => e.path)).toContain('edges[0]');
  });
});

describe('loadProject: refusals with specific errors', () => {
  const cases: [string, string, string, RegExp][] = [
    ['newer schema', text({ ...envelope(), schemaVersion: 3 }), 'schemaVersion', /^made by a newer Netwright \(schema 3; this version reads ≤ 1\) — update Netwright$/],
    ['bad JSON', '{\n  "format": "netwright",\n}', '$', /^Invalid JSON at line 3, column 1: unexpected "}", expected a property name/],
    ['truncated JSON', text(envelope()).slice(0, 200), '$', /^Invalid JSON at line \d+, column \d+: unexpected end of file \(truncated\?\)/],
    ['empty file', '  \n', '$', /empty/],
    ['array root', '[1,2]', '$', /expected a JSON object .* got an array/],
    ['wrong format', text({ ...envelope(), format: 'keras' }), 'format', /expected "netwright", got "keras"/],
    ['string version', text({ ...envelope(), schemaVersion: '1' }), 'schemaVersion', /whole number/],
    ['unrelated object', '{"hello": 1}', '$', /not a Netwright project/],
  ];
  for (const [name, input, path, message] of cases) {
    it(name, () => {
      const e = errs(loadProject(input));
      expect(e[0].path).toBe(path);
      expect(e[0].message).toMatch(message);
    });
  }

  it('wrong types → JSON paths', () => {
    const doc = envelope() as { graph: { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] } };
    doc.graph.nodes[3].type = 42;
    delete doc.graph.nodes[2].position;
    doc.graph.edges[1].targetPort = -1;
    const e = errs(loadProject(text(doc)));
    expect(e).toContainEqual({ path: 'graph.nodes[3].type', message: 'expected string, got number' });
    expect(e).toContainEqual({ path: 'graph.nodes[2].position', message: 'required (expected object)' });
    expect(e.find((x) => x.path === 'graph.edges[1].targetPort')?.message).toMatch(/≥ 0/);
  });

  it('invalid params are pinned to the param', () => {
    const doc = envelope() as { graph: { nodes: { params: Record<string, unknown> }[] } };
    doc.graph.nodes[1].params.filters = -3;
    const e = errs(loadProject(text(doc)));
    expect(e.map((x) => x.path)).toContain('graph.nodes[1].params.filters');
  });

  it('10 MB strings are refused by length', () => {
    const doc = envelope() as { graph: { nodes: Record<string, unknown>[] } };
    doc.graph.nodes[0].name = 'x'.repeat(10 * 1024 * 1024);
    const e = errs(loadProject(text(doc)));
    expect(e).toEqual([{ path: 'graph.nodes[0].name', message: 'string of 10,485,760 characters exceeds the limit of 65,536' }]);
  });

  it('100k nodes are refused by count (configurable)', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, type: 'Dense', params: { units: 1 } }));
    const big = text({ nodes, edges: [] });
    const e = errs(loadProject(big));
    expect(e).toEqual([{ path: 'nodes', message: '100,000 nodes exceed the limit of 50,000 (raise it with the maxNodes option)' }]);
    expect(errs(loadProject(text(bareGraph()), { maxNodes: 3 }))[0].message).toMatch(/6 nodes exceed the limit of 3/);
  });

  it('dangling edges and duplicate ids', () => {
    const doc = envelope() as { graph: { nodes: { id: string }[]; edges: { target: string; id: string }[]; groups: { nodeIds: string[]; parentId?: string }[] } };
    doc.graph.edges[2].target = 'ghost';
    doc.graph.nodes[4].id = 'c1';
    doc.graph.edges[3].id = 'e0';
    doc.graph.groups[0].nodeIds.push('nobody');
    doc.graph.groups[0].parentId = 'g1';
    const e = errs(loadProject(text(doc)));
    expect(e).toContainEqual({ path: 'graph.edges[2].target', message: 'edge "e2" target "ghost" is not a node of this graph' });
    expect(e).toContainEqual({ path: 'graph.nodes[4].id', message: 'duplicate node id "c1" (also used by graph.nodes[1])' });
    expect(e).toContainEqual({ path: 'graph.edges[3].id', message: 'duplicate edge id "e0" (also used by graph.edges[0])' });
    expect(e).toContainEqual({ path: 'graph.groups[0].nodeIds[2]', message: 'group "Residual" lists "nobody", which is not a node of this graph' });
    expect(e).toContainEqual({ path: 'graph.groups[0].parentId', message: 'group "Residual" has a parentId chain that loops' });
  });

  it('block ports must name block nodes', () => {
    const doc = envelope() as { blocks: { head: { outputs: string[] } } };
    doc.blocks.head.outputs = ['zzz'];
    expect(errs(loadProject(text(doc)))).toEqual([{ path: 'blocks.head.outputs[0]', message: '"zzz" is not a node of this block\'s graph' }]);
  });

  it('__proto__ / constructor keys are refused, prototypes untouched', () => {
    const raw = text(envelope()).replace('"notes": "hand-written"', '"__proto__": {"polluted": true}, "constructor": 1');
    const e = errs(loadProject(raw));
    expect(e.map((x) => x.path)).toEqual(['meta.__proto__', 'meta.constructor']);
    expect(e[0].message).toMatch(/not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deep nesting is refused without a stack overflow', () => {
    const depth = 200_000;
    const raw = text(envelope()).replace('"notes": "hand-written"', `"deep": ${'['.repeat(depth)}${']'.repeat(depth)}`);
    const e = errs(loadProject(raw));
    expect(e).toHaveLength(1);
    expect(e[0].message).toBe('nesting deeper than 64 levels');
    expect(e[0].path.startsWith('meta.deep[0][0]')).toBe(true);
  });

  it('error lists are capped with a summary line', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, type: 7, params: {} }));
    const e = errs(loadProject(text({ nodes, edges: [] })));
    expect(e).toHaveLength(101);
    expect(e[100]).toEqual({ path: '$', message: '…and 400 more error(s) not listed' });
  });
});
