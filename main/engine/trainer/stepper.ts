/**
 * A "stepper" runs one optimisation step on a batch, predicts, and snapshots/restores weights. Two kinds:
 * in-process (one TF.js backend in this process; the only choice for the native 'tensorflow' backend) and
 * data-parallel (worker-thread replicas, main/engine/data-parallel.ts: how wasm/cpu use several cores).
 * The training loop only talks to this interface.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../../shared/contract/training';
import type { GraphData } from '../../../shared/graph/types';
import { applyWeightBlob, createDataParallelTrainer, weightBlobOf, type WeightBlob } from '../data-parallel';
import { totalLoss, type LossConfig } from '../model';
import { makeOptimizer, type OptimizerConfig } from '../optimizers';

export interface StepResult {
  loss: number;
  /** First head's accuracy (classification), null for regression. */
  accuracy: number | null;
}

/** Saved weights (best epoch): cloned tensors in process, a flat copy for data-parallel replicas. */
export interface Snapshot {
  dispose(): void;
}

export interface Stepper {
  readonly backend: string;
  readonly device: string;
  trainBatch(x: Float32Array, y: Float32Array, count: number, lr: number): Promise<StepResult>;
  /** Inference (training = false); one flat output array per head. */
  predict(x: Float32Array, count: number): Promise<Float32Array[]>;
  snapshot(): Promise<Snapshot>;
  restore(s: Snapshot): Promise<void>;
  /** A model holding the current weights, for saving a checkpoint (do not dispose it). */
  modelForSave(): Promise<TF.LayersModel>;
  setWeights(blob: WeightBlob): Promise<void>;
  dispose(): Promise<void>;
}

export function optimizerConfigOf(c: TrainingConfig['optimizer']): OptimizerConfig {
  return { name: c.type, learningRate: c.learningRate, momentum: c.momentum, nesterov: c.nesterov };
}

const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/**
 * Seeded Glorot-uniform init: TF.js' initialisers draw from an unseeded generator, so every weight that
 * did not start constant (kernels, embeddings) is redrawn from `rng`; biases and BN scales stay as built.
 */
export function seedWeights(tf: typeof TF, model: TF.LayersModel, rng: () => number): void {
  tf.tidy(() => {
    for (const w of model.weights) {
      const cur = w.read().dataSync();
      let constant = true;
      for (let i = 1; i < cur.length && constant; i++) constant = cur[i] === cur[0];
      if (constant) continue;
      const shape = w.shape as number[];
      const receptive = shape.length > 2 ? sizeOf(shape.slice(0, -2)) : 1;
      const fanIn = shape.length >= 2 ? shape[shape.length - 2] * receptive : shape[0];
      const fanOut = shape.length >= 2 ? shape[shape.length - 1] * receptive : shape[0];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const v = new Float32Array(cur.length);
      for (let i = 0; i < v.length; i++) v[i] = (rng() * 2 - 1) * limit;
      w.write(tf.tensor(v, shape));
    }
  });
}

export interface StepperOptions {
  tf: typeof TF;
  graph: GraphData;
  loss: LossConfig;
  optimizer: TrainingConfig['optimizer'];
  inputShape: number[];
  /** Floats per label: 1 (class index) or prod(output shape) for regression. */
  labelSize: number;
  /** A model already built and seeded in this process (its weights are the starting point). */
  model: TF.LayersModel;
}

export function inProcessStepper(o: StepperOptions, backend: string, device: string): Stepper {
  const { tf, model, loss } = o;
  const optimizer = makeOptimizer(tf, optimizerConfigOf(o.optimizer));
  const trainable = model.trainableWeights;
  const inSize = sizeOf(o.inputShape);
  const outShapes = model.outputs.map((t) => (t.shape as number[]).slice(1));
  let lr = o.optimizer.learningRate;
  const setLr = (v: number) => {
    if (v === lr) return;
    lr = v;
    const opt = optimizer as unknown as { setLearningRate?(x: number): void; learningRate: number };
    if (typeof opt.setLearningRate === 'function') opt.setLearningRate(v);
    else opt.learningRate = v;
  };
  const targets = (y: Float32Array, count: number): TF.Tensor[] =>
    loss.heads.map((h, i) => {
      const s = outShapes[i];
      if (h.labels === 'onehot') return tf.oneHot(tf.tensor1d(y.subarray(0, count), 'float32').toInt(), s[s.length - 1]).toFloat();
      return tf.tensor(y.subarray(0, count * o.labelSize), [count, ...s]);
    });
  const decay = o.optimizer.weightDecay;
  return {
    backend,
    device,
    async trainBatch(x, y, count, rate) {
      setLr(rate);
      let result: StepResult = { loss: NaN, accuracy: null };
      tf.tidy(() => {
        const xs = tf.tensor(x.subarray(0, count * inSize), [count, ...o.inputShape]);
        const ys = targets(y, count);
        const vars = trainable.map((v) => v.read() as TF.Variable);
        let first: TF.Tensor | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const out = model.apply(xs, { training: true });
          const preds = Array.isArray(out) ? (out as TF.Tensor[]) : [out as TF.Tensor];
          first = tf.keep(preds[0]);
          return totalLoss(loss, ys, preds);
        }, vars);
        if (decay > 0) {
          // L2 decay on kernels only (rank ≥ 2), like the data-parallel replicas.
          for (const v of vars) if (v.shape.length > 1) grads[v.name] = tf.add(grads[v.name], tf.mul(v, decay));
        }
        optimizer.applyGradients(grads);
        const acc =
          loss.heads[0].labels === 'onehot' && first
            ? tf.mean(tf.equal(tf.argMax(first, -1), tf.argMax(ys[0], -1)).toFloat()).dataSync()[0]
            : null;
        if (first) (first as TF.Tensor).dispose();
        result = { loss: value.dataSync()[0], accuracy: acc };
      });
      return result;
    },
    async predict(x, count) {
      const outs: Float32Array[] = outShapes.map((s) => new Float32Array(count * sizeOf(s)));
      const chunk = 256;
      for (let a = 0; a < count; a += chunk) {
        const b = Math.min(count, a + chunk);
        tf.tidy(() => {
          const r = model.predict(tf.tensor(x.subarray(a * inSize, b * inSize), [b - a, ...o.inputShape]));
          (Array.isArray(r) ? r : [r]).forEach((t, h) => outs[h].set(t.dataSync() as Float32Array, a * sizeOf(outShapes[h])));
        });
      }
      return outs;
    },
    async snapshot() {
      const saved = model.weights.map((w) => tf.keep(w.read().clone()));
      return { tensors: saved, dispose: () => saved.forEach((t) => t.dispose()) } as Snapshot;
    },
    async restore(s) {
      const saved = (s as Snapshot & { tensors: TF.Tensor[] }).tensors;
      model.weights.forEach((w, i) => w.write(tf.clone(saved[i])));
    },
    async modelForSave() {
      return model;
    },
    async setWeights(blob) {
      applyWeightBlob(tf, model, blob);
    },
    async dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** Data-parallel replicas seeded with `model`'s weights; `model` stays here for checkpoints. */
export async function dataParallelStepper(o: StepperOptions, workers: number, backend: 'wasm' | 'cpu', maxBatch: number): Promise<Stepper> {
  const { tf, model } = o;
  const dp = await createDataParallelTrainer({
    graph: o.graph,
    workers,
    loss: o.loss,
    optimizer: optimizerConfigOf(o.optimizer),
    backend,
    maxBatch,
    labelSize: o.labelSize,
    weightDecay: o.optimizer.weightDecay,
    initialWeights: weightBlobOf(model),
  });
  return {
    backend: dp.backend,
    device: dp.device,
    async trainBatch(x, y, count, lr) {
      const r = await dp.trainBatch(x, y, count, lr);
      return { loss: r.loss, accuracy: r.accuracy };
    },
    predict: (x, count) => dp.predict(x, count),
    async snapshot() {
      const blob = await dp.getWeights();
      return { blob, dispose: () => undefined } as Snapshot;
    },
    async restore(s) {
      await dp.setWeights((s as Snapshot & { blob: WeightBlob }).blob);
    },
    async modelForSave() {
      applyWeightBlob(tf, model, await dp.getWeights());
      return model;
    },
    setWeights: (blob) => dp.setWeights(blob),
    async dispose() {
      await dp.dispose();
      model.dispose();
    },
  };
}

