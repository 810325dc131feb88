/**
 * Worker-thread entry for prepare.ts: dataset loading and splitting, the .npy export and the TF.js
 * topology build run here, off the host's event loop (the built-in engine does the same work in its own
 * process). Posts log messages while working, then the prepared run or the failure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChildMessage, TrainingConfig } from '../../shared/contract/training';
import { TrainingFailure } from '../engine/trainer/errors';
import { prepareRun, type PreparedRun } from './prepare';

export type PrepareWorkerMessage =
  | { kind: 'message'; message: ChildMessage }
  | { kind: 'prepared'; prepared: PreparedRun }
  | { kind: 'failed'; code: TrainingFailure['code']; message: string };

const port = parentPort;
if (port) {
  const post = (m: PrepareWorkerMessage) => port.postMessage(m);
  prepareRun((workerData as { config: TrainingConfig }).config, (message) => post({ kind: 'message', message }))
    .then((prepared) => post({ kind: 'prepared', prepared }))
    .catch((e: unknown) => {
      if (e instanceof TrainingFailure) post({ kind: 'failed', code: e.code, message: e.message });
      else post({ kind: 'failed', code: 'INTERNAL', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    });
}
