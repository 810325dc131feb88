/**
 * The run history the UI shows: run folders grouped per project under a runs root
 * (<runs root>/<project slug>/<yyyymmdd-hhmmss-label>/), summarised from config.json, metrics.jsonl,
 * eval.json and the checkpoints, plus deleting a run folder safely.
 */
import { existsSync, realpathSync } from 'node:fs';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunDetailInfo, RunSummaryInfo } from '../../shared/contract/runs';
import { readRun, RunFolderError, writeJson, type MetricsLine, type RunRecord } from './store';

export { RunFolderError };

/** Folder name for a project's runs: lower-case letters, digits, `_ . -`; 'untitled' without a project. */
export function projectSlug(project: string | null | undefined): string {
  const slug = (project ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return slug || 'untitled';
}

/** A short run-folder label: project + optimizer + learning rate (e.g. `lenet-5-adam-lr0.001`). */
export function runLabel(config: { project?: string; optimizer?: { type?: string; learningRate?: number } }): string {
  const name = config.project ? projectSlug(config.project).slice(0, 24) : 'run';
  const opt = config.optimizer?.type ?? 'adam';
  const lr = config.optimizer?.learningRate;
  return `${name}-${opt}${lr === undefined ? '' : `-lr${+lr.toPrecision(3)}`}`;
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The last line of the current session (after the last 'ready') that ends a run, if any. */
function sessionEnd(metrics: MetricsLine[]): MetricsLine | null {
  for (let i = metrics.length - 1; i >= 0; i--) {
    const t = metrics[i].type;
    if (t === 'done' || t === 'error') return metrics[i];
    // A resumed run writes a new 'ready': an end line before it belongs to the earlier session.
    if (t === 'ready') return null;
  }
  return null;
}

function lastOf(metrics: MetricsLine[], type: string): MetricsLine | null {
  for (let i = metrics.length - 1; i >= 0; i--) if (metrics[i].type === type) return metrics[i];
  return null;
}

/**
 * One history row. `running` = this host is training the run right now (the folder alone cannot tell a
 * live run from one killed mid-epoch: both lack a done line).
 */
export function summarizeRun(record: RunRecord, opts: { running?: boolean } = {}): RunSummaryInfo {
  const file = obj(record.config);
  const config = obj(file.config);
  const optimizer = obj(config.optimizer);
  const dataset = obj(config.dataset);
  const end = sessionEnd(record.metrics);
  const ready = lastOf(record.metrics, 'ready');
  const epoch = lastOf(record.metrics, 'epoch');
  const done = end?.type === 'done' ? end : null;
  const status: RunSummaryInfo['status'] = opts.running
    ? 'running'
    : end === null
      ? 'incomplete'
      : end.type === 'error'
        ? 'failed'
        : end.stopped === true
          ? 'stopped'
          : 'done';
  const evalAcc = num(record.eval?.testAccuracy);
  return {
    dir: record.dir,
    name: path.basename(record.dir),
    project: typeof config.project === 'string' ? config.project : null,
    createdAt: typeof file.createdAt === 'string' ? file.createdAt : null,
    status,
    epochs: Math.trunc(num(config.epochs) ?? 0),
    lastEpoch: epoch ? Math.trunc(num(epoch.epoch) ?? 0) : null,
    dataset: str(dataset.id, 'unknown'),
    engine: str(config.engine, 'builtin'),
    optimizer: str(optimizer.type, 'adam'),
    learningRate: num(optimizer.learningRate) ?? 0,
    batchSize: Math.trunc(num(config.batchSize) ?? 0),
    // A resumed session may run on another backend: the latest 'ready' says what trained last.
    backend: str(ready?.backend, str(file.backend, 'unknown')),
    device: str(ready?.device, str(file.device, 'unknown')),
    finalLoss: epoch ? num(epoch.loss) : null,
    finalValAccuracy: epoch ? num(epoch.valAccuracy) : null,
    testAccuracy: evalAcc ?? (done ? num(done.testAccuracy) : null),
    canResume: record.checkpoints.last !== null,
  };
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name));
  } catch {
    return [];
  }
}

const isRunDir = (dir: string) => existsSync(path.join(dir, 'config.json'));

/** Real path when it exists (symlinked temp/workspace folders compare equal), else the resolved path. */
export function canonicalDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * The runs of one project (its folder under `root`, runs whose config names that project), or of every
 * project (null: each project folder, plus run folders placed directly under `root`). Newest first.
 * Unreadable folders are left out; batch lines are not parsed (fast with 100k-line metrics files).
 */
export async function listRunSummaries(root: string, project: string | null, running: ReadonlySet<string> = new Set()): Promise<RunSummaryInfo[]> {
  let dirs: string[];
  if (project !== null) {
    dirs = (await subfolders(path.join(root, projectSlug(project)))).filter(isRunDir);
  } else {
    dirs = [];
    for (const d of await subfolders(root)) {
      if (isRunDir(d)) dirs.push(d);
      else dirs.push(...(await subfolders(d)).filter(isRunDir));
    }
  }
  const live = new Set([...running].map(canonicalDir));
  const rows = await Promise.all(
    dirs.map(async (dir) => {
      try {
        return summarizeRun(await readRun(dir, { batches: false }), { running: live.has(canonicalDir(dir)) });
      } catch {
        return null;
      }
    }),
  );
  return rows
    .filter((r): r is RunSummaryInfo => r !== null && (project === null || r.project === project))
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.name.localeCompare(a.name));
}

/**
 * A whole run for the UI. Metrics files beyond `maxBytes` (hundreds of thousands of batch lines) keep
 * every k-th batch line plus each epoch's last one, so the answer fits one RPC message; epoch, eval,
 * done and error lines are always complete.
 */
export async function readRunDetail(dir: string, opts: { running?: boolean; maxBytes?: number } = {}): Promise<RunDetailInfo> {
  const record = await readRun(dir);
  const budget = opts.maxBytes ?? 40 * 1024 * 1024;
  const size = await stat(path.join(dir, 'metrics.jsonl')).then((s) => s.size, () => 0);
  let metrics = record.metrics;
  if (size > budget) {
    const k = Math.ceil(size / budget);
    let seen = 0;
    metrics = metrics.filter((m) => m.type !== 'batch' || seen++ % k === 0 || m.batch === m.batches);
  }
  return {
    summary: summarizeRun(record, { running: opts.running }),
    config: obj(record.config?.config),
    metrics,
    eval: record.eval,
    badLines: record.badLines,
  };
}

/**
 * Deletes one run folder: it must lie inside `root` (symlinks followed), hold a config.json, and not be
 * training now. Throws RunFolderError naming which rule failed.
 */
export async function deleteRunDir(root: string, dir: string, running: ReadonlySet<string> = new Set()): Promise<void> {
  const realRoot = canonicalDir(root);
  const target = canonicalDir(dir);
  const rel = path.relative(realRoot, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new RunFolderError('OUTSIDE_ROOT', `Only run folders inside ${realRoot} can be deleted: '${dir}'.`);
  }
  if (!isRunDir(target)) throw new RunFolderError('NOT_A_RUN', `${dir} is not a run folder (no config.json); nothing was deleted.`);
  if ([...running].some((r) => canonicalDir(r) === target)) {
    throw new RunFolderError('RUNNING', `Run ${path.basename(target)} is still training: stop it before deleting it.`);
  }
  await rm(target, { recursive: true, force: true });
}

/**
 * A resumed run trains towards a new epoch count; config.json keeps the rest of the original config. The
 * engine only overrides `epochs` from the resume request, so record it for the history.
 */
export async function recordResumeEpochs(dir: string, epochs: number): Promise<void> {
  const file = path.join(dir, 'config.json');
  let saved: { config?: Record<string, unknown> };
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as typeof saved;
  } catch {
    throw new RunFolderError('NOT_A_RUN', `${dir} is not a run folder (no readable config.json): nothing to resume.`);
  }
  if (!saved.config || saved.config.epochs === epochs) return;
  saved.config.epochs = epochs;
  await writeJson(file, saved);
}
