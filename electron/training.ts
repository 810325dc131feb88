/**
 * Training from the desktop app runs in an Electron utilityProcess (never on the main event loop), with
 * the protocol of shared/contract/training.ts: the parent sends start / pause / resume / stop, the child
 * streams ready / batch / epoch / eval / done / error. electron/utility-child.ts makes the engine's
 * forked-child module (main/engine/child.ts) run unchanged there.
 */
import { EventEmitter } from 'node:events';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NodeServicesOptions, TrainingHandle, TrainingLauncher } from '../main/server/services';

/** The part of child_process.ChildProcess a launcher needs. */
export interface ChildLike extends EventEmitter {
  send(message: unknown): boolean;
  kill(): boolean;
}
export type ForkFn = (modulePath: string, args: string[]) => ChildLike;

/** utilityProcess as a ChildLike: messages via postMessage, exit code, stderr lines as 'stderr'. */
export function forkUtility(modulePath: string, args: string[] = []): ChildLike {
  // Required lazily so this module (and its tests) load without Electron.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { utilityProcess } = require('electron') as typeof import('electron');
  const shim = path.join(__dirname, 'utility-child.mjs');
  const proc = utilityProcess.fork(shim, [modulePath, ...args], {
    serviceName: 'Netwright training',
    stdio: 'pipe',
    env: { ...process.env, NETWRIGHT_TRAINING_CHILD: '1' },
  });
  const child = new EventEmitter() as ChildLike;
  proc.on('message', (m: unknown) => child.emit('message', m));
  proc.on('exit', (code: number) => child.emit('exit', code, null));
  proc.stderr?.on('data', (d: Buffer) => child.emit('stderr', d.toString()));
  child.send = (message: unknown) => {
    proc.postMessage(message);
    return true;
  };
  child.kill = () => proc.kill();
  return child;
}

const FINAL = new Set(['done', 'error']);

/**
 * A launcher over any fork function: one process per run; the run ends at 'done'/'error' or when the
 * process exits (an exit without either becomes an error message, so the UI never waits forever).
 */
export function processTrainingLauncher(fork: ForkFn, childModule: string): TrainingLauncher {
  return async (config, { onMessage }) => {
    const child = fork(childModule, []);
    const runId = `run-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${crypto.randomBytes(3).toString('hex')}`;
    let finished = false;
    let stderrTail = '';
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const finish = () => {
      if (finished) return;
      finished = true;
      resolveDone();
    };
    child.on('stderr', (s: string) => (stderrTail = (stderrTail + s).slice(-2000)));
    child.on('message', (m: unknown) => {
      if (finished) return;
      onMessage(m);
      const type = (m as { type?: unknown })?.type;
      if (typeof type === 'string' && FINAL.has(type)) {
        finish();
        child.kill();
      }
    });
    child.on('exit', (code: number | null) => {
      if (!finished) {
        const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
        onMessage({ type: 'error', code: 'CHILD_CRASHED', message: `Training process exited (code ${code ?? 'signal'}) before finishing${tail ? `: ${tail}` : ''}` });
      }
      finish();
    });
    child.send({ type: 'start', config });
    const handle: TrainingHandle = {
      runId,
      pause: () => void child.send({ type: 'pause' }),
      resume: () => void child.send({ type: 'resume' }),
      stop: () => {
        child.send({ type: 'stop' });
        // A child stuck in a long step still has to go.
        setTimeout(() => {
          if (!finished) child.kill();
        }, 10_000).unref();
      },
      done,
    };
    return handle;
  };
}

/**
 * The desktop launcher: the engine's child bundled next to main.js (dist/electron/training-child.mjs)
 * in a utilityProcess; without that bundle, the Node capability (or its "not available" reason).
 */
export function electronTrainingLauncher(
  node: NodeServicesOptions['training'],
  dir = __dirname,
  fork: ForkFn = forkUtility,
): NodeServicesOptions['training'] {
  const child = path.join(dir, 'training-child.mjs');
  if (!fs.existsSync(child)) return node;
  const builtin = processTrainingLauncher(fork, child);
  // PyTorch runs are a Python process started by main/engine-pytorch (the Node capability), not the TF.js child.
  return async (config, hooks) => {
    if ((config as { engine?: unknown })?.engine === 'pytorch') {
      if (typeof node !== 'function') throw new Error(`The PyTorch engine is not available: ${node?.unavailable ?? 'no training capability is wired'}`);
      return node(config, hooks);
    }
    return builtin(config, hooks);
  };
}
