/**
 * The training-process protocol: the config a run starts from and every message between the parent (UI
 * host, CLI) and the training process (forked Node child or Electron utilityProcess). Both sides validate
 * with these schemas, so a malformed message is rejected where it arrives, not deep in the loop.
 */
import { z } from 'zod';
import type { GraphData } from '../graph/types';
import { graphSchema } from '../format/schema';

const positive = z.number().finite().positive();
const fraction = z.number().min(0).max(0.9);

export const optimizerSchema = z.object({
  type: z.enum(['sgd', 'adam', 'rmsprop']).default('adam'),
  learningRate: positive.default(0.001),
  /** SGD / RMSprop momentum. */
  momentum: z.number().min(0).max(0.999).default(0),
  nesterov: z.boolean().default(false),
  /** L2 weight decay on kernels (added to their gradients). */
  weightDecay: z.number().min(0).default(0),
});

export const scheduleSchema = z.object({
  type: z.enum(['constant', 'step', 'cosine']).default('constant'),
  /** step: multiply the rate by gamma every stepSize epochs. */
  stepSize: z.int().min(1).default(1),
  gamma: z.number().positive().max(1).default(0.1),
  /** Linear warm-up from ~0 to the base rate over this many epochs (any schedule). */
  warmupEpochs: z.number().min(0).default(0),
});

export const earlyStoppingSchema = z.object({
  /** Epochs without improvement before stopping; 0 = never stop early. */
  patience: z.int().min(0).default(0),
  monitor: z.enum(['valLoss', 'valAccuracy']).default('valLoss'),
  restoreBestWeights: z.boolean().default(true),
});

export const augmentationSchema = z.object({
  /** Random horizontal flip (p = 0.5). */
  flip: z.boolean().default(false),
  /** Random shift by up to this many pixels in each direction (zero padded crop). */
  shift: z.int().min(0).max(16).default(0),
  /** Random rotation by up to this many degrees either way (bilinear, zero fill); 0 = off. */
  rotate: z.number().min(0).max(180).default(0),
  /** Random zoom by up to this fraction either way (0.1 = 0.9×–1.1×); 0 = off. */
  scale: z.number().min(0).max(0.9).default(0),
});

export const datasetRefSchema = z.object({
  /** 'mnist', 'fashion-mnist', or a path ('path:/abs/dir' or a plain absolute path). */
  id: z.string().min(1),
  limit: z.int().positive().optional(),
  validationSplit: fraction.default(0.1),
  /** Test fraction for imported data without its own test set. */
  testSplit: fraction.optional(),
  /** CSV: the label column (name or 0-based index). */
  labelColumn: z.union([z.string().min(1), z.int().min(0)]).optional(),
});

export const backendSchema = z.enum(['auto', 'tensorflow', 'wasm', 'cpu']);
/** 'builtin' = TF.js in a Node child process; 'pytorch' = the exported PyTorch script run by a local Python. */
export const engineSchema = z.enum(['builtin', 'pytorch']);

export const trainingConfigSchema = z.object({
  graph: graphSchema as unknown as z.ZodType<GraphData>,
  dataset: datasetRefSchema,
  optimizer: optimizerSchema.default(optimizerSchema.parse({})),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
  batchSize: z.int().min(1).max(65536).default(64),
  epochs: z.int().min(1).max(100000).default(1),
  seed: z.int().min(0).max(2 ** 31 - 1).default(42),
  backend: backendSchema.default('auto'),
  engine: engineSchema.default('builtin'),
  /** PyTorch engine: the Python interpreter to run (default: auto-detect one that imports torch). */
  python: z.string().min(1).max(4096).optional(),
  /** PyTorch engine: 'auto' (cuda → mps → cpu) or an explicit torch device string such as 'cuda:1'. */
  device: z.string().min(1).max(64).default('auto'),
  /** Project name the run belongs to (groups the run history); hosts derive the run folder from it. */
  project: z.string().min(1).max(200).optional(),
  /** Data-parallel worker threads (wasm/cpu only); 1 = train in the process itself. Default: cores. */
  workers: z.int().min(1).max(64).optional(),
  earlyStopping: earlyStoppingSchema.default(earlyStoppingSchema.parse({})),
  augmentation: augmentationSchema.default(augmentationSchema.parse({})),
  /** Write metrics.jsonl every N batches (and at every epoch end). */
  flushEveryBatches: z.int().min(1).default(50),
  /** Where to create the run folder; omitted = no run on disk. */
  runDir: z.string().min(1).optional(),
  /** An existing run folder to resume from its last checkpoint (its config wins except epochs). */
  resumeFrom: z.string().min(1).optional(),
});

export type TrainingConfig = z.output<typeof trainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

// ---------------------------------------------------------------------------------------------------------
// Parent → child.

export const startMessageSchema = z.object({ type: z.literal('start'), config: trainingConfigSchema });
export const parentMessageSchema = z.discriminatedUnion('type', [
  startMessageSchema,
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('stop') }),
]);
export type ParentMessage = z.input<typeof parentMessageSchema>;

// ---------------------------------------------------------------------------------------------------------
// Child → parent.

const num = z.number();
const nullableNum = z.number().nullable();

export const readyMessageSchema = z.object({
  type: z.literal('ready'),
  backend: z.string(),
  device: z.string(),
  runDir: z.string().nullable(),
  trainSamples: z.int(),
  valSamples: z.int(),
  testSamples: z.int(),
  /** First epoch this process will run (> 1 when resuming). */
  startEpoch: z.int(),
});
export const batchMessageSchema = z.object({
  type: z.literal('batch'),
  epoch: z.int(),
  batch: z.int(),
  batches: z.int(),
  loss: num,
  accuracy: nullableNum,
  samplesPerSec: num,
  etaSeconds: num,
});
export const epochMessageSchema = z.object({
  type: z.literal('epoch'),
  epoch: z.int(),
  loss: num,
  accuracy: nullableNum,
  valLoss: nullableNum,
  valAccuracy: nullableNum,
  learningRate: num,
  seconds: num,
});
export const classMetricsSchema = z.object({ precision: num, recall: num, f1: num, support: z.int() });
export const evalMessageSchema = z.object({
  type: z.literal('eval'),
  testAccuracy: num,
  testLoss: num,
  classNames: z.array(z.string()),
  /** confusion[true][predicted]. */
  confusion: z.array(z.array(z.int())),
  perClass: z.array(classMetricsSchema),
  /**
   * Every test sample in test-set order (the order datasetSamples' 'test' split uses): true label, predicted
   * class and its probability. Feeds the prediction gallery and confusion-cell drill-down.
   */
  predictions: z
    .object({ labels: z.array(z.int()), predicted: z.array(z.int()), confidence: z.array(num) })
    .optional(),
});
export const doneMessageSchema = z.object({
  type: z.literal('done'),
  testAccuracy: nullableNum,
  seconds: num,
  backend: z.string(),
  device: z.string(),
  samplesPerSecond: num,
  runDir: z.string().nullable(),
  epochs: z.int(),
  stoppedEarly: z.boolean().optional(),
  /** Stopped by the user (stop message) before the last epoch. */
  stopped: z.boolean().optional(),
});
export const errorCodeSchema = z.enum(['BAD_CONFIG', 'NOT_TRAINABLE', 'DATASET', 'NAN_LOSS', 'BACKEND', 'CHILD_CRASHED', 'INTERNAL']);
export const errorMessageSchema = z.object({ type: z.literal('error'), message: z.string(), code: errorCodeSchema });
export const childMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  batchMessageSchema,
  epochMessageSchema,
  evalMessageSchema,
  doneMessageSchema,
  errorMessageSchema,
  z.object({ type: z.literal('paused'), epoch: z.int(), batch: z.int() }),
  z.object({ type: z.literal('resumed') }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn']), message: z.string() }),
]);

export type ReadyMessage = z.infer<typeof readyMessageSchema>;
export type BatchMessage = z.infer<typeof batchMessageSchema>;
export type EpochMessage = z.infer<typeof epochMessageSchema>;
export type EvalMessage = z.infer<typeof evalMessageSchema>;
export type DoneMessage = z.infer<typeof doneMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type TrainingErrorCode = z.infer<typeof errorCodeSchema>;
export type ChildMessage = z.infer<typeof childMessageSchema>;

/** Validates a training config; throws an Error listing every problem with its path. */
export function parseTrainingConfig(input: unknown): TrainingConfig {
  const r = trainingConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`Invalid training config: ${formatIssues(r.error.issues)}`);
  return r.data;
}

export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('; ');
}
