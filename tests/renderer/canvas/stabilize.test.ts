import { describe, expect, it } from 'vitest';
import { Stabilizer } from '../../../renderer/canvas/stabilize';

describe('Stabilizer', () => {
  it('reuses unchanged items and replaces changed ones', () => {
    const s = new Stabilizer<{ id: string; position: { x: number; y: number }; data: { shape: number[] } }>();
    const a1 = { id: 'a', position: { x: 0, y: 0 }, data: { shape: [28, 28, 1] } };
    const b1 = { id: 'b', position: { x: 0, y: 100 }, data: { shape: [10] } };
    s.apply([a1, b1]);
    const a2 = { id: 'a', position: { x: 0, y: 0 }, data: { shape: [28, 28, 1] } };
    const b2 = { id: 'b', position: { x: 5, y: 100 }, data: { shape: [10] } };
    const [ra, rb] = s.apply([a2, b2]);
    expect(ra).toBe(a1);
    expect(rb).toBe(b2);
    const [, rb3] = s.apply([a2, { ...b2, data: { shape: [12] } }]);
    expect(rb3).not.toBe(b2);
  });
});
