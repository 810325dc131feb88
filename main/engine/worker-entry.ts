/**
 * Locating and starting a worker_threads entry that ships beside the module using it: the `.ts` source
 * when running from sources (tsx, vitest — tsx's ESM hooks are registered inside the worker first), else
 * the bundle's own emitted entry (`.mjs` / `.js`) next to the built module.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** tsx's package folder, resolved from here so a child or worker starts from any working directory. */
export function tsxDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
}

/**
 * The worker entry beside `moduleUrl` (the caller's import.meta.url): `source` when that module is a .ts
 * file, else the first of `built` that exists. Null when absent.
 */
export function workerEntryPath(moduleUrl: string, source: string, built: readonly string[]): string | null {
  const here = fileURLToPath(moduleUrl);
  const names = here.endsWith('.ts') ? [source] : built;
  for (const n of names) {
    const p = path.join(path.dirname(here), n);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Starts `file` as a worker with `workerData`; a .ts file gets tsx registered inside the worker first. */
export function startWorker(file: string, workerData: unknown): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  const api = pathToFileURL(path.join(tsxDir(), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
