import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProject, serializeProject, type LoadResult } from '../../../shared/format/index';
import { bareGraph, envelope, text } from './fixtures';

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) slot in a JSON value, so a mutation can target any field at any depth. */
function slots(root: unknown): { parent: Container; key: string | number }[] {
  const out: { parent: Container; key: string | number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((c, i) => {
        out.push({ parent: v, key: i });
        stack.push(c);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        stack.push(c);
      }
    }
  }
  return out;
}

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', -1, 1.5, 1e308, 'ghost', '__proto__', [], {}, [[[]]], { __proto__: 1 }, 'c1', 'e0'),
  fc.constantFrom('x'.repeat(70_000)),
);

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('set', 'delete', 'duplicate', 'rename'),
  value: hostileValue,
  newKey: fc.constantFrom('__proto__', 'constructor', 'id', 'x', 'nodes', ''),
});

function mutate(base: unknown, muts: { at: number; kind: string; value: unknown; newKey: string }[]): string {
  const doc = JSON.parse(JSON.stringify(base)) as unknown;
  for (const m of muts) {
    const all = slots(doc);
    if (all.length === 0) break;
    const { parent, key } = all[m.at % all.length];
    if (Array.isArray(parent)) {
      const i = key as number;
      if (m.kind === 'delete') parent.splice(i, 1);
      else if (m.kind === 'duplicate') parent.splice(i, 0, JSON.parse(JSON.stringify(parent[i] ?? null)));
      else parent[i] = m.value;
    } else {
      const k = key as string;
      if (m.kind === 'delete') delete parent[k];
      else if (m.kind === 'rename') {
        Object.defineProperty(parent, m.newKey, { value: parent[k], enumerable: true, writable: true, configurable: true });
        if (m.newKey !== k) delete parent[k];
      } else if (m.kind === 'duplicate') parent[`${k}_copy`] = parent[k];
      else parent[k] = m.value;
    }
  }
  return JSON.stringify(doc);
}

/** The loader's contract on any input: ok (and stable under save+load), or errors that each have a path. */
function checkContract(input: string): LoadResult {
  let r: LoadResult;
  expect(() => (r = loadProject(input))).not.toThrow();
  r = r!;
  if (r.ok) {
    expect(r.project.format).toBe('netwright');
    const again = loadProject(serializeProject(r.project));
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.project).toEqual(r.project);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(typeof e.path).toBe('string');
      expect(e.path.length).toBeGreaterThan(0);
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/internal error/);
    }
  }
  return r;
}

describe('loadProject fuzz', () => {
  it('thousands of structurally mutated envelopes and bare graphs', () => {
    let okCount = 0;
    let errCount = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (bare, muts) => {
        const r = checkContract(mutate(bare ? bareGraph() : envelope(), muts));
        if (r.ok) okCount++;
        else errCount++;
      }),
      { numRuns: 2000, seed: 20261124 },
    );
    // Both outcomes must be exercised, or the mutations are too weak / too destructive to mean anything.
    expect(okCount).toBeGreaterThan(100);
    expect(errCount).toBeGreaterThan(700);
  });

  it('text-level corruption: truncation, inserted and deleted characters', () => {
    const base = text(envelope());
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 4 }), (at, del, ins) => {
        const pos = at % (base.length + 1);
        checkContract(base.slice(0, pos) + ins + base.slice(pos + del));
        checkContract(base.slice(0, pos));
      }),
      { numRuns: 1500, seed: 7 },
    );
  });

  it('random JSON and random strings', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (s) => void checkContract(s)), { numRuns: 1500, seed: 11 });
    fc.assert(fc.property(fc.string({ maxLength: 50 }), (s) => void checkContract(s)), { numRuns: 500, seed: 12 });
  });
});
