/**
 * Serving the built renderer (dist/renderer), building it with Vite's JS API the first time if missing.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type http from 'node:http';
import { withDirLock } from './build-lock';
import { isInside } from './paths';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist/renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function rendererBuilt(dir = RENDERER_DIST): boolean {
  return fs.existsSync(path.join(dir, 'index.html'));
}

/** Newest modification time under the renderer's sources (renderer/ and shared/), for staleness checks. */
export function newestRendererSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of ['renderer', 'shared']) walk(path.join(REPO_ROOT, d));
  return newest;
}

export function rendererStale(dir = RENDERER_DIST): boolean {
  return !rendererBuilt(dir) || fs.statSync(path.join(dir, 'index.html')).mtimeMs < newestRendererSource();
}

const LOCK = path.join(REPO_ROOT, 'dist', '.renderer-build.lock');

/**
 * Builds the renderer bundle with Vite (renderer/vite.config.ts), reporting progress in plain lines.
 * A lock folder serialises builds across processes (parallel test files, a server and `npm start`).
 */
export async function buildRenderer(log: (line: string) => void = console.log): Promise<void> {
  const config = path.join(REPO_ROOT, 'renderer/vite.config.ts');
  if (!fs.existsSync(config)) throw new Error(`Cannot build the renderer: ${config} is missing.`);
  let waited = false;
  const onWait = () => {
    waited = true;
    log('Waiting for another renderer build to finish…');
  };
  await withDirLock(
    LOCK,
    async () => {
      // The build this one waited for is what was missing.
      if (waited && rendererBuilt()) return;
      log('Building the renderer (dist/renderer is missing or older than its sources; `npm run build:renderer` does the same)…');
      const t0 = Date.now();
      const { build } = await import('vite');
      await build({ configFile: config, logLevel: 'error' });
      if (!rendererBuilt()) throw new Error(`Renderer build finished but ${RENDERER_DIST}/index.html is missing.`);
      log(`Renderer built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    },
    { timeoutMs: 10 * 60_000, pollMs: 500, onWait },
  );
}

/** Sends a file under root for a URL path; SPA routes without an extension get index.html. False = 404. */
export async function serveStatic(root: string, urlPath: string, res: http.ServerResponse, headers: Record<string, string>): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (rel.includes('\0')) return false;
  if (rel.endsWith('/')) rel += 'index.html';
  let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (!isInside(root, file)) return false;
  let stat = await fsp.stat(file).catch(() => null);
  if (!stat?.isFile()) {
    if (path.extname(file)) return false;
    file = path.join(root, 'index.html');
    stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) return false;
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(stat.size), 'Cache-Control': cache });
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
  });
  return true;
}
