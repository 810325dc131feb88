/**
 * Runs prepareRun on a worker thread (prepare-worker.ts), so loading and splitting a dataset never pauses
 * the host's event loop. From sources (tsx, vitest) the worker registers tsx itself; a bundle must emit
 * main/engine-pytorch/prepare-worker.ts as its own entry `pytorch-prepare-worker.mjs` next to the bundle
 * holding this module — without it, preparation runs in-process (correct, only not off the event loop).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChildMessage, TrainingConfig } from '../../shared/contract/training';
import { TrainingFailure } from '../engine/trainer/errors';
import { prepareRun, type PreparedRun } from './prepare';
import type { PrepareWorkerMessage } from './prepare-worker';

function workerFile(): string | null {
  const here = fileURLToPath(import.meta.url);
  const names = here.endsWith('.ts') ? ['prepare-worker.ts'] : ['pytorch-prepare-worker.mjs', 'pytorch-prepare-worker.js'];
  for (const n of names) {
    const p = path.join(path.dirname(here), n);
    if (existsSync(p)) return p;
  }
  return null;
}

function startWorker(file: string, config: TrainingConfig): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData: { config } });
  // From sources: register tsx's ESM hooks inside the worker, then import the .ts entry.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`;
  return new Worker(boot, { eval: true, workerData: { config } });
}

/** prepareRun off the event loop when the worker entry exists; same results and TrainingFailure codes. */
export async function prepareOffThread(config: TrainingConfig, emit: (m: ChildMessage) => void): Promise<PreparedRun> {
  const file = workerFile();
  if (!file) return prepareRun(config, emit);
  const worker = startWorker(file, config);
  try {
    return await new Promise<PreparedRun>((resolve, reject) => {
      worker.on('message', (m: PrepareWorkerMessage) => {
        if (m.kind === 'message') emit(m.message);
        else if (m.kind === 'prepared') resolve(m.prepared);
        else reject(new TrainingFailure(m.code, m.message));
      });
      worker.on('error', (e) => reject(new TrainingFailure('INTERNAL', `PyTorch engine: preparing the run failed: ${e.message}`)));
      worker.on('exit', (code) => reject(new TrainingFailure('INTERNAL', `PyTorch engine: the preparation thread exited (code ${code}) before finishing`)));
    });
  } finally {
    await worker.terminate();
  }
}
