/**
 * Host calls behind the run history, the engine/device picker, dataset previews and the layer inspector
 * (activation maps, filter weights). Schemas here, typed outputs derived from them, so the wire, the Node
 * services and the renderer agree on one definition.
 */
import { z } from 'zod';
import { datasetRefSchema } from './training';

const pathString = z.string().min(1).max(4096).refine((s) => !s.includes('\0'), 'path contains a NUL byte');
const nullableNum = z.number().nullable();

// ---- Runs -------------------------------------------------------------------------------------------------

export const runStatusSchema = z.enum(['running', 'done', 'stopped', 'failed', 'incomplete']);

/** One row of the run history (from a run folder's config.json, metrics.jsonl and eval.json). */
export const runSummarySchema = z.object({
  dir: z.string(),
  /** Folder name (yyyymmdd-hhmmss-label). */
  name: z.string(),
  /** Project the run belongs to (training config's `project`), null for runs started without one. */
  project: z.string().nullable(),
  createdAt: z.string().nullable(),
  /** 'running' while this host's engine still runs it; 'incomplete' = no done line (killed, crashed). */
  status: runStatusSchema,
  epochs: z.number().int(),
  lastEpoch: z.number().int().nullable(),
  dataset: z.string(),
  engine: z.string(),
  optimizer: z.string(),
  learningRate: z.number(),
  batchSize: z.number().int(),
  backend: z.string(),
  device: z.string(),
  finalLoss: nullableNum,
  finalValAccuracy: nullableNum,
  testAccuracy: nullableNum,
  /** A checkpoint exists to resume from (and to export a trained model from). */
  canResume: z.boolean(),
});
export type RunSummaryInfo = z.output<typeof runSummarySchema>;

/**
 * A whole run: the training config as saved (graph snapshot + settings), every metrics line (the training
 * protocol's batch/epoch/eval/done/error messages plus a `time`), and the evaluation.
 */
export const runDetailSchema = z.object({
  summary: runSummarySchema,
  config: z.record(z.string(), z.unknown()),
  metrics: z.array(z.record(z.string(), z.unknown())),
  eval: z.record(z.string(), z.unknown()).nullable(),
  /** metrics.jsonl lines that did not parse (cut by a kill). */
  badLines: z.number().int(),
});
export type RunDetailInfo = z.output<typeof runDetailSchema>;

/** A run this host is training right now (lets a reloaded window reattach to it). */
export const activeRunSchema = z.object({
  runId: z.string(),
  runDir: z.string().nullable(),
  project: z.string().nullable(),
  startedAt: z.string(),
  /** Paused by a pause request (so a reloaded window shows Resume, not Pause). */
  paused: z.boolean(),
  /** The config the run was started with (graph + settings), so the panel can show them again. */
  config: z.record(z.string(), z.unknown()),
});
export type ActiveRunInfo = z.output<typeof activeRunSchema>;

// ---- Engines and devices ---------------------------------------------------------------------------------

export const deviceInfoSchema = z.object({
  /** What to pass as `device` / `backend` (e.g. 'cuda:0', 'mps', 'cpu', 'wasm'). */
  id: z.string(),
  kind: z.enum(['cuda', 'mps', 'cpu', 'wasm', 'tensorflow']),
  /** Human name: 'NVIDIA H100 80GB HBM3 (79.2 GiB)', 'CPU (2 cores)'. */
  name: z.string(),
});
export const engineInfoSchema = z.object({
  id: z.enum(['builtin', 'pytorch']),
  available: z.boolean(),
  /** Why not available, and what to install. */
  reason: z.string().nullable(),
  /** 'TF.js 4.22.0', 'PyTorch 2.5.1 (Python 3.12.3 at /usr/bin/python3)'. */
  version: z.string().nullable(),
  devices: z.array(deviceInfoSchema),
});
export type EngineInfo = z.output<typeof engineInfoSchema>;

// ---- Dataset samples -------------------------------------------------------------------------------------

/** One sample as a small image: row-major H×W×C bytes (0–255), base64. Tabular rows are not images. */
export const sampleImageSchema = z.object({
  index: z.number().int().nonnegative(),
  label: z.number().int(),
  className: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  channels: z.union([z.literal(1), z.literal(3)]),
  pixels: z.string(),
});
export type SampleImage = z.output<typeof sampleImageSchema>;

export const datasetSplitSchema = z.enum(['train', 'val', 'test']);
export const MAX_SAMPLES_PER_CALL = 256;

export const datasetSamplesRequestSchema = z.object({
  /** The same dataset reference a training config uses: the same split and seed give the same samples. */
  dataset: datasetRefSchema,
  seed: z.number().int().min(0).default(42),
  split: datasetSplitSchema,
  indices: z.array(z.number().int().nonnegative()).max(MAX_SAMPLES_PER_CALL),
});
export type DatasetSamplesRequest = z.output<typeof datasetSamplesRequestSchema>;

// ---- Layer inspection ------------------------------------------------------------------------------------

/** One 2-D map scaled to 0–255 (per map), base64; min/max are the raw values before scaling. */
export const grayMapSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  min: z.number(),
  max: z.number(),
  pixels: z.string(),
});
export type GrayMap = z.output<typeof grayMapSchema>;

export const layerInspectionRequestSchema = z.object({
  /** Run folder whose checkpoint supplies the weights; null = the graph's freshly initialised weights. */
  runDir: pathString.nullable(),
  /** Graph to build when there is no run (or to check the run's snapshot against). */
  graph: z.unknown().optional(),
  nodeId: z.string().min(1).max(256),
  sample: z.object({ dataset: datasetRefSchema, seed: z.number().int().min(0).default(42), split: datasetSplitSchema, index: z.number().int().nonnegative() }),
  /** Feature maps / filters returned at most (the first ones by channel index). */
  maxMaps: z.number().int().min(1).max(256).default(32),
});
export type LayerInspectionRequest = z.output<typeof layerInspectionRequestSchema>;

export const layerInspectionSchema = z.object({
  nodeId: z.string(),
  /** Where the weights came from. */
  weights: z.enum(['best', 'last', 'untrained']),
  epoch: z.number().int().nullable(),
  sample: sampleImageSchema.nullable(),
  /** The layer's output for the sample (no batch dim). Images: one map per channel; vectors: values. */
  activation: z.object({
    shape: z.array(z.number().int()),
    maps: z.array(grayMapSchema),
    values: z.array(z.number()).nullable(),
  }),
  /** Conv kernels, one map per output filter (input channels averaged); null for layers without kernels. */
  filters: z.object({ shape: z.array(z.number().int()), maps: z.array(grayMapSchema) }).nullable(),
});
export type LayerInspection = z.output<typeof layerInspectionSchema>;
