/**
 * The PyTorch engine, parent side: prepares a run (prepare.ts), starts `python -u runner.py job.json`, turns
 * its JSON lines into the training protocol's messages (validated with childMessageSchema, the same ones the
 * built-in engine sends), writes the run folder as the built-in engine does (config.json, metrics.jsonl,
 * eval.json; checkpoints are written by the runner) and relays pause/resume/stop as stdin lines. A script
 * that dies without finishing is reported as CHILD_CRASHED with its stderr tail; flushed metrics stay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  childMessageSchema,
  formatIssues,
  parseTrainingConfig,
  type ChildMessage,
  type TrainingConfigInput,
  type TrainingErrorCode,
} from '../../shared/contract/training';
import type { StartOptions, TrainingHandle } from '../engine/client';
import { runOutcome } from '../engine/handle';
import { TrainingFailure } from '../engine/trainer/errors';
import { createRunDir, MetricsWriter, writeEval } from '../runs/index';
import { detectPytorch } from './detect';
import type { PreparedRun } from './prepare';
import { prepareOffThread } from './prepare-thread';
import { RunnerTranslator, runDirOf, type RunnerLine } from './protocol';

/** Lines of stderr kept for a crash report. */
const TAIL_LINES = 20;

type Command = 'pause' | 'resume' | 'stop';

/**
 * Starts a PyTorch training run. Resolves at once with the same handle as main/engine/client.ts's
 * startTraining; preparation problems (no torch, a layer PyTorch cannot express, a dataset error) arrive as
 * an `error` message and reject `done`, as the built-in engine's do. Throws only for an invalid config.
 */
export async function startPytorchTraining(input: TrainingConfigInput, hooks: StartOptions): Promise<TrainingHandle> {
  const config = parseTrainingConfig(input);
  const runId = randomUUID();
  const t0 = performance.now();
  const stderrTail: string[] = [];
  const queued: Command[] = [];
  let child: ChildProcess | null = null;
  let metrics: MetricsWriter | null = null;
  let batchesSinceFlush = 0;
  let prepared: PreparedRun | null = null;
  let translator: RunnerTranslator | null = null;
  let killedBeforeStart: NodeJS.Signals | null = null;

  const outcome = runOutcome(hooks.onMessage);
  const cleanup = async () => {
    try {
      metrics?.close();
    } catch {
      // closing twice after a crash is harmless
    }
    metrics = null;
    if (prepared) await rm(prepared.workDir, { recursive: true, force: true }).catch(() => undefined);
  };
  const failWith = (code: TrainingErrorCode, message: string) => {
    if (!outcome.fail(code, message)) return;
    // A runner still going (e.g. its run folder could not be written) has nobody left to report to.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    void cleanup();
  };
  /** Validated like the built-in child's messages, recorded in metrics.jsonl, then handed on. */
  const forward = (m: ChildMessage) => {
    const r = childMessageSchema.safeParse(m);
    if (!r.success) {
      failWith('INTERNAL', `the PyTorch runner produced an invalid '${m.type}' message: ${formatIssues(r.error.issues)}`);
      return;
    }
    const msg = r.data;
    if (msg.type === 'error') {
      failWith(msg.code, msg.message);
      return;
    }
    const flush = msg.type !== 'batch' || ++batchesSinceFlush >= config.flushEveryBatches;
    if (flush) batchesSinceFlush = 0;
    metrics?.append(msg, flush);
    outcome.deliver(msg);
  };

  const send = (cmd: Command) => {
    if (outcome.finished) return;
    if (child?.stdin?.writable) child.stdin.write(`${cmd}\n`);
    else if (!child) queued.push(cmd);
  };

  const onLine = async (line: RunnerLine) => {
    if (outcome.finished || !prepared || !translator) return;
    const p = prepared;
    const runDir = runDirOf(p.config.runDir);
    if (line.event === 'ready' && runDir) {
      // The folder is created once the device is known (config.json records backend and device).
      if (!p.resuming) {
        await createRunDir(runDir, { config: p.config, backend: String(line.backend), device: String(line.device), createdAt: new Date().toISOString() });
      }
      await copyFile(path.join(p.workDir, 'model.py'), path.join(runDir, 'model.py'));
      metrics = new MetricsWriter(path.join(runDir, 'metrics.jsonl'));
    }
    if (line.event === 'test' && runDir && p.test.classNames.length === 0) {
      // Regression: no eval message; eval.json holds the test loss, as the built-in engine writes it.
      await writeEval(runDir, { testLoss: line.testLoss, testAccuracy: null, samples: p.test.count });
    }
    for (const m of translator.translate(line, (performance.now() - t0) / 1000)) {
      if (m.type === 'eval' && runDir) {
        const { testLoss, testAccuracy, classNames, confusion, perClass, predictions } = m;
        await writeEval(runDir, { testLoss, testAccuracy, samples: p.test.count, classNames, confusion, perClass, predictions });
      }
      forward(m);
      if (m.type === 'ready' && p.tfjsMissing) forward({ type: 'log', level: 'info', message: `checkpoints hold model.pt only (no TF.js copy): ${p.tfjsMissing}` });
      if (m.type === 'done' && outcome.finish(m)) await cleanup();
    }
  };

  const launch = async () => {
    const info = await detectPytorch(config.python);
    if (!info.available || !info.python) throw new TrainingFailure('BACKEND', `The PyTorch engine is not available: ${info.reason}`);
    prepared = await prepareOffThread(config, (m) => forward(m));
    translator = new RunnerTranslator(prepared.test, runDirOf(prepared.config.runDir));
    if (outcome.finished) {
      await cleanup();
      return;
    }
    const proc = spawn(info.python, ['-u', prepared.runnerFile, prepared.jobFile], {
      cwd: prepared.workDir,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    child = proc;
    if (killedBeforeStart) proc.kill(killedBeforeStart);
    proc.stdin?.on('error', () => undefined); // a runner that already exited: its exit is reported below
    for (const cmd of queued.splice(0)) proc.stdin?.write(`${cmd}\n`);
    // Lines are handled strictly in order (run folder before the first metrics line).
    let chain = Promise.resolve();
    const stdoutRest = readLines(proc.stdout, (raw) => {
      const parsed = parseLine(raw);
      if (parsed) chain = chain.then(() => onLine(parsed)).catch((e: Error) => failWith('INTERNAL', `PyTorch engine: ${e.message}`));
      else if (raw.trim()) hooks.onOutput?.(raw);
    });
    const stderrRest = readLines(proc.stderr, (l) => {
      if (!l.trim()) return;
      stderrTail.push(l);
      if (stderrTail.length > TAIL_LINES) stderrTail.shift();
      hooks.onOutput?.(l);
    });
    proc.on('error', (e) => failWith('CHILD_CRASHED', `could not start ${info.python}: ${e.message}`));
    proc.on('close', (code, signal) => {
      if (stderrRest().trim()) stderrTail.push(stderrRest());
      const last = parseLine(stdoutRest());
      if (last) chain = chain.then(() => onLine(last));
      void chain.then(async () => {
        const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const tail = stderrTail.slice(-TAIL_LINES);
        failWith('CHILD_CRASHED', `PyTorch training process ${why} before finishing${tail.length ? `; stderr (last ${tail.length} lines):\n${tail.join('\n')}` : ' (no stderr output)'}`);
        await cleanup();
      });
    });
  };
  launch().catch((e: unknown) => {
    if (e instanceof TrainingFailure) failWith(e.code, e.message);
    else failWith('INTERNAL', e instanceof Error ? (e.stack ?? e.message) : String(e));
  });

  return {
    runId,
    get pid() {
      return child?.pid;
    },
    pause: () => send('pause'),
    resume: () => send('resume'),
    stop: () => {
      send('stop');
      // The runner stops after the current batch; one stuck in a very long step still has to go.
      outcome.killIfStuck(() => child?.kill('SIGKILL'));
    },
    kill: (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child) child.kill(signal);
      else killedBeforeStart = signal;
    },
    done: outcome.done,
  };
}

/** Calls onLine for each complete line a text stream writes; the returned function gives the unterminated rest. */
function readLines(stream: Readable | null, onLine: (line: string) => void): () => string {
  let pending = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) onLine(l);
  });
  return () => pending;
}

function parseLine(raw: string): RunnerLine | null {
  const s = raw.trim();
  if (!s.startsWith('{"event"')) return null;
  try {
    return JSON.parse(s) as RunnerLine;
  } catch {
    return null;
  }
}

