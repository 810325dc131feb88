import { describe, expect, it } from 'vitest';
import { layeredLayout } from '../../../shared/format/layout';

describe('layeredLayout', () => {
  it('rows by longest-path depth, rows centred, cycle members below, unknown ids ignored', () => {
    const pos = layeredLayout(
      ['a', 'b', 'c', 'd', 'x', 'y'],
      [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'c' },
        { source: 'b', target: 'd' },
        { source: 'c', target: 'd' },
        { source: 'a', target: 'd' },
        { source: 'x', target: 'y' },
        { source: 'y', target: 'x' },
        { source: 'ghost', target: 'a' },
      ],
    );
    expect(pos.get('a')).toEqual({ x: 0, y: 0 });
    expect(pos.get('b')).toEqual({ x: -110, y: 120 });
    expect(pos.get('c')).toEqual({ x: 110, y: 120 });
    expect(pos.get('d')).toEqual({ x: 0, y: 240 });
    expect(pos.get('x')?.y).toBe(360);
    expect(pos.get('y')?.y).toBe(360);
  });

  // Speed is measured by bench scripts, never asserted here; this checks a 10k-deep chain lays out (no recursion limit).
  it('lays out a 10k-node chain', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
    const pos = layeredLayout(ids, edges);
    expect(pos.get('n9999')).toEqual({ x: 0, y: 9999 * 120 });
  });
});
