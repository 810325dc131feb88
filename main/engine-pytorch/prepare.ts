/**
 * Everything the PyTorch runner needs, written to a work folder before Python starts: the exported module
 * (model.py, with the run's optimiser/schedule baked in), runner.py, the dataset as .npy arrays (loaded and
 * split by main/datasets exactly as the built-in engine does: same seed, same train/val/test samples), and
 * job.json with the remaining settings.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseTrainingConfig, type ChildMessage, type TrainingConfig } from '../../shared/contract/training';
import { formatReport } from '../../shared/export/report';
import { buildExportModel, type ExportModel } from '../../shared/export/model';
import { pytorch } from '../../shared/export/pytorch';
import { createProject, type NetwrightProject } from '../../shared/format/project';
import { DatasetError, loadDataset, type LoadedDataset, type TensorSplit } from '../datasets/index';
import { datasetLoadOptions } from '../datasets/samples';
import { checkHeadsFit, progressLogger } from '../engine/trainer/dataset-fit';
import { TrainingFailure } from '../engine/trainer/errors';
import { readRun, type CheckpointState } from '../runs/index';
import { writeNpyF32 } from './npy';
import { RUNNER_PY } from './runner-py';
import { tfjsCheckpointSpec, type TfjsCheckpointSpec } from './tfjs-spec';

/** Class name of the model in the generated model.py (fixed, so checkpoints load the same way for every run). */
export const MODEL_CLASS = 'NetwrightModel';

export interface PreparedRun {
  /** The config that runs (a resumed run's own config, with the requested epochs). */
  config: TrainingConfig;
  workDir: string;
  runnerFile: string;
  jobFile: string;
  /** What evaluation needs after the arrays went to disk (the samples themselves are not kept in memory). */
  test: TestLabels;
  resuming: boolean;
  /** Why checkpoints hold model.pt only (no TF.js copy), or null. */
  tfjsMissing: string | null;
}

/** Class names (empty for regression) and the test split's labels, in test-split order. */
export interface TestLabels {
  classNames: string[];
  labels: Float32Array;
  count: number;
}

/** Resuming: the run's own config continues; only `epochs` comes from the request (as the built-in engine). */
async function resolveConfig(config: TrainingConfig): Promise<{ config: TrainingConfig; resume: { state: CheckpointState; dir: string } | null }> {
  if (!config.resumeFrom) return { config, resume: null };
  const run = await readRun(config.resumeFrom).catch((e: Error) => {
    throw new TrainingFailure('BAD_CONFIG', `Cannot resume: ${e.message}`);
  });
  const base = parseTrainingConfig(run.config!.config);
  const dir = path.join(config.resumeFrom, 'checkpoints', 'last');
  if (base.engine !== 'pytorch' || !existsSync(path.join(dir, 'model.pt'))) {
    throw new TrainingFailure(
      'BAD_CONFIG',
      `Cannot resume ${config.resumeFrom} with the PyTorch engine: it ${base.engine !== 'pytorch' ? `was trained by the ${base.engine} engine` : 'has no checkpoints/last/model.pt (no epoch finished)'}.`,
    );
  }
  if (!run.checkpoints.last) throw new TrainingFailure('BAD_CONFIG', `Cannot resume ${config.resumeFrom}: checkpoints/last/state.json is missing.`);
  return {
    config: { ...base, python: config.python ?? base.python, device: config.device, epochs: config.epochs, runDir: config.resumeFrom, resumeFrom: config.resumeFrom },
    resume: { state: run.checkpoints.last, dir },
  };
}

function inputShapeOf(model: ExportModel): number[] {
  if (model.inputs.length !== 1) {
    throw new TrainingFailure('NOT_TRAINABLE', `The PyTorch engine trains graphs with exactly one Input node; this graph has ${model.inputs.length}.`);
  }
  return model.inputs[0].outputShape;
}

function projectOf(config: TrainingConfig): NetwrightProject {
  return createProject(config.graph, { name: config.project ?? 'model' });
}

/** The generated module for a config (capability-checked); NOT_TRAINABLE lists every node PyTorch cannot express. */
export function modelCodeFor(config: TrainingConfig): { code: string; model: ExportModel } {
  const project = projectOf(config);
  const report = pytorch.check(project);
  if (report.length) throw new TrainingFailure('NOT_TRAINABLE', formatReport('The PyTorch engine', report));
  const built = buildExportModel(project);
  if (!built.ok) throw new TrainingFailure('NOT_TRAINABLE', formatReport('The PyTorch engine', built.report));
  const ds = config.dataset.id;
  const res = pytorch.exportCode(project, {
    className: MODEL_CLASS,
    training: {
      optimizer: config.optimizer,
      schedule: config.schedule,
      batchSize: config.batchSize,
      epochs: config.epochs,
      seed: config.seed,
      dataset: ds === 'mnist' || ds === 'fashion-mnist' ? '' : ds.replace(/^path:/, ''),
    },
  });
  if (!res.ok) throw new TrainingFailure('NOT_TRAINABLE', formatReport('The PyTorch engine', res.report));
  return { code: res.code, model: built.model };
}

async function writeSplit(dir: string, name: string, s: TensorSplit, sampleShape: number[], classes: number) {
  const x = `${name}_x.npy`;
  const y = `${name}_y.npy`;
  await writeNpyF32(path.join(dir, x), s.x, [s.count, ...sampleShape]);
  const targets = s.count ? s.y.length / s.count : 1;
  await writeNpyF32(path.join(dir, y), s.y, classes > 0 || targets === 1 ? [s.count] : [s.count, targets]);
  return { x, y, count: s.count };
}

/** NETWRIGHT_TORCH_THREADS overrides torch's CPU thread count (default: torch's own, the physical cores). */
function torchThreads(): number | null {
  const n = Number(process.env.NETWRIGHT_TORCH_THREADS);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Checks the graph, loads the dataset and writes the work folder. Throws TrainingFailure with a protocol code. */
export async function prepareRun(input: TrainingConfig, emit: (m: ChildMessage) => void): Promise<PreparedRun> {
  const { config, resume } = await resolveConfig(input);
  if (!resume && config.runDir && existsSync(path.join(config.runDir, 'config.json'))) {
    // Checked before Python starts (the built-in engine finds out when it creates the folder).
    throw new TrainingFailure('BAD_CONFIG', `Run folder ${config.runDir} already holds a run (config.json exists): pick another folder or resume it.`);
  }
  const { code, model } = modelCodeFor(config);
  const inputShape = inputShapeOf(model);
  let data: LoadedDataset;
  try {
    // The built-in engine's options (and the UI's dataset samples'): same split, test sample i = predictions[i].
    data = await loadDataset(config.dataset.id, { ...datasetLoadOptions(config.dataset, config.seed, inputShape), onProgress: progressLogger(emit) });
  } catch (e) {
    if (e instanceof DatasetError) throw new TrainingFailure('DATASET', e.message);
    throw e;
  }
  checkHeadsFit(model.outputs.map((h) => ({ id: h.id, shape: h.outputShape, classification: data.info.classNames.length > 0 })), data);

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'netwright-pytorch-'));
  try {
    return await writeWorkDir(workDir, config, code, data, resume);
  } catch (e) {
    await rm(workDir, { recursive: true, force: true });
    throw e;
  }
}

async function writeWorkDir(
  workDir: string,
  config: TrainingConfig,
  code: string,
  data: LoadedDataset,
  resume: { state: CheckpointState; dir: string } | null,
): Promise<PreparedRun> {
  const classes = data.info.classNames.length;
  const modelFile = path.join(workDir, 'model.py');
  const runnerFile = path.join(workDir, 'runner.py');
  await writeFile(modelFile, code);
  await writeFile(runnerFile, RUNNER_PY);
  const shape = data.info.inputShape;
  const splits = {
    dir: workDir,
    train: await writeSplit(workDir, 'train', data.train, shape, classes),
    val: await writeSplit(workDir, 'val', data.val, shape, classes),
    test: await writeSplit(workDir, 'test', data.test, shape, classes),
  };
  let tfjs: TfjsCheckpointSpec | null = null;
  let tfjsMissing: string | null = null;
  if (config.runDir) {
    const spec = await tfjsCheckpointSpec(projectOf(config));
    if ('missing' in spec) tfjsMissing = spec.missing;
    else tfjs = spec;
  }
  const job = {
    modelFile,
    className: MODEL_CLASS,
    device: config.device,
    threads: torchThreads(),
    seed: config.seed,
    lr: config.optimizer.learningRate,
    epochs: config.epochs,
    batchSize: config.batchSize,
    classes,
    augmentation: config.augmentation,
    earlyStopping: config.earlyStopping,
    runDir: config.runDir ? path.resolve(config.runDir) : null,
    resume,
    data: splits,
    tfjs,
  };
  const jobFile = path.join(workDir, 'job.json');
  await writeFile(jobFile, JSON.stringify(job));
  const test = { classNames: data.info.classNames, labels: data.test.y, count: data.test.count };
  return { config, workDir, runnerFile, jobFile, test, resuming: resume !== null, tfjsMissing };
}

