import { cliPath } from '../files';
import { expectPositionals, parseCommandArgs } from '../args';
import { CliError } from '../errors';
import type { TrainingConfigInput } from '../../../shared/contract/training';
import type { CliCommand, CliIO } from '../types';

const USAGE_LINE =
  'netwright train <file | preset:NAME> --dataset mnist|fashion-mnist|<path> [--epochs N] [--batch-size B] [--lr X] ' +
  '[--optimizer adam|sgd|rmsprop] [--schedule cosine|step|constant] [--engine builtin|pytorch] [--backend auto|tensorflow|wasm|cpu] ' +
  '[--python PATH] [--device auto|cpu|cuda|cuda:N|mps] [--seed S] [--limit N] [--augment-shift N] [--augment-rotate DEG] [--augment-scale F] ' +
  '[--augment-flip] [--out DIR] [--json]\n       netwright train --list-devices [--python PATH] [--json]';

const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
const ENGINES = ['builtin', 'pytorch'] as const;
/** torch device strings the engine accepts (the runner checks availability and reports what is missing). */
const DEVICE = /^(auto|cpu|mps|cuda(:\d+)?)$/;

function intOpt(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new CliError(`train: --${name} must be an integer ≥ ${min} (got '${v}')`, 2);
  return n;
}

function numOpt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`train: --${name} must be a positive number (got '${v}')`, 2);
  return n;
}

function rangeOpt(name: string, v: string | undefined, min: number, max: number, integer: boolean): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new CliError(`train: --${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}] (got '${v}')`, 2);
  }
  return n;
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new CliError(`train: --${name} must be one of ${allowed.join(', ')} (got '${v}')`, 2);
  return v as T;
}

const fmtTime = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

export const command: CliCommand = {
  name: 'train',
  summary: 'Train a model (project file or preset) on a dataset, in a separate process',
  usage: `${USAGE_LINE}

Trains in a separate process — the built-in TF.js engine, or with --engine pytorch the exported PyTorch
module run by a local Python with torch (CUDA GPUs, Apple MPS, CPU) — and saves the run (config.json,
metrics.jsonl, checkpoints/last and best, eval.json) under --out (default ./runs/<date>-<model>).

Options:
  --dataset <id|path>   mnist, fashion-mnist, a CSV file, an IDX folder or an image folder (one subfolder per class)
  --epochs N            default 2
  --batch-size B        default 32
  --lr X                learning rate (default 0.003 for adam/rmsprop, 0.01 for sgd)
  --schedule S          cosine (default: anneals to 0 over the epochs), step (×0.1 every epoch) or constant
  --optimizer O         adam (default), sgd (momentum 0.9) or rmsprop
  --engine E            builtin (default, TF.js) or pytorch (see docs/PYTORCH-ENGINE.md)
  --backend B           built-in engine: auto (default: tensorflow → wasm → cpu), tensorflow, wasm or cpu
  --python PATH         pytorch engine: the interpreter (default: $NETWRIGHT_PYTHON, /usr/bin/python3, python3, python)
  --device D            pytorch engine: auto (default: cuda → mps → cpu), cpu, cuda, cuda:N or mps
  --list-devices        print both engines' availability and devices, then exit (with --json: a JSON array)
  --workers W           built-in engine: data-parallel worker threads for wasm/cpu (default: CPU cores)
  --seed S              default 42 (same seed, same run)
  --limit N             use at most N samples (quick runs)
  --label-column C      CSV: label column name or index (default: last column)
  --augment-shift N     random shift by up to N pixels (default 0)
  --augment-rotate DEG  random rotation by up to DEG degrees, bilinear (default 0, max 180)
  --augment-scale F     random zoom by up to ±F, e.g. 0.1 = 0.9×–1.1× (default 0, max 0.9)
  --augment-flip        random horizontal flip (not for digits)
  --out DIR             folder under which the run folder is created (default ./runs)
  --json                one JSON object per line: {"event":"batch"|"epoch"|"eval"|"done"|"error", ...}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('train', USAGE_LINE, argv, {
      dataset: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      lr: { type: 'string' },
      optimizer: { type: 'string' },
      schedule: { type: 'string' },
      backend: { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      limit: { type: 'string' },
      'label-column': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      'augment-shift': { type: 'string' },
      'augment-rotate': { type: 'string' },
      'augment-scale': { type: 'string' },
      'augment-flip': { type: 'boolean' },
      engine: { type: 'string' },
      python: { type: 'string' },
      device: { type: 'string' },
      'list-devices': { type: 'boolean' },
    });
    if (values['list-devices']) {
      expectPositionals('train', USAGE_LINE, positionals, 0);
      return listDevices(io, values.python && pythonPath(values.python, io.cwd), Boolean(values.json));
    }
    expectPositionals('train', USAGE_LINE, positionals, 1);
    if (!values.dataset) throw new CliError(`train: --dataset is required (usage: ${USAGE_LINE})`, 2);
    const optimizer = oneOf('optimizer', values.optimizer, OPTIMIZERS) ?? 'adam';
    const backend = oneOf('backend', values.backend, BACKENDS) ?? 'auto';
    const engine = oneOf('engine', values.engine, ENGINES) ?? 'builtin';
    if (engine === 'builtin') {
      for (const k of ['python', 'device'] as const) {
        if (values[k] !== undefined) throw new CliError(`train: --${k} applies to --engine pytorch (the built-in engine picks its device with --backend)`, 2);
      }
    } else {
      for (const k of ['backend', 'workers'] as const) {
        if (values[k] !== undefined) throw new CliError(`train: --${k} applies to the built-in engine (--engine pytorch picks with --device)`, 2);
      }
    }
    const device = values.device ?? 'auto';
    if (!DEVICE.test(device)) throw new CliError(`train: --device must be auto, cpu, cuda, cuda:N or mps (got '${device}')`, 2);
    const epochs = intOpt('epochs', values.epochs, 1) ?? 2;
    const batchSize = intOpt('batch-size', values['batch-size'], 1) ?? 32;
    const schedule = oneOf('schedule', values.schedule, ['constant', 'step', 'cosine'] as const) ?? 'cosine';
    const seed = intOpt('seed', values.seed, 0) ?? 42;
    const limit = intOpt('limit', values.limit, 1);
    const workers = intOpt('workers', values.workers, 1);
    const lr = numOpt('lr', values.lr) ?? (optimizer === 'sgd' ? 0.01 : 0.003);
    const augmentation = {
      shift: rangeOpt('augment-shift', values['augment-shift'], 0, 16, true),
      rotate: rangeOpt('augment-rotate', values['augment-rotate'], 0, 180, false),
      scale: rangeOpt('augment-scale', values['augment-scale'], 0, 0.9, false),
      flip: Boolean(values['augment-flip']),
    };
    const labelCol = values['label-column'];
    const labelColumn = labelCol === undefined ? undefined : /^\d+$/.test(labelCol) ? Number(labelCol) : labelCol;
    const ds = values.dataset;
    const datasetId = ds === 'mnist' || ds === 'fashion-mnist' ? ds : cliPath(ds, io.cwd);

    // Heavy modules (tfjs via the loader chain, zod schemas) only when training actually starts.
    const { loadModelSourceDetailed } = await import('../source');
    const { newRunDirName } = await import('../../runs/index');
    const source = await loadModelSourceDetailed(positionals[0], io.cwd);
    const outRoot = cliPath(values.out || 'runs', io.cwd);
    const runDir = newRunDirName(outRoot, source.label.replace(/^preset:/, '').replace(/\.[^.]*$/, ''));

    try {
      const config: TrainingConfigInput = {
        graph: source.project.graph,
        dataset: { id: datasetId, limit, labelColumn },
        optimizer: { type: optimizer, learningRate: lr, momentum: optimizer === 'sgd' ? 0.9 : 0 },
        schedule: { type: schedule },
        batchSize,
        epochs,
        seed,
        backend,
        workers,
        augmentation,
        runDir,
        engine,
        device,
        ...(values.python ? { python: pythonPath(values.python, io.cwd) } : {}),
      };
      return await train(config, io, Boolean(values.json));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`train: ${(e as Error).message}`, 2);
    }
  },
};

/** A path with a directory part resolves against the working directory; a bare name is looked up on PATH. */
function pythonPath(p: string, cwd: string): string {
  return /[\\/]/.test(p) ? cliPath(p, cwd) : p;
}

/** `--list-devices`: both engines, what they would train on, or why they cannot. */
async function listDevices(io: CliIO, python: string | undefined, json: boolean): Promise<number> {
  const { detectEngines } = await import('../../server/engines');
  const engines = await detectEngines(python);
  if (json) {
    io.stdout(`${JSON.stringify(engines)}\n`);
    return 0;
  }
  for (const e of engines) {
    io.stdout(`${e.id === 'builtin' ? 'builtin (TF.js)' : 'pytorch'}: ${e.available ? e.version : `not available — ${e.reason}`}\n`);
    for (const d of e.devices) io.stdout(`  ${d.id.padEnd(10)} ${d.name}\n`);
  }
  return 0;
}

async function train(config: TrainingConfigInput, io: CliIO, json: boolean): Promise<number> {
  const { startTraining, TrainingError } = await import('../../engine/client');
  const start = async (opts: Parameters<typeof startTraining>[1]) => {
    if (config.engine !== 'pytorch') return startTraining(config, opts);
    const { startPytorchTraining } = await import('../../engine-pytorch/index');
    return startPytorchTraining(config, opts);
  };
  const tty = !json && Boolean(process.stdout.isTTY);
  let barShown = false;
  const clearBar = () => {
    if (barShown) io.stdout('\r\x1b[K');
    barShown = false;
  };
  let lastBar = 0;
  const handle = await start({
    onMessage(m) {
      if (json) {
        const { type, ...rest } = m;
        if (type === 'batch' || type === 'epoch' || type === 'eval' || type === 'done' || type === 'error' || type === 'ready') {
          io.stdout(`${JSON.stringify({ event: type, ...rest })}\n`);
        }
        return;
      }
      switch (m.type) {
        case 'ready':
          io.stdout(`training on ${m.backend} — ${m.device}\n${m.trainSamples} train / ${m.valSamples} val / ${m.testSamples} test samples${m.runDir ? `, run folder ${m.runDir}` : ''}\n`);
          break;
        case 'batch': {
          if (!tty) break;
          const now = Date.now();
          if (now - lastBar < 100 && m.batch !== m.batches) break;
          lastBar = now;
          const width = 24;
          const fill = Math.round((m.batch / m.batches) * width);
          io.stdout(
            `\r\x1b[Kepoch ${m.epoch} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${m.batch}/${m.batches} ` +
              `loss ${m.loss.toFixed(4)} acc ${pct(m.accuracy)} ${Math.round(m.samplesPerSec)} samples/s ETA ${fmtTime(m.etaSeconds)}`,
          );
          barShown = true;
          break;
        }
        case 'epoch':
          clearBar();
          io.stdout(
            `epoch ${m.epoch}: loss ${m.loss.toFixed(4)} acc ${pct(m.accuracy)} · val loss ${m.valLoss?.toFixed(4) ?? '—'} ` +
              `val acc ${pct(m.valAccuracy)} · lr ${m.learningRate.toPrecision(3)} · ${m.seconds.toFixed(1)}s\n`,
          );
          break;
        case 'eval':
          io.stdout(`test accuracy ${pct(m.testAccuracy)} (loss ${m.testLoss.toFixed(4)})\n`);
          break;
        case 'log':
          clearBar();
          io.stdout(`${m.message}\n`);
          break;
        case 'done':
          io.stdout(
            `done in ${m.seconds.toFixed(1)}s · ${Math.round(m.samplesPerSecond)} samples/s on ${m.backend}` +
              `${m.stoppedEarly ? ' (stopped early)' : ''}${m.runDir ? ` · saved to ${m.runDir}` : ''}\n`,
          );
          break;
        case 'error':
          clearBar();
          break;
      }
    },
  });
  // Ctrl-C stops after the current batch (the run is still evaluated and saved); a second one kills it.
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts === 1) handle.stop();
    else handle.kill('SIGKILL');
  };
  process.on('SIGINT', onSigint);
  try {
    await handle.done;
    return 0;
  } catch (e) {
    if (e instanceof TrainingError) {
      if (!json) io.stderr(`netwright: training failed (${e.code}): ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
