/**
 * Runs prepareRun on a worker thread (prepare-worker.ts), so loading and splitting a dataset never pauses
 * the host's event loop. From sources (tsx, vitest) the worker registers tsx itself; a bundle must emit
 * main/engine-pytorch/prepare-worker.ts as its own entry `pytorch-prepare-worker.mjs` next to the bundle
 * holding this module — without it, preparation runs in-process (correct, only not off the event loop).
 */
import type { ChildMessage, TrainingConfig } from '../../shared/contract/training';
import { TrainingFailure } from '../engine/trainer/errors';
import { startWorker, workerEntryPath } from '../engine/worker-entry';
import { prepareRun, type PreparedRun } from './prepare';
import type { PrepareWorkerMessage } from './prepare-worker';

/** prepareRun off the event loop when the worker entry exists; same results and TrainingFailure codes. */
export async function prepareOffThread(config: TrainingConfig, emit: (m: ChildMessage) => void): Promise<PreparedRun> {
  const file = workerEntryPath(import.meta.url, 'prepare-worker.ts', ['pytorch-prepare-worker.mjs', 'pytorch-prepare-worker.js']);
  if (!file) return prepareRun(config, emit);
  const worker = startWorker(file, { config });
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
