/**
 * One data-parallel replica (a worker_thread with its own TF.js backend). Protocol with data-parallel.ts:
 *   in : init → ready (+ initial weights from replica 0) · setWeights · step · getWeights · predict · setLr · close
 *   out: ready · weights · done · predicted · error
 * A step: read this replica's shard of the shared batch, forward/backward, write the gradients (and the
 * non-trainable state, e.g. BN moving stats) into this replica's slot, meet the other replicas at a barrier,
 * average every slot weighted by shard size, apply the average with the local optimizer. All replicas apply
 * the same numbers with the same code, so their weights stay identical without broadcasting them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type * as TF from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { buildModel, totalLoss, type HeadLoss } from './model';
import type { DPInit, DPRequest, DPResponse, WeightBlob } from './dp-protocol';
import { FlatOptimizer } from './optimizers';

const port = parentPort!;
const init = workerData as DPInit;

let tf: typeof TF;
let model: TF.LayersModel;
let optimizer: FlatOptimizer;
/** Trainable weights, flat, in `trainable` order: the optimizer updates these, then the variables are written. */
let params: Float32Array = new Float32Array(0);
/** [start, end) ranges of `params` that get weight decay (kernels, not biases or BN scales). */
let decayRanges: [number, number][] = [];
let trainable: TF.LayerVariable[];
let state: TF.LayerVariable[];
let loss: { heads: HeadLoss[] };

const ctrl = new Int32Array(init.shared.ctrl);
const xs = new Float32Array(init.shared.x);
const ys = new Float32Array(init.shared.y);
let slots: Float32Array = new Float32Array(0);
/** Weighted average of all replicas' slots (reused every step). */
let avg: Float32Array = new Float32Array(0);
let slotSize = 0;
const counts = new Int32Array(init.shared.counts);

const CTRL_ARRIVED = 0;
const CTRL_GEN = 1;
const CTRL_ABORT = 2;

const send = (m: DPResponse, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Sense-reversing barrier over all replicas (Atomics on shared memory: no round trip to the main thread). */
function barrier(): void {
  const gen = Atomics.load(ctrl, CTRL_GEN);
  if (Atomics.add(ctrl, CTRL_ARRIVED, 1) === init.replicas - 1) {
    Atomics.store(ctrl, CTRL_ARRIVED, 0);
    Atomics.add(ctrl, CTRL_GEN, 1);
    Atomics.notify(ctrl, CTRL_GEN);
  } else {
    while (Atomics.load(ctrl, CTRL_GEN) === gen) {
      if (Atomics.load(ctrl, CTRL_ABORT) !== 0) throw new Error('another replica failed; step aborted');
      Atomics.wait(ctrl, CTRL_GEN, gen, 200);
    }
  }
}

/** Wakes replicas blocked in the barrier so they fail fast instead of waiting forever. */
function abortAll(): void {
  Atomics.store(ctrl, CTRL_ABORT, 1);
  Atomics.add(ctrl, CTRL_GEN, 1);
  Atomics.notify(ctrl, CTRL_GEN);
}

const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

function exportWeights(): WeightBlob {
  const vars = model.weights;
  const shapes = vars.map((v) => v.shape as number[]);
  const total = shapes.reduce((s, sh) => s + sizeOf(sh), 0);
  const values = new Float32Array(total);
  let o = 0;
  for (const v of vars) {
    const d = v.read().dataSync() as Float32Array;
    values.set(d, o);
    o += d.length;
  }
  return { names: vars.map((v) => v.originalName), shapes, values };
}

/** Re-reads the flat trainable parameters from the variables (after init or setWeights). */
function syncParams(): void {
  let total = 0;
  decayRanges = [];
  for (const v of trainable) {
    const n = sizeOf(v.shape as number[]);
    if (v.shape.length > 1) decayRanges.push([total, total + n]);
    total += n;
  }
  params = new Float32Array(total);
  let o = 0;
  for (const v of trainable) {
    const d = v.read().dataSync() as Float32Array;
    params.set(d, o);
    o += d.length;
  }
}

function importWeights(w: WeightBlob): void {
  const vars = model.weights;
  if (w.shapes.length !== vars.length) throw new Error(`setWeights: expected ${vars.length} arrays, got ${w.shapes.length}.`);
  let o = 0;
  tf.tidy(() => {
    vars.forEach((v, i) => {
      const n = sizeOf(w.shapes[i]);
      v.write(tf.tensor(w.values.subarray(o, o + n), v.shape as number[]));
      o += n;
    });
  });
  syncParams();
}

/** Labels for every head from the flat label buffer: class index → one-hot, or raw target values. */
function targets(offset: number, count: number): TF.Tensor[] {
  return loss.heads.map((h, i) => {
    const outShape = (model.outputs[i].shape as (number | null)[]).slice(1) as number[];
    if (h.labels === 'onehot') {
      const ids = tf.tensor1d(ys.subarray(offset, offset + count), 'float32').toInt();
      return tf.oneHot(ids, outShape[outShape.length - 1]).toFloat();
    }
    const per = init.labelSize;
    return tf.tensor(ys.subarray(offset * per, (offset + count) * per), [count, ...outShape]);
  });
}

function inputTensor(offset: number, count: number): TF.Tensor {
  const per = sizeOf(init.inputShape);
  return tf.tensor(xs.subarray(offset * per, (offset + count) * per), [count, ...init.inputShape]);
}

function step(total: number, lr?: number): { lossSum: number; correct: number; ms: [number, number, number] } {
  const t0 = performance.now();
  if (lr != null) optimizer.learningRate = lr;
  const r = init.replicas;
  // Shard i covers [start, start + count): sizes differ by at most one.
  const base = Math.floor(total / r);
  const extra = total % r;
  const count = base + (init.index < extra ? 1 : 0);
  const start = init.index * base + Math.min(init.index, extra);
  counts[init.index] = count;
  const slot = slots.subarray(init.index * slotSize, (init.index + 1) * slotSize);
  let lossSum = 0;
  let correct = 0;
  if (count > 0) {
    tf.tidy(() => {
      const x = inputTensor(start, count);
      const y = targets(start, count);
      const vars = trainable.map((v) => v.read() as TF.Variable);
      let preds: TF.Tensor[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const out = model.apply(x, { training: true });
        preds = Array.isArray(out) ? (out as TF.Tensor[]) : [out as TF.Tensor];
        tf.keep(preds[0]); // for the accuracy below; the outer tidy disposes it
        return totalLoss(loss, y, preds);
      }, vars);
      lossSum = value.dataSync()[0] * count;
      if (loss.heads[0].labels === 'onehot') {
        correct = tf.sum(tf.equal(tf.argMax(preds[0], -1), tf.argMax(y[0], -1)).toInt()).dataSync()[0];
      }
      preds[0].dispose();
      let o = 0;
      for (const v of vars) {
        const g = grads[v.name].dataSync() as Float32Array;
        slot.set(g, o);
        o += g.length;
      }
      for (const s of state) {
        const d = s.read().dataSync() as Float32Array;
        slot.set(d, o);
        o += d.length;
      }
    });
  }
  const t1 = performance.now();
  barrier();
  const t2 = performance.now();
  // Average all slots, weighted by shard size. Every replica computes the same sums in the same order.
  const all = counts.reduce((a, b) => a + b, 0);
  if (avg.length !== slotSize) avg = new Float32Array(slotSize);
  else avg.fill(0);
  for (let i = 0; i < r; i++) {
    const w = counts[i] / all;
    if (w === 0) continue;
    const s = slots.subarray(i * slotSize, (i + 1) * slotSize);
    for (let j = 0; j < avg.length; j++) avg[j] += w * s[j];
  }
  // No second barrier needed before the slots are reused: the coordinator starts the next step only after
  // every replica has reported this one done, i.e. after all of them finished reading the slots.
  const grads = avg.subarray(0, params.length);
  if (init.weightDecay > 0) {
    for (const [a, b] of decayRanges) for (let j = a; j < b; j++) grads[j] += init.weightDecay * params[j];
  }
  optimizer.step(params, grads);
  tf.tidy(() => {
    let o = 0;
    for (const v of trainable) {
      const n = sizeOf(v.shape as number[]);
      v.write(tf.tensor(params.subarray(o, o + n), v.shape as number[]));
      o += n;
    }
    for (const s of state) {
      const n = sizeOf(s.shape as number[]);
      s.write(tf.tensor(avg.subarray(o, o + n), s.shape as number[]));
      o += n;
    }
  });
  return { lossSum, correct, ms: [t1 - t0, t2 - t1, performance.now() - t2] };
}

function predict(x: Float32Array, count: number): Float32Array[] {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor(x, [count, ...init.inputShape]), { batchSize: 256 });
    const list = Array.isArray(out) ? out : [out];
    return list.map((t) => t.dataSync() as Float32Array);
  });
}

async function main(): Promise<void> {
  const b = await initBackend(init.backend);
  tf = b.tf;
  model = buildModel(tf, init.graph);
  optimizer = new FlatOptimizer(init.optimizer);
  loss = init.loss;
  trainable = model.trainableWeights;
  state = model.weights.filter((w) => !w.trainable);
  syncParams();
  const need = [...trainable, ...state].reduce((s, v) => s + sizeOf(v.shape as number[]), 0);
  const outputShapes = model.outputs.map((o) => (o.shape as number[]).slice(1));
  const weights = init.index === 0 ? exportWeights() : undefined;
  send(
    { type: 'ready', backend: b.backend, device: b.device, slotSize: need, outputShapes, weights },
    weights ? [weights.values.buffer as ArrayBuffer] : [],
  );
}

port.on('message', (m: DPRequest) => {
  try {
    switch (m.type) {
      case 'attach':
        slots = new Float32Array(m.slots);
        slotSize = m.slotSize;
        send({ type: 'ack', id: m.id });
        break;
      case 'setWeights':
        importWeights(m.weights);
        send({ type: 'ack', id: m.id });
        break;
      case 'step': {
        const r = step(m.total, m.lr);
        send({ type: 'done', id: m.id, lossSum: r.lossSum, correct: r.correct, ms: r.ms, numTensors: tf.memory().numTensors });
        break;
      }
      case 'getWeights': {
        const w = exportWeights();
        send({ type: 'weights', id: m.id, weights: w }, [w.values.buffer as ArrayBuffer]);
        break;
      }
      case 'predict': {
        const out = predict(m.x, m.count);
        send({ type: 'predicted', id: m.id, outputs: out }, out.map((o) => o.buffer as ArrayBuffer));
        break;
      }
      case 'close':
        model.dispose();
        port.close();
        break;
    }
  } catch (e) {
    if (m.type === 'step') abortAll();
    send({ type: 'error', id: 'id' in m ? m.id : -1, message: (e as Error).stack ?? String(e) });
  }
});

main().catch((e) => send({ type: 'error', id: -1, message: (e as Error).stack ?? String(e) }));
