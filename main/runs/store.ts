/**
 * A run on disk:
 *   config.json      the training config (graph snapshot, dataset, settings, seed) + backend/device
 *   metrics.jsonl    one JSON object per line, appended and fsync'ed per epoch and every N batches
 *   checkpoints/last, checkpoints/best   TF.js format (model.json + weights.bin) + state.json
 *   eval.json        test accuracy, confusion matrix, per-class precision/recall/F1
 * A SIGKILL loses at most the unflushed batch lines; the last checkpoint lets the run resume.
 */
import { closeSync, fsyncSync, openSync, writeSync, existsSync, mkdirSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingConfig } from '../../shared/contract/training';

export interface CheckpointState {
  /** Last completed epoch (1-based). */
  epoch: number;
  bestEpoch: number | null;
  bestValue: number | null;
  epochsWithoutImprovement: number;
}

export interface RunConfigFile {
  config: TrainingConfig;
  backend: string;
  device: string;
  createdAt: string;
}

/** Why a run folder operation was refused; `code` lets hosts map it to their own error codes. */
export class RunFolderError extends Error {
  constructor(
    readonly code: 'OUTSIDE_ROOT' | 'NOT_A_RUN' | 'RUNNING',
    message: string,
  ) {
    super(message);
    this.name = 'RunFolderError';
  }
}

export type MetricsLine = { type: string; time: string } & Record<string, unknown>;

export interface RunRecord {
  dir: string;
  config: RunConfigFile | null;
  metrics: MetricsLine[];
  eval: Record<string, unknown> | null;
  checkpoints: { last: CheckpointState | null; best: CheckpointState | null };
  /** Lines of metrics.jsonl that did not parse (a line cut by a kill). */
  badLines: number;
}

export interface RunSummary {
  dir: string;
  name: string;
  createdAt: string | null;
  epochs: number;
  lastEpoch: number | null;
  testAccuracy: number | null;
  done: boolean;
}

/** Appends JSON lines with an fsync on flush(), so flushed lines survive a SIGKILL or power loss. */
export class MetricsWriter {
  private fd: number;
  private pending: string[] = [];

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  append(line: Record<string, unknown>, flush = false): void {
    this.pending.push(JSON.stringify({ ...line, time: new Date().toISOString() }) + '\n');
    if (flush) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    fsyncSync(this.fd);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Writes JSON through a temp file and a rename, so a reader never sees a half-written file. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(value, null, 2));
  await rename(`${file}.tmp`, file);
}

export async function createRunDir(dir: string, cfg: RunConfigFile): Promise<void> {
  if (existsSync(path.join(dir, 'config.json'))) {
    throw new Error(`Run folder ${dir} already holds a run (config.json exists): pick another folder or resume it.`);
  }
  await mkdir(path.join(dir, 'checkpoints'), { recursive: true });
  await writeJson(path.join(dir, 'config.json'), cfg);
}

export async function writeCheckpointState(dir: string, state: CheckpointState): Promise<void> {
  await writeJson(path.join(dir, 'state.json'), state);
}

export async function writeEval(dir: string, value: unknown): Promise<void> {
  await writeJson(path.join(dir, 'eval.json'), value);
}

/** A fresh folder name under `root`: <yyyymmdd-hhmmss>-<label>, made unique with a suffix. */
export function newRunDirName(root: string, label: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safe = label.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40) || 'run';
  // Reserve the folder with an exclusive mkdir: two runs started in the same second get different folders.
  mkdirSync(root, { recursive: true });
  for (let i = 1; ; i++) {
    const dir = path.join(root, i === 1 ? `${stamp}-${safe}` : `${stamp}-${safe}-${i}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** How batch lines are written (JSON.stringify keeps `type` first), so summaries can skip them unparsed. */
const BATCH_PREFIX = '{"type":"batch"';

/** A run folder's config.json alone (no metrics read); RunFolderError NOT_A_RUN when there is none. */
export async function readRunConfig(dir: string): Promise<RunConfigFile> {
  const config = await readJson<RunConfigFile>(path.join(dir, 'config.json'));
  if (!config) throw new RunFolderError('NOT_A_RUN', `${dir} is not a run folder (no readable config.json).`);
  return config;
}

/**
 * Reads a run folder. `batches: false` skips the per-batch lines without parsing them (run summaries of
 * ResNet runs with 100k+ batch lines stay fast); they still count as lines, never as bad ones.
 */
export async function readRun(dir: string, opts: { batches?: boolean } = {}): Promise<RunRecord> {
  const config = await readRunConfig(dir);
  let text = '';
  try {
    text = await readFile(path.join(dir, 'metrics.jsonl'), 'utf8');
  } catch {
    text = '';
  }
  const metrics: MetricsLine[] = [];
  let badLines = 0;
  const skipBatches = opts.batches === false;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (skipBatches && line.startsWith(BATCH_PREFIX) && line.endsWith('}')) continue;
    try {
      metrics.push(JSON.parse(line) as MetricsLine);
    } catch {
      badLines++;
    }
  }
  return {
    dir,
    config,
    metrics,
    eval: await readJson(path.join(dir, 'eval.json')),
    checkpoints: {
      last: await readJson(path.join(dir, 'checkpoints', 'last', 'state.json')),
      best: await readJson(path.join(dir, 'checkpoints', 'best', 'state.json')),
    },
    badLines,
  };
}

/** Runs directly under `root`, newest first; folders without config.json are ignored. */
export async function listRuns(root: string): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const out: RunSummary[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    if (!existsSync(path.join(dir, 'config.json'))) continue;
    const run = await readRun(dir, { batches: false });
    const epochs = run.metrics.filter((m) => m.type === 'epoch');
    const done = run.metrics.find((m) => m.type === 'done');
    out.push({
      dir,
      name,
      createdAt: run.config?.createdAt ?? null,
      epochs: run.config?.config.epochs ?? 0,
      lastEpoch: epochs.length ? (epochs[epochs.length - 1].epoch as number) : null,
      testAccuracy: typeof run.eval?.testAccuracy === 'number' ? run.eval.testAccuracy : null,
      done: done !== undefined,
    });
  }
  return out.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}
