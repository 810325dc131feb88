/** Number/shape formatting shared by the canvas and panels. */
import type { Shape } from '../../shared/graph/types';

export function formatShape(shape: Shape | null | undefined): string {
  if (!shape) return '?';
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** 61706 → "61.7K", 25557032 → "25.6M", 4.09e9 → "4.09G". */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [v, u] of units) {
    if (abs >= v) {
      const x = n / v;
      return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}${u}`;
    }
  }
  return String(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Full integer with thousands separators, for tables and totals. */
export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}
