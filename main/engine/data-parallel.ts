/**
 * Synchronous data-parallel training: N worker_threads, each a full model replica on its own TF.js backend
 * (wasm runs single-threaded in Node, so this is how training uses more than one core). Each step the
 * batch is split into N shards; replicas compute gradients, average them through shared memory and apply
 * the same update, so they stay bit-identical. Equivalent to one replica training on the whole batch
 * (up to float summation order; BatchNormalization uses per-shard batch statistics, as PyTorch DDP does).
 *
 * Not for the 'tensorflow' backend: tfjs-node is already multi-threaded and its native addon is unreliable
 * in worker_threads.
 */
import type { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs';
import type { GraphData } from '../../shared/graph/types';
import type { BackendPreference } from './backend';
import type { LossConfig } from './model';
import type { OptimizerConfig } from './optimizers';
import type { DPInit, DPRequest, DPResponse, WeightBlob } from './dp-protocol';
import { startWorker, workerEntryPath } from './worker-entry';

export type { WeightBlob } from './dp-protocol';

export interface DataParallelOptions {
  graph: GraphData;
  /** Number of replicas (worker threads), ≥ 1. `defaultWorkers()` = available cores. */
  workers: number;
  loss: LossConfig;
  optimizer: OptimizerConfig;
  /** 'wasm' (default) or 'cpu'. */
  backend?: Exclude<BackendPreference, 'tensorflow' | 'auto'>;
  /** Largest batch that will be passed to trainBatch/predict chunks. */
  maxBatch: number;
  /** Floats per label: 1 for a class index (classification); prod(output shape) for regression targets. */
  labelSize?: number;
  /** L2 weight decay added to the gradients of kernels (rank ≥ 2 weights). */
  weightDecay?: number;
  /** Initial weights for all replicas (e.g. from a seeded model built by the caller, or a checkpoint). */
  initialWeights?: WeightBlob;
}

export interface BatchResult {
  /** Mean loss over the batch (weighted sum over heads). */
  loss: number;
  /** Accuracy of the first head for classification, null for regression. */
  accuracy: number | null;
  /** Per replica, milliseconds spent in [forward+backward, barrier wait, averaging+update] (for profiling). */
  replicaMs: [number, number, number][];
  /** Per replica, live tensors after the step (constant from step to step: no leaks). */
  replicaTensors: number[];
}

export interface DataParallelTrainer {
  readonly workers: number;
  readonly backend: string;
  readonly device: string;
  /** Output shape of each head (no batch dim). */
  readonly outputShapes: number[][];
  /**
   * One synchronous step on `count` samples: x is count × prod(inputShape) floats (NHWC), y is count labels
   * (class indices) or count × labelSize targets. `lr` changes the learning rate from this step on.
   */
  trainBatch(x: Float32Array, y: Float32Array, count: number, lr?: number): Promise<BatchResult>;
  /** Inference (training=false), split across replicas. Returns one flat array per output head. */
  predict(x: Float32Array, count: number): Promise<Float32Array[]>;
  /** The replicas' current weights (model.weights order: trainable and non-trainable). */
  getWeights(): Promise<WeightBlob>;
  setWeights(w: WeightBlob): Promise<void>;
  dispose(): Promise<void>;
}

/** Cores available to this process: the natural replica count. */
export function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** Flattens a LayersModel's weights (model.weights order), e.g. to seed replicas or save a checkpoint. */
export function weightBlobOf(model: TF.LayersModel): WeightBlob {
  const shapes = model.weights.map((w) => w.shape as number[]);
  const values = new Float32Array(shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0));
  let o = 0;
  for (const w of model.weights) {
    const d = w.read().dataSync() as Float32Array;
    values.set(d, o);
    o += d.length;
  }
  return { names: model.weights.map((w) => w.originalName), shapes, values };
}

/** Writes a WeightBlob into a LayersModel built from the same graph. */
export function applyWeightBlob(tf: typeof TF, model: TF.LayersModel, blob: WeightBlob): void {
  if (blob.shapes.length !== model.weights.length) {
    throw new Error(`Weight count mismatch: model has ${model.weights.length} arrays, blob has ${blob.shapes.length}.`);
  }
  let o = 0;
  tf.tidy(() => {
    model.weights.forEach((w, i) => {
      const n = blob.shapes[i].reduce((a, b) => a * b, 1);
      w.write(tf.tensor(blob.values.subarray(o, o + n), w.shape as number[]));
      o += n;
    });
  });
}

/**
 * Where the replica script is, relative to this module: `dp-worker.ts` when running from sources (tsx,
 * vitest), else `dp-worker.mjs` / `dp-worker.js` next to the built module. A bundler must emit
 * main/engine/dp-worker.ts as its own entry next to the bundle containing this module. Null when absent.
 */
export function dataParallelWorkerPath(): string | null {
  return workerEntryPath(import.meta.url, 'dp-worker.ts', ['dp-worker.mjs', 'dp-worker.js']);
}

/** Whether replicas can be started from this build (else train in-process, i.e. workers = 1 there). */
export function dataParallelAvailable(): boolean {
  return dataParallelWorkerPath() != null;
}

function spawnWorker(init: DPInit): Worker {
  const file = dataParallelWorkerPath();
  if (!file) {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    throw new Error(
      `Data-parallel training is unavailable: no dp-worker.mjs/.js next to ${dir} (bundle main/engine/dp-worker.ts ` +
        `as its own entry there), or train in-process.`,
    );
  }
  return startWorker(file, init);
}

interface Pending {
  resolve(m: DPResponse): void;
  reject(e: Error): void;
}

class Replica {
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;
  readonly ready: Promise<Extract<DPResponse, { type: 'ready' }>>;

  constructor(
    readonly worker: Worker,
    readonly index: number,
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(0, { resolve: (m) => resolve(m as Extract<DPResponse, { type: 'ready' }>), reject });
    });
    worker.on('message', (m: DPResponse) => {
      const id = m.type === 'ready' ? 0 : m.id;
      if (m.type === 'error') {
        const err = new Error(`data-parallel replica ${index}: ${m.message}`);
        if (id === -1) this.fail(err);
        else this.settle(id, undefined, err);
        return;
      }
      this.settle(id, m);
    });
    worker.on('error', (e) => this.fail(new Error(`data-parallel replica ${index} crashed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`data-parallel replica ${index} exited with code ${code}`));
    });
  }

  private settle(id: number, m?: DPResponse, err?: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (err) p.reject(err);
    else p.resolve(m!);
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  request<T extends DPResponse['type']>(m: DPRequest, transfer: ArrayBuffer[] = []): Promise<Extract<DPResponse, { type: T }>> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (r) => resolve(r as Extract<DPResponse, { type: T }>), reject });
      this.worker.postMessage({ ...m, id }, transfer);
    });
  }
}

/**
 * Starts `workers` replicas of the graph's model and returns a trainer driving them in lockstep. The graph
 * must have exactly one Input; every output head receives the same labels (e.g. auxiliary classifiers).
 */
export async function createDataParallelTrainer(opts: DataParallelOptions): Promise<DataParallelTrainer> {
  const n = Math.floor(opts.workers);
  if (!(n >= 1)) throw new Error(`workers must be ≥ 1, got ${opts.workers}.`);
  const inputs = opts.graph.nodes.filter((x) => x.type === 'Input');
  if (inputs.length !== 1) throw new Error(`Data-parallel training needs exactly one Input node, found ${inputs.length}.`);
  const inputShape = (inputs[0].params.shape ?? inputs[0].params.inputShape) as number[];
  const inSize = inputShape.reduce((a, b) => a * b, 1);
  const labelSize = opts.labelSize ?? 1;
  const shared = {
    ctrl: new SharedArrayBuffer(4 * 4),
    x: new SharedArrayBuffer(4 * opts.maxBatch * inSize),
    y: new SharedArrayBuffer(4 * opts.maxBatch * labelSize),
    counts: new SharedArrayBuffer(4 * n),
  };
  const xs = new Float32Array(shared.x);
  const ys = new Float32Array(shared.y);
  const replicas = Array.from({ length: n }, (_, index) => {
    const init: DPInit = {
      index,
      replicas: n,
      graph: opts.graph,
      loss: { heads: opts.loss.heads },
      optimizer: opts.optimizer,
      backend: opts.backend ?? 'wasm',
      inputShape,
      labelSize,
      weightDecay: opts.weightDecay ?? 0,
      shared,
    };
    return new Replica(spawnWorker(init), index);
  });
  const terminate = () => Promise.all(replicas.map((r) => r.worker.terminate()));
  try {
    const ready = await Promise.all(replicas.map((r) => r.ready));
    const slotSize = ready[0].slotSize;
    const slots = new SharedArrayBuffer(4 * n * slotSize);
    await Promise.all(replicas.map((r) => r.request<'ack'>({ type: 'attach', id: 0, slots, slotSize })));
    // Replicas must start identical: replica 0's initialisation (or the caller's weights) goes to all.
    const start = opts.initialWeights ?? ready[0].weights!;
    await Promise.all(replicas.map((r) => r.request<'ack'>({ type: 'setWeights', id: 0, weights: start })));
    return makeTrainer(replicas, ready[0], { xs, ys, inSize, labelSize, maxBatch: opts.maxBatch, classification: opts.loss.heads[0]?.labels === 'onehot' }, terminate);
  } catch (e) {
    await terminate();
    throw e;
  }
}

function makeTrainer(
  replicas: Replica[],
  info: Extract<DPResponse, { type: 'ready' }>,
  io: { xs: Float32Array; ys: Float32Array; inSize: number; labelSize: number; maxBatch: number; classification: boolean },
  terminate: () => Promise<unknown>,
): DataParallelTrainer {
  let busy = false;
  let broken: Error | null = null;
  const exclusive = async <T>(f: () => Promise<T>): Promise<T> => {
    if (busy) throw new Error('DataParallelTrainer: one call at a time (await the previous one).');
    busy = true;
    try {
      return await f();
    } finally {
      busy = false;
    }
  };
  return {
    workers: replicas.length,
    backend: info.backend,
    device: `${info.device} × ${replicas.length} worker${replicas.length > 1 ? 's' : ''}`,
    outputShapes: info.outputShapes,
    trainBatch: (x, y, count, lr) =>
      exclusive(async () => {
        if (broken) throw new Error(`DataParallelTrainer is unusable after a failed step: ${broken.message}`);
        if (count < 1 || count > io.maxBatch) throw new Error(`trainBatch: count ${count} outside 1..${io.maxBatch}.`);
        io.xs.set(x.subarray(0, count * io.inSize));
        io.ys.set(y.subarray(0, count * io.labelSize));
        // A failed step may leave replicas out of step with each other: the trainer refuses further steps.
        const done = await Promise.all(replicas.map((r) => r.request<'done'>({ type: 'step', id: 0, total: count, lr }))).catch(
          (e: Error) => {
            broken = e;
            throw e;
          },
        );
        const lossSum = done.reduce((s, d) => s + d.lossSum, 0);
        const correct = done.reduce((s, d) => s + d.correct, 0);
        return { loss: lossSum / count, accuracy: io.classification ? correct / count : null, replicaMs: done.map((d) => d.ms), replicaTensors: done.map((d) => d.numTensors) };
      }),
    predict: (x, count) =>
      exclusive(async () => {
        const per = Math.ceil(count / replicas.length);
        const parts = await Promise.all(
          replicas.map((r, i) => {
            const a = i * per;
            const b = Math.min(count, a + per);
            if (b <= a) return Promise.resolve(null);
            const chunk = x.slice(a * io.inSize, b * io.inSize);
            return r.request<'predicted'>({ type: 'predict', id: 0, x: chunk, count: b - a }, [chunk.buffer as ArrayBuffer]);
          }),
        );
        const heads = info.outputShapes.length;
        return Array.from({ length: heads }, (_, h) => {
          const size = info.outputShapes[h].reduce((a, b) => a * b, 1);
          const out = new Float32Array(count * size);
          let o = 0;
          for (const p of parts) {
            if (!p) continue;
            out.set(p.outputs[h], o);
            o += p.outputs[h].length;
          }
          return out;
        });
      }),
    getWeights: () => exclusive(async () => (await replicas[0].request<'weights'>({ type: 'getWeights', id: 0 })).weights),
    setWeights: (w) =>
      exclusive(async () => {
        await Promise.all(replicas.map((r) => r.request<'ack'>({ type: 'setWeights', id: 0, weights: w })));
      }),
    dispose: async () => {
      for (const r of replicas) r.worker.postMessage({ type: 'close' });
      await terminate();
    },
  };
}
