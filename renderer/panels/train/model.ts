/**
 * Train panel state: a pure reducer over the training protocol's messages (shared/contract/training.ts),
 * so the panel's behaviour (progress, curves, faults, evaluation) is testable without React or a host.
 */
import { childMessageSchema, type ChildMessage, type EvalMessage, type TrainingConfig, type TrainingConfigInput } from '../../../shared/contract/training';
import type { DatasetInfo } from '../../../shared/contract/datasets';
import type { GraphData } from '../../../shared/graph/types';
import type { EditorState } from '../../state/store';
import type { RunDetailInfo } from '../../../shared/contract/runs';
import { TrainPoints } from './points';

export type RunPhase = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

export interface BatchPoint {
  /** Global step (1-based across epochs). */
  step: number;
  loss: number;
  accuracy: number | null;
}
export { TrainPoints };
export interface EpochPoint {
  epoch: number;
  /** Global step at the end of this epoch, so epoch points share the batch x-axis. */
  step: number;
  loss: number;
  accuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
}

export interface TrainState {
  runId: string | null;
  phase: RunPhase;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  samplesPerSec: number;
  etaSeconds: number;
  backend: string | null;
  /**
   * Batch curve columns: an append-only buffer shared by the successive states of one run (appending
   * copies nothing); `pointsVersion` changes whenever it grows, so subscribers see the change.
   */
  points: TrainPoints;
  pointsVersion: number;
  /** The latest batch point (badges read it without touching the columns). */
  lastBatch: BatchPoint | null;
  epochs_: EpochPoint[];
  evaluation: EvalMessage | null;
  testAccuracy: number | null;
  fault: { code: string; message: string; advice: string } | null;
  log: string[];
  /** The run folder (from the ready/done message), for layer inspection and the run history. */
  runDir: string | null;
  /** The config the run started with (dataset ref + seed identify its test samples). */
  config: TrainingConfigInput | null;
}

export function initialTrainState(): TrainState {
  return {
    runId: null, phase: 'idle', epoch: 0, epochs: 0, batch: 0, batches: 0, samplesPerSec: 0, etaSeconds: 0,
    backend: null, points: new TrainPoints(), pointsVersion: 0, lastBatch: null, epochs_: [], evaluation: null, testAccuracy: null, fault: null, log: [],
    runDir: null, config: null,
  };
}

/** A fresh run that has been asked to start. */
export function startingState(runId: string, epochs: number, config: TrainingConfigInput | null = null): TrainState {
  return { ...initialTrainState(), runId, epochs, phase: 'starting', config };
}

/** Plain-words next step for each engine error code. */
export function faultAdvice(code: string): string {
  switch (code) {
    case 'NAN_LOSS': return 'The loss became NaN (diverged). Lower the learning rate (e.g. ÷10) and start again.';
    case 'DATASET': return 'The dataset could not be loaded. Check the dataset choice and its files, then start again.';
    case 'NOT_TRAINABLE': return 'The graph cannot be trained as it is. Fix the errors in the Problems tab first.';
    case 'BAD_CONFIG': return 'A training setting is invalid. Correct the settings and start again.';
    case 'BACKEND': return 'The compute backend failed. Pick another backend (e.g. cpu or wasm) and start again.';
    case 'CHILD_CRASHED': return 'The training process died. The recorded points are kept; start again (or resume from the run folder).';
    default: return 'An internal error stopped training. The recorded points are kept; try starting again.';
  }
}

/** Applies one message (validated; malformed ones are logged, not applied). Messages of other runs are ignored. */
export function reduceTraining(state: TrainState, runId: string, raw: unknown): TrainState {
  if (runId !== state.runId) return state;
  const parsed = childMessageSchema.safeParse(raw);
  if (!parsed.success) return { ...state, log: [...state.log, `Ignored a malformed training message`] };
  const m: ChildMessage = parsed.data;
  switch (m.type) {
    case 'ready':
      return { ...state, phase: 'running', backend: `${m.backend} (${m.device})`, epoch: m.startEpoch, runDir: m.runDir ?? state.runDir };
    case 'batch': {
      const step = (m.epoch - 1) * m.batches + m.batch;
      // A step already recorded (replayed after a reload) changes nothing.
      if (!state.points.pushBatch(step, m.loss, m.accuracy)) return state;
      return {
        ...state,
        phase: state.phase === 'paused' ? 'paused' : 'running',
        epoch: m.epoch, batch: m.batch, batches: m.batches, samplesPerSec: m.samplesPerSec, etaSeconds: m.etaSeconds,
        pointsVersion: state.points.version, lastBatch: { step, loss: m.loss, accuracy: m.accuracy },
      };
    }
    case 'epoch': {
      // The epoch message follows its last batch: sit on that step (a stopped epoch ends early).
      const step = state.epoch === m.epoch && state.points.length ? state.points.lastStep : state.batches > 0 ? m.epoch * state.batches : m.epoch;
      const point: EpochPoint = { epoch: m.epoch, step, loss: m.loss, accuracy: m.accuracy, valLoss: m.valLoss, valAccuracy: m.valAccuracy };
      state.points.setValidation(step, m.valLoss, m.valAccuracy);
      return { ...state, pointsVersion: state.points.version, epochs_: [...state.epochs_.filter((e) => e.epoch !== m.epoch), point] };
    }
    case 'eval':
      return { ...state, evaluation: m, testAccuracy: m.testAccuracy };
    case 'done':
      return { ...state, phase: m.stopped ? 'stopped' : 'done', testAccuracy: m.testAccuracy ?? state.testAccuracy, etaSeconds: 0, epochs: m.stopped ? state.epochs : m.epochs || state.epochs, runDir: m.runDir ?? state.runDir };
    case 'error':
      return { ...state, phase: 'failed', fault: { code: m.code, message: m.message, advice: faultAdvice(m.code) } };
    case 'paused':
      return { ...state, phase: 'paused' };
    case 'resumed':
      return { ...state, phase: 'running' };
    case 'log':
      return { ...state, log: [...state.log.slice(-99), `${m.level}: ${m.message}`] };
  }
}

export const isActive = (p: RunPhase): boolean => p === 'starting' || p === 'running' || p === 'paused';

/** Exponential moving average (bias-corrected) for the smoothing toggle; null values stay null. */
export function smooth(values: readonly (number | null)[], alpha: number): (number | null)[] {
  if (alpha <= 0) return [...values];
  let avg = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    n++;
    avg = alpha * avg + (1 - alpha) * v;
    return avg / (1 - alpha ** n);
  });
}

/** Fraction done over the whole run (0..1). */
export function progress(s: TrainState): number {
  if (s.phase === 'done') return 1;
  if (!s.epochs || !s.batches) return 0;
  return Math.min(1, ((s.epoch - 1) * s.batches + s.batch) / (s.epochs * s.batches));
}

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '—';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export interface ShapeCheck {
  ok: boolean;
  message: string;
  /** Input node to fix and the shape to set (present when a fix applies). */
  fix: { nodeId: string; shape: number[] } | null;
}

/** Compares the graph's Input shape with the dataset's sample shape. */
export function checkShape(graph: GraphData, ds: DatasetInfo | undefined): ShapeCheck {
  if (!ds) return { ok: false, message: 'Pick a dataset.', fix: null };
  const inputs = graph.nodes.filter((n) => n.type === 'Input');
  if (inputs.length !== 1) return { ok: false, message: `The graph needs exactly one Input node (has ${inputs.length}).`, fix: null };
  const shape = inputs[0].params.shape;
  const want = [...ds.inputShape];
  if (Array.isArray(shape) && shape.length === want.length && shape.every((d, i) => d === want[i]))
    return { ok: true, message: `Input ${JSON.stringify(want)} matches ${ds.name}.`, fix: null };
  return {
    ok: false,
    message: `${ds.name} samples are ${JSON.stringify(want)}, the Input is ${JSON.stringify(shape)}.`,
    fix: { nodeId: inputs[0].id, shape: want },
  };
}

/**
 * The project name runs are grouped under: the saved file's name without its extension, else the
 * project's title. Saved copies of one preset thus keep separate histories.
 */
export function projectName(s: Pick<EditorState, 'file' | 'project'>): string {
  const file = s.file?.name.replace(/\.netwright\.json$|\.json$/i, '');
  if (file) return file;
  const title = s.project.meta.title;
  return typeof title === 'string' && title.trim() ? title.trim() : 'Untitled';
}

export interface TrainSettings {
  datasetId: string;
  limit: number | null;
  optimizer: 'sgd' | 'adam' | 'rmsprop';
  learningRate: number;
  /** SGD/RMSprop momentum (0 = none). */
  momentum: number;
  weightDecay: number;
  schedule: 'constant' | 'step' | 'cosine';
  stepSize: number;
  gamma: number;
  warmupEpochs: number;
  batchSize: number;
  epochs: number;
  validationSplit: number;
  seed: number;
  /** Early stopping on validation loss; 0 = off. */
  patience: number;
  flip: boolean;
  shift: number;
  rotate: number;
  scale: number;
  engine: 'builtin' | 'pytorch';
  /** Built-in engine backend. */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** PyTorch engine device ('auto', 'cpu', 'cuda:0', …). */
  device: string;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  datasetId: 'mnist', limit: null, optimizer: 'adam', learningRate: 0.001, momentum: 0, weightDecay: 0,
  schedule: 'constant', stepSize: 1, gamma: 0.1, warmupEpochs: 0, batchSize: 64, epochs: 1,
  validationSplit: 0.1, seed: 42, patience: 0, flip: false, shift: 0, rotate: 0, scale: 0,
  engine: 'builtin', backend: 'auto', device: 'auto',
};

/** The startTraining config for the current graph and settings (project is added by the run store). */
export function buildConfig(graph: GraphData, s: TrainSettings): TrainingConfigInput {
  return {
    graph,
    dataset: { id: s.datasetId, validationSplit: s.validationSplit, ...(s.limit ? { limit: s.limit } : {}) },
    optimizer: { type: s.optimizer, learningRate: s.learningRate, momentum: s.optimizer === 'adam' ? 0 : s.momentum, weightDecay: s.weightDecay },
    schedule: { type: s.schedule, stepSize: s.stepSize, gamma: s.gamma, warmupEpochs: s.warmupEpochs },
    earlyStopping: { patience: s.patience },
    augmentation: { flip: s.flip, shift: s.shift, rotate: s.rotate, scale: s.scale },
    batchSize: s.batchSize,
    epochs: s.epochs,
    seed: s.seed,
    engine: s.engine,
    ...(s.engine === 'builtin' ? { backend: s.backend } : { device: s.device }),
  };
}

/** Settings shown again for a config (a reattached run): the fields the config carries, the rest kept. */
export function settingsFromConfig(c: TrainingConfig, base: TrainSettings): TrainSettings {
  return {
    ...base,
    datasetId: c.dataset.id, limit: c.dataset.limit ?? null, validationSplit: c.dataset.validationSplit,
    optimizer: c.optimizer.type, learningRate: c.optimizer.learningRate, momentum: c.optimizer.momentum, weightDecay: c.optimizer.weightDecay,
    schedule: c.schedule.type, stepSize: c.schedule.stepSize, gamma: c.schedule.gamma, warmupEpochs: c.schedule.warmupEpochs,
    batchSize: c.batchSize, epochs: c.epochs, seed: c.seed, patience: c.earlyStopping.patience,
    flip: c.augmentation.flip, shift: c.augmentation.shift, rotate: c.augmentation.rotate, scale: c.augmentation.scale,
    engine: c.engine, backend: c.backend, device: c.device,
  };
}

/** Compact "loss 0.123 · acc 97%" for badges: validation accuracy when an epoch has one, else the batch's. */
export function badgeText(run: TrainState): string | null {
  const last = run.lastBatch;
  if (!last || run.phase === 'idle') return null;
  const acc = run.epochs_.at(-1)?.valAccuracy ?? last.accuracy;
  return `loss ${last.loss.toFixed(3)}${acc !== null ? ` · acc ${(acc * 100).toFixed(0)}%` : ''}`;
}

const outputCache = new WeakMap<GraphData, string | null>();
/**
 * The node the live badge sits on: the graph's output — the one node nothing consumes (not an Input).
 * With several such sinks, the last one in document order. Cached per graph object, so every canvas node
 * asking costs one scan per edit.
 */
export function outputNodeId(graph: GraphData): string | null {
  const cached = outputCache.get(graph);
  if (cached !== undefined) return cached;
  const consumed = new Set(graph.edges.map((e) => e.source));
  let id: string | null = null;
  for (const n of graph.nodes) if (n.type !== 'Input' && !consumed.has(n.id)) id = n.id;
  outputCache.set(graph, id);
  return id;
}

/** The dataset id for a typed/picked path: 'path:<path>' (ids already in that form, or built-ins, stay). */
export function importId(path: string): string {
  const p = path.trim();
  return p.startsWith('path:') ? p : `path:${p}`;
}

/** A recorded run as the panel shows it: its metrics lines (+ evaluation) replayed through the reducer. */
export function replayRun(detail: Pick<RunDetailInfo, 'summary' | 'metrics' | 'eval'>, config: TrainingConfig | null): TrainState {
  const id = detail.summary.dir;
  let run: TrainState = { ...startingState(id, config?.epochs ?? detail.summary.epochs, config), phase: 'running', runDir: detail.summary.dir };
  for (const line of detail.metrics) run = reduceTraining(run, id, line);
  if (detail.eval && !run.evaluation) run = reduceTraining(run, id, { type: 'eval', ...detail.eval });
  // No done/error line and no longer training: the process died (killed, crashed, machine off).
  if (isActive(run.phase) && detail.summary.status !== 'running') {
    run = {
      ...run,
      phase: 'failed',
      etaSeconds: 0,
      fault: { code: 'CHILD_CRASHED', message: `The run ${detail.summary.name} ended without finishing (the training process died or was killed).`, advice: faultAdvice('CHILD_CRASHED') },
    };
  }
  return run;
}
