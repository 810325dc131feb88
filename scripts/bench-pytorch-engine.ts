/**
 * `npm run bench:pytorch-engine -- [--json] [--epochs E] [--batch B] [--limit N] [--repeat R] [--device D] [--python PATH]`
 *
 * LeNet-5 (preset lenet5, 28×28×1, Adam, batch 64, 3 epochs) trained by the PyTorch engine on the bundled
 * MNIST (default: all 10,000 digits → 8,100 training samples per epoch after the seeded split; one epoch is
 * only ~1.5 s of steps, too short for a stable timing on a shared machine) versus the hand-written
 * PyTorch loop of scripts/bench-train-pytorch.py for the same number of samples, batch size and threads,
 * interleaved R times in this one run; each side's best pass counts (other processes share the machine).
 * The engine's figure is its own done.samplesPerSecond (training steps incl. batch gathering, progress
 * lines and bookkeeping; not Python start-up, dataset export or evaluation). Prints with --json:
 *   {"engineSamplesPerSec","handwrittenSamplesPerSec","ratio","goal":0.95,"device","torch",...}
 * No torch → exit 1 with the reason (a benchmark has nothing to report without its peer).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildPreset } from '../shared/presets';
import { detectPytorch, startPytorchTraining } from '../main/engine-pytorch/index';

interface Args {
  json: boolean;
  epochs: number;
  batch: number;
  limit: number | undefined;
  repeat: number;
  device: string;
  python: string | undefined;
}

function readArgs(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      epochs: { type: 'string', default: '3' },
      batch: { type: 'string', default: '64' },
      limit: { type: 'string' },
      repeat: { type: 'string', default: '3' },
      device: { type: 'string', default: 'cpu' },
      python: { type: 'string' },
    },
  });
  const int = (name: string, s: string) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got '${s}')`);
    return n;
  };
  return {
    json: values.json,
    epochs: int('epochs', values.epochs),
    batch: int('batch', values.batch),
    limit: values.limit === undefined ? undefined : int('limit', values.limit),
    repeat: int('repeat', values.repeat),
    device: values.device,
    python: values.python,
  };
}

interface EnginePass {
  samplesPerSec: number;
  trainSamples: number;
  device: string;
  backend: string;
  wallSeconds: number;
}

async function enginePass(a: Args, python: string, root: string, i: number): Promise<EnginePass> {
  let trainSamples = 0;
  const t0 = performance.now();
  const h = await startPytorchTraining(
    {
      graph: buildPreset('lenet5').graph,
      dataset: { id: 'mnist', ...(a.limit ? { limit: a.limit } : {}) },
      optimizer: { type: 'adam', learningRate: 0.001 },
      batchSize: a.batch,
      epochs: a.epochs,
      engine: 'pytorch',
      python,
      device: a.device,
      runDir: path.join(root, `engine-${i}`),
    },
    {
      onMessage(m) {
        if (m.type === 'ready') trainSamples = m.trainSamples;
      },
    },
  );
  const done = await h.done;
  return { samplesPerSec: done.samplesPerSecond, trainSamples, device: done.device, backend: done.backend, wallSeconds: (performance.now() - t0) / 1000 };
}

function handwrittenPass(python: string, samples: number, batch: number, threads: number): { samplesPerSec: number; torch: string } {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-train-pytorch.py');
  const r = spawnSync(python, [script, '--samples', String(samples), '--batch', String(batch), '--threads', String(threads)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hand-written PyTorch loop failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { samplesPerSec: number; torch: string };
}

async function main(): Promise<void> {
  const a = readArgs(process.argv.slice(2));
  const info = await detectPytorch(a.python);
  if (!info.available || !info.python) {
    console.error(`bench:pytorch-engine: ${info.reason}`);
    process.exit(1);
  }
  if (a.device !== 'cpu' && a.device !== 'auto') throw new Error('the hand-written reference loop runs on the CPU: use --device cpu (default)');
  const root = mkdtempSync(path.join(tmpdir(), 'nw-bench-pt-'));
  const engine: EnginePass[] = [];
  const hand: number[] = [];
  let torch = info.torchVersion ?? '';
  let threads = 1;
  try {
    for (let i = 0; i < a.repeat; i++) {
      const e = await enginePass(a, info.python, root, i);
      engine.push(e);
      // The reference gets the threads the engine trained with (torch's default, or NETWRIGHT_TORCH_THREADS).
      threads = Number(/(\d+) threads?\)/.exec(e.device)?.[1] ?? 1);
      const h = handwrittenPass(info.python, e.trainSamples * a.epochs, a.batch, threads);
      hand.push(h.samplesPerSec);
      torch = h.torch;
      if (!a.json) console.log(`pass ${i + 1}: engine ${Math.round(e.samplesPerSec)} samples/s (${e.wallSeconds.toFixed(1)} s wall), hand-written ${Math.round(h.samplesPerSec)} samples/s`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const bestEngine = Math.max(...engine.map((e) => e.samplesPerSec));
  const bestHand = Math.max(...hand);
  const result = {
    engineSamplesPerSec: Math.round(bestEngine),
    handwrittenSamplesPerSec: Math.round(bestHand),
    ratio: +(bestEngine / bestHand).toFixed(3),
    goal: 0.95,
    device: engine[0].device,
    backend: engine[0].backend,
    torch,
    threads,
    batch: a.batch,
    epochs: a.epochs,
    trainSamples: engine[0].trainSamples,
    engineWallSeconds: +Math.min(...engine.map((e) => e.wallSeconds)).toFixed(2),
    passes: engine.map((e, i) => ({ engine: Math.round(e.samplesPerSec), handwritten: Math.round(hand[i]) })),
  };
  if (a.json) console.log(JSON.stringify(result));
  else console.log(`LeNet-5 on MNIST, batch ${a.batch}, ${a.epochs} epoch(s), ${result.trainSamples} samples, ${result.device}: engine ${result.engineSamplesPerSec} vs hand-written ${result.handwrittenSamplesPerSec} samples/s → ratio ${result.ratio} (goal ≥ 0.95)`);
}

main().catch((e: unknown) => {
  console.error(`bench:pytorch-engine failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
