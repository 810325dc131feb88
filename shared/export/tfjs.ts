/**
 * TF.js target (TypeScript, tf.layers functional API): the same layers, names (node ids) and custom layers
 * as the built-in engine, so a checkpoint saved by a Netwright run loads into buildModel()'s model by name.
 */
import type { NetwrightProject } from '../format/project';
import { optimizerSchema, scheduleSchema } from '../contract/training';
import { functionalBody, kerasCheck } from './kerasFamily';
import { checkedExportModel, endsInSoftmax, type ExportNode } from './model';
import { kerasProblem } from './kerasLayers';
import { fileStem, identifier } from './names';
import { mainClassName } from './pytorch';
import type { ExportOptions, ExportResult, ExportTarget, ExportTraining } from './types';

const IND = '  ';

/** Layers tfjs-layers lacks, defined in the generated file (same class names as the engine registers). */
const CUSTOM: Record<string, string> = {
  LRN: `/** Local response normalisation across channels (TF semantics: alpha is not divided by the window). */
class LRN extends tf.layers.Layer {
  static readonly className = 'NetwrightLRN';
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(args: { name?: string; depthRadius: number; bias: number; alpha: number; beta: number }) {
    super(args);
    this.depthRadius = args.depthRadius;
    this.bias = args.bias;
    this.alpha = args.alpha;
    this.beta = args.beta;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() => tf.localResponseNormalization(x, this.depthRadius, this.bias, this.alpha, this.beta));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthRadius: this.depthRadius, bias: this.bias, alpha: this.alpha, beta: this.beta };
  }
}
tf.serialization.registerClass(LRN);`,
  SpatialDropout2D: `/** Drops whole feature maps while training (noise shape [batch, 1, 1, channels]). */
class SpatialDropout2D extends tf.layers.Layer {
  static readonly className = 'NetwrightSpatialDropout2D';
  readonly rate: number;

  constructor(args: { name?: string; rate: number }) {
    super(args);
    this.rate = args.rate;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate <= 0) return x.clone();
    const [b, , , c] = x.shape;
    return tf.dropout(x, this.rate, [b, 1, 1, c]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
tf.serialization.registerClass(SpatialDropout2D);`,
  Subtract: `/** Element-wise a − b of two inputs (Keras' Subtract; tfjs-layers has none). */
class Subtract extends tf.layers.Layer {
  static readonly className = 'NetwrightSubtract';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [a, b] = inputs as tf.Tensor[];
    return tf.tidy(() => tf.sub(a, b));
  }
}
tf.serialization.registerClass(Subtract);`,
  CausalPad1D: `/** Left-pads the time axis of [batch, steps, channels]: turns a 'valid' conv1d into a causal one. */
class CausalPad1D extends tf.layers.Layer {
  static readonly className = 'NetwrightCausalPad1D';
  readonly amount: number;

  constructor(args: { name?: string; amount: number }) {
    super(args);
    this.amount = args.amount;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const s = inputShape as tf.Shape;
    return [s[0], s[1] == null ? null : s[1] + this.amount, s[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.pad(x, [[0, 0], [this.amount, 0], [0, 0]]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), amount: this.amount };
  }
}
tf.serialization.registerClass(CausalPad1D);`,
};

function trainingCode(t: ExportTraining, heads: ExportNode[]): string {
  const opt = optimizerSchema.parse(t.optimizer ?? {});
  const s = scheduleSchema.parse(t.schedule ?? {});
  const training = {
    optimizer: opt.type,
    learningRate: opt.learningRate,
    momentum: opt.momentum,
    nesterov: opt.nesterov,
    schedule: s.type,
    stepSize: s.stepSize,
    gamma: s.gamma,
    warmupEpochs: s.warmupEpochs,
    batchSize: t.batchSize ?? 64,
    epochs: t.epochs ?? 5,
    seed: t.seed ?? 42,
  };
  const softmax = heads.every(endsInSoftmax);
  return `/** The training settings this code was exported with. */
export const TRAINING = ${JSON.stringify(training, null, 2).replace(/"(\w+)":/g, '$1:')};

export function makeOptimizer(lr: number = TRAINING.learningRate): tf.Optimizer {
  if (TRAINING.optimizer === 'sgd') return TRAINING.momentum > 0 ? tf.train.momentum(lr, TRAINING.momentum, TRAINING.nesterov) : tf.train.sgd(lr);
  if (TRAINING.optimizer === 'rmsprop') return tf.train.rmsprop(lr, 0.9, TRAINING.momentum, 1e-7);
  return tf.train.adam(lr, 0.9, 0.999, 1e-7);
}

/** Learning rate at the start of an epoch (0-based): warm-up, then constant / step / cosine. */
export function learningRateAt(epoch: number, base: number = TRAINING.learningRate): number {
  if (TRAINING.warmupEpochs > 0 && epoch < TRAINING.warmupEpochs) return (base * (epoch + 1e-3)) / TRAINING.warmupEpochs;
  if (TRAINING.schedule === 'step') return base * Math.pow(TRAINING.gamma, Math.floor(epoch / TRAINING.stepSize));
  if (TRAINING.schedule === 'cosine') {
    const t = Math.min(1, Math.max(0, (epoch - TRAINING.warmupEpochs) / Math.max(1e-9, TRAINING.epochs - TRAINING.warmupEpochs)));
    return 0.5 * base * (1 + Math.cos(Math.PI * t));
  }
  return base;
}

/**
 * Trains on in-memory tensors (x: [N, ...input shape], y: one-hot [N, classes]) with the exported
 * optimiser and schedule; progress as JSON lines on console.log ({"event": "batch" | "epoch" | "done"}).
 */
export async function train(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<tf.History> {
  const optimizer = makeOptimizer();
  model.compile({
    optimizer,
    loss: ${softmax ? "'categoricalCrossentropy'" : '(yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred)'},
    metrics: ['accuracy'],
  });
  const setRate = (lr: number) => {
    const o = optimizer as unknown as { setLearningRate?: (v: number) => void; learningRate: number };
    if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
    else o.learningRate = lr;
  };
  const history = await model.fit(x, y, {
    epochs: TRAINING.epochs,
    batchSize: TRAINING.batchSize,
    validationSplit: 0.1,
    shuffle: true,
    callbacks: {
      onEpochBegin: async (epoch) => setRate(learningRateAt(epoch)),
      onBatchEnd: async (batch, logs) => console.log(JSON.stringify({ event: 'batch', batch: batch + 1, ...logs })),
      onEpochEnd: async (epoch, logs) => console.log(JSON.stringify({ event: 'epoch', epoch: epoch + 1, ...logs })),
    },
  });
  console.log(JSON.stringify({ event: 'done', epochs: TRAINING.epochs }));
  return history;
}
`;
}

function exportCode(project: NetwrightProject, opts?: ExportOptions): ExportResult {
  const built = checkedExportModel(project, (n) => kerasProblem(n, 'tfjs'));
  if (!built.ok) return built;
  const model = built.model;
  const body = functionalBody(model, 'tfjs');
  const name = mainClassName(project, opts);
  const title = typeof project.meta.title === 'string' ? project.meta.title : name;
  const list = (xs: string[]) => (xs.length === 1 ? xs[0] : `[${xs.join(', ')}]`);
  const custom = Object.keys(CUSTOM).filter((k) => body.custom.has(k)).map((k) => CUSTOM[k]);
  const code = [
    '/**',
    ` * ${title.replace(/\*\//g, '* /')}: TF.js model generated by Netwright (tf.layers functional API, channels-last).`,
    ` * buildModel() returns an uncompiled tf.LayersModel with the graph's ${model.trainableParams.toLocaleString('en-US')} trainable parameters;`,
    " * layer names are the graph's node ids, so weights saved by a Netwright run load by name.",
    ' */',
    "import * as tf from '@tensorflow/tfjs';",
    '',
    ...custom.flatMap((c) => [c, '']),
    'export function buildModel(): tf.LayersModel {',
    ...body.lines.map((l) => IND + l),
    `${IND}return tf.model({ inputs: ${list(body.inputs)}, outputs: ${list(body.outputs)}, name: ${JSON.stringify(identifier(name))} });`,
    '}',
    '',
    trainingCode(opts?.training ?? {}, model.outputs),
  ].join('\n');
  return { ok: true, code };
}

export const tfjsCode: ExportTarget = {
  id: 'tfjs-code',
  label: 'TF.js (TypeScript)',
  language: 'typescript',
  fileName: (project) => `${fileStem(project.meta)}.ts`,
  check: (project) => kerasCheck(project, 'tfjs'),
  exportCode,
};
