/** Number formatting for summaries: 11,689,512 · 4.09 G · 24.50 MiB. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Multiply-accumulates with an SI suffix; the table column and the totals use the same form. */
export function formatMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} K`;
  return String(Math.round(n));
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KiB`;
  return `${n} B`;
}

export function formatShape(shape: readonly number[] | null): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}
