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
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPreset } from '../shared/presets';
import { lossConfigFor } from '../main/engine/model';
import { createDataParallelTrainer, defaultWorkers, type DataParallelTrainer } from '../main/engine/data-parallel';

interface Args {
  json: boolean;
  samples: number;
  batch: number;
  workers: number;
  backend: 'wasm' | 'cpu';
  repeat: number;
  python: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, samples: 9600, batch: 64, workers: defaultWorkers(), backend: 'wasm', repeat: 2, python: '/usr/bin/python3' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--json') a.json = true;
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

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
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
