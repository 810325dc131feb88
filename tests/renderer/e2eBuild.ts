/**
 * Renderer build for the editor's end-to-end tests: built with Vite into tests/output/e2e/renderer-dist
 * unless that build is newer than every source file under renderer/ and shared/ (so the e2e files share
 * one build and never test stale code).
 */
import fs from 'node:fs';
import path from 'node:path';

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
const STALE_LOCK_MS = 10 * 60_000;

/** Holds an exclusive mkdir lock so two e2e files in parallel workers never build (and empty) the folder at once. */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left by a killed run must not block every later run.
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds the renderer for e2e unless the existing build is fresh; returns the folder. */
export async function ensureE2eBuild(): Promise<string> {
  if (e2eBuildIsFresh()) return E2E_DIST;
  return withBuildLock(async () => {
    // Another worker may have built it while this one waited for the lock.
    if (e2eBuildIsFresh()) return E2E_DIST;
    const { build } = await import('vite');
    await build({ configFile: path.resolve('renderer/vite.config.ts'), logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true } });
    return E2E_DIST;
  });
}
