/**
 * How a training run settles, shared by both engines' parent sides (main/engine/client.ts and
 * main/engine-pytorch/engine.ts): the handle's `done` promise, listener calls that cannot throw, and the
 * one-way switch to finished — an error rejects `done`, a done message resolves it, and only the first counts.
 */
import type { ChildMessage, DoneMessage, TrainingErrorCode } from '../../shared/contract/training';

export class TrainingError extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** How long a stopped run may take to finish its current batch before it is killed. */
export const STOP_GRACE_MS = 60_000;

export interface RunOutcome {
  /** The handle's `done`: resolves with the done message, rejects with a TrainingError. */
  readonly done: Promise<DoneMessage>;
  /** True once `done` has settled. */
  readonly finished: boolean;
  /** Hands a message to the listener; a throwing listener must not take the run (or the caller) down. */
  deliver(m: ChildMessage): void;
  /** Sends an `error` message and rejects `done`; false (nothing sent) when the run had already finished. */
  fail(code: TrainingErrorCode, message: string): boolean;
  /** Resolves `done`; false when the run had already finished. */
  finish(m: DoneMessage): boolean;
  /** After a stop request: calls `kill` if the run still has not finished STOP_GRACE_MS later. */
  killIfStuck(kill: () => void): void;
}

export function runOutcome(onMessage: (m: ChildMessage) => void): RunOutcome {
  let resolveDone!: (d: DoneMessage) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<DoneMessage>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  // Callers that only use onMessage must not get an unhandled rejection.
  done.catch(() => undefined);
  let finished = false;
  const deliver = (m: ChildMessage) => {
    try {
      onMessage(m);
    } catch {
      // see RunOutcome.deliver
    }
  };
  return {
    done,
    get finished() {
      return finished;
    },
    deliver,
    fail(code, message) {
      if (finished) return false;
      finished = true;
      deliver({ type: 'error', code, message });
      rejectDone(new TrainingError(code, message));
      return true;
    },
    finish(m) {
      if (finished) return false;
      finished = true;
      resolveDone(m);
      return true;
    },
    killIfStuck(kill) {
      setTimeout(() => {
        if (!finished) kill();
      }, STOP_GRACE_MS).unref();
    },
  };
}
