import { describe, expect, it } from 'vitest';
import { affineImage, augmentBatch } from '../../../../main/engine/trainer/augment';

/** Same small LCG as elsewhere in tests: deterministic per seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const aug = (a: Partial<{ flip: boolean; shift: number; rotate: number; scale: number }>) => ({ flip: false, shift: 0, rotate: 0, scale: 0, ...a });

/** A 28×28 image with a filled square at rows r0..r1, cols c0..c1. */
function square(r0: number, r1: number, c0: number, c1: number): Float32Array {
  const img = new Float32Array(28 * 28);
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) img[r * 28 + c] = 1;
  return img;
}

const mass = (img: Float32Array) => img.reduce((a, b) => a + b, 0);
/** Centre of mass (row, col). */
function com(img: Float32Array): [number, number] {
  let r = 0;
  let c = 0;
  for (let i = 0; i < img.length; i++) {
    r += Math.floor(i / 28) * img[i];
    c += (i % 28) * img[i];
  }
  const m = mass(img);
  return [r / m, c / m];
}

describe('augmentBatch', () => {
  it('all-zero settings leave the batch unchanged and draw no random numbers', () => {
    const x = Float32Array.from({ length: 3 * 784 }, (_, i) => (i % 7) / 7);
    const before = x.slice();
    let calls = 0;
    augmentBatch(x, 3, [28, 28, 1], aug({}), () => (calls++, 0.3));
    expect(x).toEqual(before);
    expect(calls).toBe(0);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const base = Float32Array.from({ length: 4 * 784 }, (_, i) => ((i * 31) % 17) / 17);
    const run = (seed: number) => {
      const x = base.slice();
      augmentBatch(x, 4, [28, 28, 1], aug({ shift: 2, rotate: 10, scale: 0.1 }), rng(seed));
      return x;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(run(7)).not.toEqual(base);
  });

  it('rotate/scale 0 keeps the old integer-shift path bit for bit (no interpolation)', () => {
    const x = square(10, 17, 10, 17);
    augmentBatch(x, 1, [28, 28, 1], aug({ shift: 3 }), rng(1));
    expect(mass(x)).toBe(64);
    expect([...new Set(x)].sort()).toEqual([0, 1]);
  });
});

describe('affineImage', () => {
  const id = { theta: 0, scale: 1, tx: 0, ty: 0, flip: false };

  it('the identity transform copies the image exactly', () => {
    const src = Float32Array.from({ length: 784 }, (_, i) => (i % 11) / 11);
    const dst = new Float32Array(784);
    affineImage(src, dst, 28, 28, 1, id);
    expect(dst).toEqual(src);
  });

  it('rotating by 90° turns a horizontal bar into a vertical one, keeping its mass', () => {
    const bar = square(13, 14, 4, 23); // 2 rows × 20 cols, centred
    const dst = new Float32Array(784);
    affineImage(bar, dst, 28, 28, 1, { ...id, theta: Math.PI / 2 });
    expect(mass(dst)).toBeCloseTo(40, 3);
    let rows = 0;
    let cols = 0;
    for (let r = 0; r < 28; r++) if (dst.subarray(r * 28, r * 28 + 28).some((v) => v > 0.5)) rows++;
    for (let c = 0; c < 28; c++) if (Array.from({ length: 28 }, (_, r) => dst[r * 28 + c]).some((v) => v > 0.5)) cols++;
    expect(rows).toBe(20);
    expect(cols).toBe(2);
    const [cr, cc] = com(dst);
    expect(cr).toBeCloseTo(13.5, 3);
    expect(cc).toBeCloseTo(13.5, 3);
  });

  it('scale 2 quadruples the mass of a centred square, 0.5 quarters it', () => {
    const sq = square(10, 17, 10, 17); // 8×8 = 64
    const big = new Float32Array(784);
    const small = new Float32Array(784);
    affineImage(sq, big, 28, 28, 1, { ...id, scale: 2 });
    affineImage(sq, small, 28, 28, 1, { ...id, scale: 0.5 });
    expect(mass(big)).toBeGreaterThan(64 * 4 * 0.9);
    expect(mass(big)).toBeLessThan(64 * 4 * 1.1);
    expect(mass(small)).toBeCloseTo(16, 0);
    expect(com(big)[0]).toBeCloseTo(13.5, 3);
  });

  it('a sub-pixel shift moves the centre of mass by exactly that amount; flip mirrors columns', () => {
    const sq = square(8, 12, 4, 9);
    const dst = new Float32Array(784);
    affineImage(sq, dst, 28, 28, 1, { ...id, tx: 1.5, ty: -0.5 });
    const [r0, c0] = com(sq);
    const [r1, c1] = com(dst);
    expect(c1 - c0).toBeCloseTo(1.5, 5);
    expect(r1 - r0).toBeCloseTo(-0.5, 5);
    affineImage(sq, dst, 28, 28, 1, { ...id, flip: true });
    expect(com(dst)[1]).toBeCloseTo(27 - c0, 5);
  });

  it('handles several channels independently', () => {
    const src = new Float32Array(4 * 4 * 2);
    for (let i = 0; i < 16; i++) {
      src[i * 2] = 1;
      src[i * 2 + 1] = i;
    }
    const dst = new Float32Array(src.length);
    affineImage(src, dst, 4, 4, 2, { ...id, flip: true });
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(dst[(r * 4 + c) * 2 + 1]).toBe(r * 4 + (3 - c));
    expect(Array.from({ length: 16 }, (_, i) => dst[i * 2])).toEqual(new Array(16).fill(1));
  });
});
