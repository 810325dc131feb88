/**
 * Runs exported PyTorch modules through run_exports.py in one python process (torch import costs seconds):
 * each project's generated code is written to a folder, listed in a manifest, and run once.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetwrightProject } from '../../../shared/format/index';
import { mainClassName, pytorch } from '../../../shared/export/pytorch';
import { PYTHON } from './peers';

const RUNNER = fileURLToPath(new URL('./run_exports.py', import.meta.url));

/** One manifest line (see run_exports.py): inputs are channels-first, without the batch dimension. */
export interface ManifestEntry {
  key: string;
  path: string;
  className: string;
  inputs: number[][];
  /** A JSON file of TF.js weights to load before the forward pass. */
  weights?: string;
}

/** Writes a project's exported PyTorch code into dir; the entry still lacks its inputs. */
export function writeModule(dir: string, c: { key: string; project: NetwrightProject }): Omit<ManifestEntry, 'inputs'> {
  const r = pytorch.exportCode(c.project);
  if (!r.ok) throw new Error(`${c.key} did not export`);
  const path = join(dir, `${c.key.replace(/-/g, '_')}.py`);
  writeFileSync(path, r.code);
  return { key: c.key, path, className: mainClassName(c.project) };
}

/** Runs every module of the manifest (written to dir/manifest.json); the runner's JSON lines by key. */
export function runModules<R extends { key: string }>(dir: string, manifest: ManifestEntry[]): Map<string, R> {
  const file = join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify(manifest));
  const run = spawnSync(PYTHON, [RUNNER, file], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  if (run.status !== 0) throw new Error(`runner failed (${run.status}): ${run.stderr}`);
  const results = new Map<string, R>();
  for (const line of run.stdout.trim().split('\n')) {
    const r = JSON.parse(line) as R;
    results.set(r.key, r);
  }
  return results;
}
