/**
 * Parent side of the training protocol: forks main/engine/child.ts, validates every message both ways, and
 * turns an unexpected exit (crash, kill) into an `error` message, so the caller keeps running.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  childMessageSchema,
  formatIssues,
  parseTrainingConfig,
  type ChildMessage,
  type DoneMessage,
  type ParentMessage,
  type TrainingConfigInput,
} from '../../shared/contract/training';
import { runOutcome } from './handle';
import { tsxDir } from './worker-entry';

export interface TrainingHandle {
  runId: string;
  /** OS process id of the training child (undefined if it failed to spawn). */
  pid: number | undefined;
  pause(): void;
  resume(): void;
  /** Asks the child to stop after the current batch; it still evaluates and sends done (stopped: true). */
  stop(): void;
  /** Kills the child outright (reported as a CHILD_CRASHED error unless it had finished). */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves with the done message; rejects with a TrainingError after an error message. */
  done: Promise<DoneMessage>;
}

export interface StartOptions {
  onMessage(m: ChildMessage): void;
  /** Lines the child wrote to stdout/stderr (TF.js notices, warnings). Default: dropped, kept for crash reports. */
  onOutput?(line: string): void;
}

export { TrainingError } from './handle';

function childEntry(): { file: string; execArgv: string[] } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const js = path.join(here, 'child.js');
  if (existsSync(js) && !import.meta.url.endsWith('.ts')) return { file: js, execArgv: [] };
  // From sources: load tsx by absolute URL so the child starts from any working directory.
  return { file: path.join(here, 'child.ts'), execArgv: ['--import', pathToFileURL(path.join(tsxDir(), 'dist', 'loader.mjs')).href] };
}

/** Starts a training run in a new process. Throws (synchronously) if the config is invalid. */
export function startTraining(config: TrainingConfigInput, opts: StartOptions): TrainingHandle {
  const parsed = parseTrainingConfig(config);
  const runId = randomUUID();
  const entry = childEntry();
  const child: ChildProcess = fork(entry.file, [], {
    execArgv: entry.execArgv,
    env: { ...process.env, NETWRIGHT_TRAINING_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const tail: string[] = [];
  const onChunk = (buf: Buffer) => {
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);

  const outcome = runOutcome(opts.onMessage);

  child.on('message', (raw) => {
    const r = childMessageSchema.safeParse(raw);
    if (!r.success) {
      outcome.fail('INTERNAL', `invalid message from the training process: ${formatIssues(r.error.issues)}`);
      child.kill('SIGKILL');
      return;
    }
    const m = r.data;
    if (outcome.finished) return;
    if (m.type === 'error') {
      outcome.fail(m.code, m.message);
      return;
    }
    outcome.deliver(m);
    if (m.type === 'done') outcome.finish(m);
  });
  child.on('error', (e) => outcome.fail('CHILD_CRASHED', `training process failed: ${e.message}`));
  child.on('exit', (code, signal) => {
    const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
    const last = tail.length ? `; last output: ${tail.slice(-5).join(' | ')}` : '';
    outcome.fail('CHILD_CRASHED', `training process ${why} before finishing${last}`);
  });

  const send = (m: ParentMessage) => {
    if (child.connected) child.send(m);
  };
  send({ type: 'start', config: parsed });
  return {
    runId,
    pid: child.pid,
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    stop: () => {
      send({ type: 'stop' });
      // The child stops after the current batch; one stuck in a very long step still has to go.
      outcome.killIfStuck(() => child.kill('SIGKILL'));
    },
    kill: (signal = 'SIGKILL') => {
      child.kill(signal);
    },
    done: outcome.done,
  };
}
