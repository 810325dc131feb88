/**
 * Renderer build for the editor's end-to-end tests: built with Vite into tests/output/e2e/renderer-dist
 * unless that build is newer than every source file under renderer/ and shared/ (so the e2e files share
 * one build and never test stale code).
 */
import fs from 'node:fs';
import path from 'node:path';
import { withDirLock } from '../../main/server/build-lock';

export const E2E_DIST = path.resolve('tests/output/e2e/renderer-dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|tsx|css|html)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function e2eBuildIsFresh(): boolean {
  const index = path.join(E2E_DIST, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return built > newestMtime(path.resolve('renderer')) && built > newestMtime(path.resolve('shared'));
}

const LOCK = `${E2E_DIST}.lock`;

/** Builds the renderer for e2e unless the existing build is fresh; returns the folder. */
export async function ensureE2eBuild(): Promise<string> {
  if (e2eBuildIsFresh()) return E2E_DIST;
  // Two e2e files in parallel workers must never build (and empty) the folder at once.
  return withDirLock(LOCK, async () => {
    // Another worker may have built it while this one waited for the lock.
    if (e2eBuildIsFresh()) return E2E_DIST;
    const { build } = await import('vite');
    await build({ configFile: path.resolve('renderer/vite.config.ts'), logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true } });
    return E2E_DIST;
  });
}
