/**
 * The runner's JSON lines → the training protocol's messages. The runner reports raw facts (per-sample
 * test predictions, its device); the evaluation report (confusion matrix, per-class precision/recall/F1)
 * is computed here with the built-in engine's own function, so both engines report it identically.
 */
import path from 'node:path';
import type { ChildMessage, EvalMessage } from '../../shared/contract/training';
import { classReport } from '../engine/trainer/evaluate';
import type { TestLabels } from './prepare';

/** One line of the runner's stdout: {"event": ..., ...fields}. */
export type RunnerLine = { event: string } & Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export class RunnerTranslator {
  private backend = 'pytorch';
  private device = 'unknown';
  private testAccuracy: number | null = null;

  constructor(
    private readonly test: TestLabels,
    private readonly runDir: string | null,
  ) {}

  /** Messages for one line ([] for lines that only feed later messages, e.g. a regression 'test'). */
  translate(line: RunnerLine, secondsSinceStart: number): ChildMessage[] {
    const f = line;
    switch (line.event) {
      case 'ready':
        this.backend = String(f.backend);
        this.device = String(f.device);
        return [
          {
            type: 'ready',
            backend: this.backend,
            device: this.device,
            runDir: this.runDir,
            trainSamples: num(f.trainSamples),
            valSamples: num(f.valSamples),
            testSamples: num(f.testSamples),
            startEpoch: num(f.startEpoch),
          },
        ];
      case 'batch':
        return [
          {
            type: 'batch',
            epoch: num(f.epoch),
            batch: num(f.batch),
            batches: num(f.batches),
            loss: num(f.loss),
            accuracy: numOrNull(f.accuracy),
            samplesPerSec: num(f.samplesPerSec),
            etaSeconds: num(f.etaSeconds),
          },
        ];
      case 'epoch':
        return [
          {
            type: 'epoch',
            epoch: num(f.epoch),
            loss: num(f.loss),
            accuracy: numOrNull(f.accuracy),
            valLoss: numOrNull(f.valLoss),
            valAccuracy: numOrNull(f.valAccuracy),
            learningRate: num(f.learningRate),
            seconds: num(f.seconds),
          },
        ];
      case 'paused':
        return [{ type: 'paused', epoch: num(f.epoch), batch: num(f.batch) }];
      case 'resumed':
        return [{ type: 'resumed' }];
      case 'log':
        return [{ type: 'log', level: f.level === 'warn' ? 'warn' : 'info', message: String(f.message) }];
      case 'test':
        return this.evaluation(f);
      case 'done':
        return [
          {
            type: 'done',
            testAccuracy: this.testAccuracy,
            seconds: secondsSinceStart,
            backend: this.backend,
            device: this.device,
            samplesPerSecond: num(f.samplesPerSec),
            runDir: this.runDir,
            epochs: num(f.epochs),
            ...(f.stoppedEarly === true ? { stoppedEarly: true } : {}),
            ...(f.stopped === true ? { stopped: true } : {}),
          },
        ];
      case 'error':
        // An unknown code fails validation downstream and is reported as INTERNAL with the text.
        return [{ type: 'error', code: f.code as 'INTERNAL', message: String(f.message) }];
      default:
        return [{ type: 'log', level: 'warn', message: `ignored an unknown line from the PyTorch runner: ${JSON.stringify(line).slice(0, 200)}` }];
    }
  }

  private evaluation(f: RunnerLine): ChildMessage[] {
    const classes = this.test.classNames.length;
    const predicted = f.predicted;
    if (classes === 0 || !Array.isArray(predicted)) return [];
    const rep = classReport(Int32Array.from(predicted as number[]), this.test.labels, classes);
    this.testAccuracy = rep.accuracy;
    const msg: EvalMessage = {
      type: 'eval',
      testAccuracy: rep.accuracy,
      testLoss: num(f.testLoss),
      classNames: this.test.classNames,
      confusion: rep.confusion,
      perClass: rep.perClass,
      predictions: { labels: Array.from(this.test.labels, (v) => Math.round(v)), predicted: predicted as number[], confidence: (f.confidence as number[]) ?? [] },
    };
    return [msg];
  }
}

/** The run folder a config writes to, absolute, or null. */
export function runDirOf(runDir: string | undefined): string | null {
  return runDir ? path.resolve(runDir) : null;
}
