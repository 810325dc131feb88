/**
 * The training process. Started by client.ts (child_process.fork) or by the desktop host (Electron
 * utilityProcess); both speak the protocol of shared/contract/training.ts through a thin TrainingPort, so
 * the transport is the only host-specific part. One process runs one training job, then exits.
 */
import { childMessageSchema, formatIssues, parentMessageSchema, type ChildMessage } from '../../shared/contract/training';
import { runTraining, TrainingControl, TrainingFailure } from './trainer/index';

export interface TrainingPort {
  send(m: ChildMessage): Promise<void>;
  onMessage(listener: (m: unknown) => void): void;
  /** Ends the process once the last message has gone out. */
  exit(code: number): void;
}

/** process.send / process.on('message') of a forked child, or Electron's process.parentPort. */
export function processPort(): TrainingPort {
  const electron = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', f: (ev: { data: unknown }) => void): void } }).parentPort;
  if (electron) {
    return {
      send: async (m) => electron.postMessage(m),
      onMessage: (f) => electron.on('message', (ev) => f(ev.data)),
      exit: (code) => process.exit(code),
    };
  }
  if (!process.send) throw new Error('The training child needs an IPC channel (start it with child_process.fork or utilityProcess.fork).');
  return {
    send: (m) => new Promise((resolve) => process.send!(m, undefined, {}, () => resolve())),
    onMessage: (f) => process.on('message', f),
    exit: (code) => {
      process.disconnect?.();
      process.exit(code);
    },
  };
}

/** Serves one training job over `port`: waits for start, relays pause/resume/stop, reports done or error. */
export function serveTraining(port: TrainingPort): void {
  const control = new TrainingControl();
  let started = false;
  // Exit only after every message has been handed to the channel (done/error must not be lost).
  const pending = new Set<Promise<void>>();
  const send = (m: ChildMessage): Promise<void> => {
    // Outgoing messages are checked too: a malformed one is a bug here, better caught at the source.
    const r = childMessageSchema.safeParse(m);
    const out: ChildMessage = r.success
      ? r.data
      : { type: 'error', code: 'INTERNAL', message: `training process produced an invalid '${m.type}' message: ${formatIssues(r.error.issues)}` };
    // A closed channel (parent gone) is not worth crashing over: the parent's exit handling covers it.
    const p: Promise<void> = port.send(out).catch(() => undefined);
    pending.add(p);
    void p.then(() => pending.delete(p));
    return p;
  };
  const exit = async (code: number) => {
    await Promise.allSettled([...pending]);
    port.exit(code);
  };
  const fail = async (e: unknown) => {
    const code = e instanceof TrainingFailure ? e.code : 'INTERNAL';
    const message = e instanceof Error ? (code === 'INTERNAL' ? (e.stack ?? e.message) : e.message) : String(e);
    await send({ type: 'error', code, message });
    await exit(1);
  };
  port.onMessage((raw) => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      void send({ type: 'log', level: 'warn', message: `ignored an invalid message: ${formatIssues(parsed.error.issues)}` });
      if (!started && (raw as { type?: unknown })?.type === 'start') {
        void fail(new TrainingFailure('BAD_CONFIG', `Invalid training config: ${formatIssues(parsed.error.issues)}`));
      }
      return;
    }
    const m = parsed.data;
    if (m.type === 'pause') control.pause();
    else if (m.type === 'resume') control.resume();
    else if (m.type === 'stop') control.stop();
    else if (!started) {
      started = true;
      runTraining(m.config, { emit: (msg) => void send(msg), control })
        .then(() => exit(0))
        .catch(fail);
    }
  });
}

// Started as a process by client.ts (env flag) or directly (`node --import tsx child.ts` under fork).
if (process.env.NETWRIGHT_TRAINING_CHILD === '1') {
  process.on('uncaughtException', (e) => {
    void processPort()
      .send({ type: 'error', code: 'INTERNAL', message: `training process crashed: ${e.stack ?? e.message}` })
      .finally(() => process.exit(1));
  });
  // Parent gone (closed or killed): nobody reads the results, so don't train on as an orphan.
  process.on('disconnect', () => process.exit(0));
  serveTraining(processPort());
}
