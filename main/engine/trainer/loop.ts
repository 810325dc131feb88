/**
 * The training loop (custom, not model.fit): seeded shuffling/augmentation/init, per-batch progress with
 * ETA, per-epoch train/val metrics, learning-rate schedules, early stopping with best-weights restore,
 * checkpoints and metrics on disk, resume, and a test evaluation at the end. Pause/stop are checked
 * between batches, so they take effect within one batch.
 */
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import {
  parseTrainingConfig,
  type ChildMessage,
  type DoneMessage,
  type EvalMessage,
  type TrainingConfig,
} from '../../../shared/contract/training';
import type { GraphData } from '../../../shared/graph/types';
import { DatasetError, loadDataset, type LoadedDataset, type TensorSplit } from '../../datasets/index';
import { datasetLoadOptions } from '../../datasets/samples';
import {
  createRunDir,
  loadWeightsInto,
  MetricsWriter,
  readRun,
  saveModelFiles,
  writeCheckpointState,
  writeEval,
  type CheckpointState,
} from '../../runs/index';
import { initBackend, type BackendInfo } from '../backend';
import { defaultWorkers } from '../data-parallel';
import { buildModel, checkTrainable, lossConfigFor, type LossConfig } from '../model';
import { augmentBatch } from './augment';
import { TrainingControl, yieldToEvents } from './control';
import { checkHeadsFit, progressLogger } from './dataset-fit';
import { TrainingFailure } from './errors';
import { argmaxRows, classReport, headLossJs, predictionsOf } from './evaluate';
import { deriveSeed, makeRng, permutation } from './random';
import { learningRateAt } from './schedule';
import { dataParallelStepper, inProcessStepper, seedWeights, type Snapshot, type Stepper } from './stepper';

export interface LoopOptions {
  emit(m: ChildMessage): void;
  control?: TrainingControl;
  /** Called after every epoch's bookkeeping (tests check tf.memory() here). */
  onEpochEnd?(epoch: number, tf: typeof TF): void;
  /** An already loaded dataset (skips loading; tests). */
  dataset?: LoadedDataset;
}

const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function inputShapeOf(graph: GraphData): number[] {
  const inputs = graph.nodes.filter((n) => n.type === 'Input');
  if (inputs.length !== 1) {
    throw new TrainingFailure('NOT_TRAINABLE', `The built-in engine trains graphs with exactly one Input node; this graph has ${inputs.length}.`);
  }
  const s = inputs[0].params.shape ?? inputs[0].params.inputShape;
  if (!Array.isArray(s) || s.some((d) => typeof d !== 'number' || d <= 0)) {
    throw new TrainingFailure('NOT_TRAINABLE', `Input '${inputs[0].name ?? inputs[0].id}' has no valid shape (got ${JSON.stringify(s)}).`);
  }
  return s as number[];
}

/** Resuming: the run's own config (graph, data, seed, settings) continues; only `epochs` comes from the request. */
async function resolveConfig(config: TrainingConfig): Promise<{ config: TrainingConfig; resume: CheckpointState | null }> {
  if (!config.resumeFrom) return { config, resume: null };
  const run = await readRun(config.resumeFrom).catch((e: Error) => {
    throw new TrainingFailure('BAD_CONFIG', `Cannot resume: ${e.message}`);
  });
  const last = run.checkpoints.last;
  if (!last) throw new TrainingFailure('BAD_CONFIG', `Cannot resume ${config.resumeFrom}: it has no checkpoints/last (no epoch finished).`);
  const base = parseTrainingConfig(run.config!.config);
  return { config: { ...base, epochs: config.epochs, runDir: config.resumeFrom, resumeFrom: config.resumeFrom }, resume: last };
}

async function chooseBackend(config: TrainingConfig): Promise<{ info: BackendInfo; workers: number }> {
  try {
    const info = await initBackend(config.backend);
    const workers = info.backend === 'tensorflow' ? 1 : (config.workers ?? defaultWorkers());
    return { info, workers };
  } catch (e) {
    throw new TrainingFailure('BACKEND', (e as Error).message);
  }
}

/** Mean loss (weighted over heads) and first-head accuracy of a split, by prediction. */
async function evaluateSplit(
  stepper: Stepper,
  loss: LossConfig,
  split: TensorSplit,
): Promise<{ loss: number; accuracy: number | null; outputs: Float32Array[] }> {
  const outputs = await stepper.predict(split.x, split.count);
  let total = 0;
  loss.heads.forEach((h, i) => (total += h.weight * headLossJs(h, outputs[i], split.y, split.count)));
  let accuracy: number | null = null;
  if (loss.heads[0].labels === 'onehot') {
    const pred = argmaxRows(outputs[0], split.count);
    let c = 0;
    for (let i = 0; i < split.count; i++) if (pred[i] === split.y[i]) c++;
    accuracy = c / split.count;
  }
  return { loss: total, accuracy, outputs };
}

/**
 * Runs one training job to the end. Emits ready, batch, epoch, paused/resumed, eval, log messages through
 * `emit` and returns the done message (also emitted). Failures throw TrainingFailure with an error code.
 */
export async function runTraining(input: TrainingConfig, opts: LoopOptions): Promise<DoneMessage> {
  const t0 = performance.now();
  const control = opts.control ?? new TrainingControl();
  const { config, resume } = await resolveConfig(input);
  const problems = checkTrainable(config.graph);
  if (problems.length) throw new TrainingFailure('NOT_TRAINABLE', problems.map((p) => p.message).join('\n'));
  const inputShape = inputShapeOf(config.graph);

  let data: LoadedDataset;
  try {
    data =
      opts.dataset ??
      // The same options datasetSamples uses, so the UI's test sample i is the one predictions[i] scores.
      (await loadDataset(config.dataset.id, { ...datasetLoadOptions(config.dataset, config.seed, inputShape), onProgress: progressLogger(opts.emit) }));
  } catch (e) {
    if (e instanceof DatasetError) throw new TrainingFailure('DATASET', e.message);
    throw e;
  }
  const classes = data.info.classNames.length;
  const loss = lossConfigFor(config.graph, classes > 0 ? 'classification' : 'regression');

  const { info, workers } = await chooseBackend(config);
  const tf = info.tf;
  // TF.js draws dropout masks from Math.random-seeded generators: seed it for the run, restore after.
  const realRandom = Math.random;
  Math.random = makeRng(deriveSeed(config.seed, 'math.random'));
  let stepper: Stepper | null = null;
  let metrics: MetricsWriter | null = null;
  let best: Snapshot | null = null;
  try {
    let model: TF.LayersModel;
    try {
      model = buildModel(tf, config.graph);
    } catch (e) {
      throw new TrainingFailure('NOT_TRAINABLE', (e as Error).message);
    }
    checkHeadsFit(
      model.outputs.map((o, i) => ({ id: loss.heads[i].nodeId, shape: (o.shape as number[]).slice(1), classification: loss.heads[i].labels === 'onehot' })),
      data,
    );
    seedWeights(tf, model, makeRng(deriveSeed(config.seed, 'init')));
    const runDir = config.runDir ? path.resolve(config.runDir) : null;
    if (resume && runDir) await loadWeightsInto(tf, model, path.join(runDir, 'checkpoints', 'last'));
    const labelSize = classes > 0 ? 1 : sizeOf((model.outputs[0].shape as number[]).slice(1));
    const so = { tf, graph: config.graph, loss, optimizer: config.optimizer, inputShape, labelSize, model };
    stepper =
      workers > 1 && info.backend !== 'tensorflow'
        ? await dataParallelStepper(so, workers, info.backend as 'wasm' | 'cpu', config.batchSize)
        : inProcessStepper(so, info.backend, info.device);

    if (runDir) {
      if (!resume) await createRunDir(runDir, { config, backend: stepper.backend, device: stepper.device, createdAt: new Date().toISOString() });
      metrics = new MetricsWriter(path.join(runDir, 'metrics.jsonl'));
    }
    const emit = (m: ChildMessage, flush = false) => {
      opts.emit(m);
      metrics?.append(m, flush);
    };
    const startEpoch = (resume?.epoch ?? 0) + 1;
    emit(
      {
        type: 'ready',
        backend: stepper.backend,
        device: stepper.device,
        runDir,
        trainSamples: data.train.count,
        valSamples: data.val.count,
        testSamples: data.test.count,
        startEpoch,
      },
      true,
    );

    const B = config.batchSize;
    const N = data.train.count;
    const batches = Math.ceil(N / B);
    const inSize = sizeOf(inputShape);
    const xb = new Float32Array(B * inSize);
    const yb = new Float32Array(B * labelSize);
    let trainedSamples = 0;
    let trainSeconds = 0;
    let state: CheckpointState = resume ?? { epoch: 0, bestEpoch: null, bestValue: null, epochsWithoutImprovement: 0 };
    let stoppedEarly = false;
    let stopped = false;
    let lastLr = config.optimizer.learningRate;
    const es = config.earlyStopping;

    for (let epoch = startEpoch; epoch <= config.epochs && !stopped && !stoppedEarly; epoch++) {
      const te = performance.now();
      // Per-epoch streams: a resumed run shuffles epoch E exactly like an uninterrupted one.
      const order = permutation(N, makeRng(deriveSeed(config.seed, `shuffle:${epoch}`)));
      const augRng = makeRng(deriveSeed(config.seed, `augment:${epoch}`));
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        await yieldToEvents();
        if (control.paused && !control.stopRequested) {
          emit({ type: 'paused', epoch, batch: b }, true);
          await control.waitWhilePaused();
          if (!control.stopRequested) emit({ type: 'resumed' });
        }
        if (control.stopRequested) {
          stopped = true;
          break;
        }
        // Throughput and ETA count gathering + augmentation + the step, never time spent paused.
        const ts = performance.now();
        const from = b * B;
        const n = Math.min(B, N - from);
        for (let i = 0; i < n; i++) {
          const j = order[from + i];
          xb.set(data.train.x.subarray(j * inSize, (j + 1) * inSize), i * inSize);
          yb.set(data.train.y.subarray(j * labelSize, (j + 1) * labelSize), i * labelSize);
        }
        augmentBatch(xb, n, inputShape, config.augmentation, augRng);
        const lr = learningRateAt(config.optimizer.learningRate, config.schedule, epoch - 1 + b / batches, config.epochs);
        lastLr = lr;
        const r = await stepper.trainBatch(xb, yb, n, lr);
        trainSeconds += (performance.now() - ts) / 1000;
        if (!Number.isFinite(r.loss)) {
          const what = Number.isNaN(r.loss) ? 'NaN' : 'Inf';
          throw new TrainingFailure(
            'NAN_LOSS',
            `loss became ${what} at epoch ${epoch} batch ${b + 1} — try a lower learning rate (now ${+lr.toPrecision(4)})`,
          );
        }
        lossSum += r.loss * n;
        accSum += (r.accuracy ?? 0) * n;
        seen += n;
        trainedSamples += n;
        const rate = trainedSamples / Math.max(1e-6, trainSeconds);
        const left = (batches - b - 1) * B + (config.epochs - epoch) * N;
        emit(
          {
            type: 'batch',
            epoch,
            batch: b + 1,
            batches,
            loss: lossSum / seen,
            accuracy: r.accuracy === null ? null : accSum / seen,
            samplesPerSec: rate,
            etaSeconds: Math.max(0, left / rate),
          },
          (b + 1) % config.flushEveryBatches === 0,
        );
      }
      if (stopped && seen === 0) break;

      const val = data.val.count > 0 ? await evaluateSplit(stepper, loss, data.val) : null;
      const trainAcc = classes > 0 ? accSum / Math.max(1, seen) : null;
      emit(
        {
          type: 'epoch',
          epoch,
          loss: lossSum / Math.max(1, seen),
          accuracy: trainAcc,
          valLoss: val?.loss ?? null,
          valAccuracy: val?.accuracy ?? null,
          learningRate: lastLr,
          seconds: (performance.now() - te) / 1000,
        },
        true,
      );
      if (stopped) break;

      // Early stopping / best weights: monitor validation (training loss when there is no validation split).
      const monitored = es.monitor === 'valAccuracy' ? (val?.accuracy ?? trainAcc ?? 0) : (val?.loss ?? lossSum / Math.max(1, seen));
      const improved =
        state.bestValue === null || (es.monitor === 'valAccuracy' ? monitored > state.bestValue : monitored < state.bestValue);
      state = improved
        ? { epoch, bestEpoch: epoch, bestValue: monitored, epochsWithoutImprovement: 0 }
        : { ...state, epoch, epochsWithoutImprovement: state.epochsWithoutImprovement + 1 };
      if (improved && es.patience > 0 && es.restoreBestWeights) {
        best?.dispose();
        best = await stepper.snapshot();
      }
      if (runDir) {
        const saved = await stepper.modelForSave();
        await saveModelFiles(tf, saved, path.join(runDir, 'checkpoints', 'last'));
        await writeCheckpointState(path.join(runDir, 'checkpoints', 'last'), state);
        if (improved) {
          await saveModelFiles(tf, saved, path.join(runDir, 'checkpoints', 'best'));
          await writeCheckpointState(path.join(runDir, 'checkpoints', 'best'), state);
        }
      }
      if (es.patience > 0 && state.epochsWithoutImprovement >= es.patience && epoch < config.epochs) {
        stoppedEarly = true;
        emit({ type: 'log', level: 'info', message: `early stopping after epoch ${epoch}: no improvement of ${es.monitor} for ${es.patience} epochs (best epoch ${state.bestEpoch})` });
      }
      opts.onEpochEnd?.(epoch, tf);
    }

    if (best && state.bestEpoch !== null && state.bestEpoch !== state.epoch) {
      await stepper.restore(best);
      emit({ type: 'log', level: 'info', message: `restored the best weights (epoch ${state.bestEpoch}, ${es.monitor} ${state.bestValue})` });
    }

    let testAccuracy: number | null = null;
    if (data.test.count > 0) {
      const t = await evaluateSplit(stepper, loss, data.test);
      const evalFile: Record<string, unknown> = { testLoss: t.loss, testAccuracy: t.accuracy, samples: data.test.count };
      if (classes > 0) {
        const predictions = predictionsOf(loss.heads[0], t.outputs[0], data.test.y, data.test.count);
        const rep = classReport(Int32Array.from(predictions.predicted), data.test.y, classes);
        testAccuracy = rep.accuracy;
        const msg: EvalMessage = {
          type: 'eval',
          testAccuracy: rep.accuracy,
          testLoss: t.loss,
          classNames: data.info.classNames,
          confusion: rep.confusion,
          perClass: rep.perClass,
          // Test-set order: predictions[i] is datasetSamples({split: 'test', indices: [i]}).
          predictions,
        };
        emit(msg, true);
        Object.assign(evalFile, { classNames: msg.classNames, confusion: msg.confusion, perClass: msg.perClass, predictions });
      }
      if (runDir) await writeEval(runDir, evalFile);
    }
    const done: DoneMessage = {
      type: 'done',
      testAccuracy,
      seconds: (performance.now() - t0) / 1000,
      backend: stepper.backend,
      device: stepper.device,
      samplesPerSecond: trainedSamples / Math.max(1e-6, trainSeconds),
      runDir,
      epochs: state.epoch,
      ...(stoppedEarly ? { stoppedEarly: true } : {}),
      ...(stopped ? { stopped: true } : {}),
    };
    emit(done, true);
    return done;
  } finally {
    Math.random = realRandom;
    best?.dispose();
    metrics?.close();
    await stepper?.dispose();
  }
}
