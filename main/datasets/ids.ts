/**
 * Which dataset ids are paths. Apart from index.ts so the host can confine ids without loading the
 * readers; the loader and the host share it because a path the host missed would bypass its confinement.
 */
import path from 'node:path';

/** The path a dataset id names ('path:…', absolute, or ./relative), or null for a built-in name. */
export function datasetPath(id: string): string | null {
  if (id.startsWith('path:')) return id.slice(5);
  return path.isAbsolute(id) || id.startsWith('.') ? id : null;
}
