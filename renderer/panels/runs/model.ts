/**
 * Runs panel view models, pure so they are unit-tested without React or a host: table rows from run
 * summaries, overlay curves from metrics lines, a run's config/graph snapshot, the resume config and the
 * project text an export needs.
 */
import type { RunDetailInfo, RunSummaryInfo } from '../../../shared/contract/runs';
import type { TrainingConfigInput } from '../../../shared/contract/training';
import type { GraphData } from '../../../shared/graph/types';
import { createProject, serializeProject, type NetwrightProject } from '../../state/core';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// ---- Table rows ---------------------------------------------------------------------------------------------

export interface RunRow {
  dir: string;
  /** Folder name (unique within a project). */
  name: string;
  /** The folder name without its yyyymmdd-hhmmss- stamp (the date has its own field). */
  label: string;
  project: string | null;
  date: string;
  status: RunSummaryInfo['status'];
  dataset: string;
  /** 'adam · lr 0.001 · batch 64'. */
  training: string;
  /** '3/5' (last finished epoch / planned), '—/5' before the first. */
  epochs: string;
  loss: string;
  valAccuracy: string;
  testAccuracy: string;
  /** 'builtin · wasm'. */
  engine: string;
  /** What it ran on ('AMD EPYC (wasm, SIMD, 1 thread) × 2 workers', 'cuda:0'). */
  device: string;
  canResume: boolean;
  /** A running run can neither be deleted nor resumed. */
  canDelete: boolean;
}

/** 2026-11-24T14:03:05.000Z → '2026-11-24 14:03' (UTC, so rows sort and read the same everywhere). */
export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export const formatPercent = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
export const formatLoss = (v: number | null): string => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));

export function runRow(s: RunSummaryInfo): RunRow {
  return {
    dir: s.dir,
    name: s.name,
    label: s.name.replace(/^\d{8}-\d{6}-/, '') || s.name,
    project: s.project,
    date: formatDate(s.createdAt),
    status: s.status,
    dataset: s.dataset,
    training: `${s.optimizer} · lr ${s.learningRate} · batch ${s.batchSize}`,
    epochs: `${s.lastEpoch ?? '—'}/${s.epochs}`,
    loss: formatLoss(s.finalLoss),
    valAccuracy: formatPercent(s.finalValAccuracy),
    testAccuracy: formatPercent(s.testAccuracy),
    engine: `${s.engine} · ${s.backend}`,
    device: s.device && s.device !== s.backend ? s.device : '',
    canResume: s.canResume && s.status !== 'running' && s.status !== 'done',
    canDelete: s.status !== 'running',
  };
}

/** Rows newest first (ISO dates sort as text; undated runs last, then by name). */
export function runRows(summaries: readonly RunSummaryInfo[]): RunRow[] {
  return [...summaries]
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.name.localeCompare(a.name))
    .map(runRow);
}

// ---- Run config / graph snapshot ------------------------------------------------------------------------

/**
 * The training config a run was started with. Hosts return config.json either as the config itself or as
 * its file envelope ({ config, backend, device, createdAt }); both are accepted.
 */
export function runConfig(detail: Pick<RunDetailInfo, 'config'>): Record<string, unknown> | null {
  const c = detail.config;
  if (isRecord(c.graph)) return c;
  if (isRecord(c.config) && isRecord(c.config.graph)) return c.config;
  return null;
}

function isGraph(v: unknown): v is GraphData {
  return isRecord(v) && Array.isArray(v.nodes) && Array.isArray(v.edges);
}

export function runGraph(detail: Pick<RunDetailInfo, 'config'>): GraphData | null {
  const g = runConfig(detail)?.graph;
  if (!isGraph(g)) return null;
  return { nodes: g.nodes, edges: g.edges, groups: Array.isArray(g.groups) ? g.groups : [] };
}

/** The run's graph snapshot as a project (titled after the run's project, its dataset selected). */
export function runProject(detail: Pick<RunDetailInfo, 'config' | 'summary'>): NetwrightProject {
  const graph = runGraph(detail);
  if (!graph) throw new Error(`Run ${detail.summary.name} has no graph snapshot in its config.json.`);
  const meta: Record<string, unknown> = { title: detail.summary.project ?? detail.summary.name, run: detail.summary.name };
  const dataset = runConfig(detail)?.dataset;
  if (isRecord(dataset) && typeof dataset.id === 'string') meta.dataset = dataset.id;
  return createProject(graph, meta);
}

/** The project file text exportModel and "open as project" take. */
export const runProjectText = (detail: Pick<RunDetailInfo, 'config' | 'summary'>): string => serializeProject(runProject(detail));

/**
 * The config that continues a run from its last checkpoint up to `totalEpochs` (the engine keeps the run's
 * own settings and only takes the epoch count; the rest is sent so the config validates).
 */
export function resumeConfig(detail: Pick<RunDetailInfo, 'config' | 'summary'>, totalEpochs: number): TrainingConfigInput {
  const config = runConfig(detail);
  if (!config) throw new Error(`Run ${detail.summary.name} cannot be resumed: its config.json has no training config.`);
  if (!detail.summary.canResume) throw new Error(`Run ${detail.summary.name} has no checkpoint to resume from (no epoch finished).`);
  const done = detail.summary.lastEpoch ?? 0;
  if (!Number.isInteger(totalEpochs) || totalEpochs <= done) {
    throw new Error(`Resume needs more epochs than the ${done} already trained (asked for ${totalEpochs}).`);
  }
  return { ...(config as TrainingConfigInput), resumeFrom: detail.summary.dir, runDir: detail.summary.dir, epochs: totalEpochs };
}

// ---- Overlay curves --------------------------------------------------------------------------------------

export type Granularity = 'epoch' | 'batch';
export type Split = 'train' | 'val';
export type Metric = 'loss' | 'accuracy';

export interface CurvePoint {
  /** Epochs (fractional for batches: epoch 2, batch 5 of 10 → 1.5). */
  x: number;
  y: number;
}

/**
 * One run's curve. Batch lines give train values only; validation is per epoch. A resumed run repeats
 * the epoch it was cut in: the later line for the same x wins.
 */
export function runCurve(metrics: readonly Record<string, unknown>[], granularity: Granularity, split: Split, metric: Metric): CurvePoint[] {
  const byX = new Map<number, number>();
  for (const m of metrics) {
    const epoch = finite(m.epoch);
    if (epoch === null) continue;
    if (granularity === 'batch' && m.type === 'batch' && split === 'train') {
      const batch = finite(m.batch);
      const batches = finite(m.batches);
      const y = finite(m[metric]);
      if (batch === null || !batches || y === null) continue;
      byX.set(epoch - 1 + batch / batches, y);
    } else if (granularity === 'epoch' && m.type === 'epoch') {
      const key = split === 'val' ? (metric === 'loss' ? 'valLoss' : 'valAccuracy') : metric;
      const y = finite(m[key]);
      if (y !== null) byX.set(epoch, y);
    }
  }
  return [...byX].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
}

export interface OverlaySeries {
  label: string;
  color: string;
  points: number;
}

export interface Overlay {
  /** uPlot aligned data: [xs, ...one y array per run] with nulls where a run has no point. */
  data: (number | null)[][];
  series: OverlaySeries[];
}

/** Distinct, colour-blind-friendly (Okabe–Ito + extras) stroke colours, one per selected run. */
export const RUN_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#7f3c8d', '#4d4d4d', '#b8860b', '#17becf'];

export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length];

/** Several runs' curves on one shared x axis (the union of their x values). */
export function overlay(runs: readonly { label: string; metrics: readonly Record<string, unknown>[] }[], granularity: Granularity, split: Split, metric: Metric): Overlay {
  const curves = runs.map((r) => runCurve(r.metrics, granularity, split, metric));
  const xs = [...new Set(curves.flatMap((c) => c.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const data: (number | null)[][] = [xs];
  for (const c of curves) {
    const ys: (number | null)[] = xs.map(() => null);
    for (const p of c) ys[index.get(p.x) as number] = p.y;
    data.push(ys);
  }
  return { data, series: runs.map((r, i) => ({ label: r.label, color: runColor(i), points: curves[i].length })) };
}

/** Batch curves for short runs (few epoch points say little), epoch curves otherwise. */
export function defaultGranularity(runs: readonly { metrics: readonly Record<string, unknown>[] }[]): Granularity {
  const epochs = Math.max(0, ...runs.map((r) => runCurve(r.metrics, 'epoch', 'train', 'loss').length));
  return epochs >= 3 ? 'epoch' : 'batch';
}
