import { describe, expect, it } from 'vitest';
import { createProject, loadProject, serializeProject, type NetwrightProject } from '../../../shared/format/index';
import { envelope, text } from './fixtures';

function load(s: string): NetwrightProject {
  const r = loadProject(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.project;
}

describe('serializeProject', () => {
  it('round-trips through loadProject unchanged', () => {
    const p = load(text(envelope()));
    const s = serializeProject(p);
    expect(load(s)).toEqual(p);
    expect(serializeProject(load(s))).toBe(s);
  });

  it('is stable regardless of key insertion order', () => {
    const a = createProject({ nodes: [{ id: 'a', type: 'Input', params: { shape: [4], z: 1 }, position: { x: 1, y: 2 } }], edges: [], groups: [] }, { b: 1, a: 2 });
    const b: NetwrightProject = {
      meta: { a: 2, b: 1 },
      blocks: {},
      graph: { groups: [], edges: [], nodes: [{ position: { y: 2, x: 1 }, params: { z: 1, shape: [4] }, type: 'Input', id: 'a' }] },
      schemaVersion: 1,
      format: 'netwright',
    };
    expect(serializeProject(b)).toBe(serializeProject(a));
  });

  it('pretty, diff-friendly layout', () => {
    const s = serializeProject(load(text(envelope())));
    expect(s.endsWith('}\n')).toBe(true);
    expect(s.startsWith('{\n  "format": "netwright",\n  "schemaVersion": 1,\n  "graph": {\n    "nodes": [\n')).toBe(true);
    expect(s).toContain('"position": { "x": 0, "y": 100 }');
    expect(s).toContain('"shape": [28, 28, 1]');
    expect(s).toMatch(/\{ "id": "e0", "source": "in", "target": "c1", "targetPort": 0 \}/);
  });

  it('keeps a "__proto__" key as data, not as a prototype', () => {
    const meta = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    const s = serializeProject(createProject({ nodes: [], edges: [], groups: [] }, meta));
    expect(s).toContain('"__proto__": { "x": 1 }');
  });
});
