/**
 * Recorded curve points of one run, stored column-wise in append-only arrays that the chart hands to uPlot
 * as they are (no copy per batch). Appends are amortised O(1); `version` tells React and the chart that
 * the columns grew. Plain arrays rather than typed ones because uPlot reads `null` as a gap, while a NaN
 * would poison its min/max scan (validation values exist only at epoch ends).
 */
export const SMOOTHING_ALPHA = 0.9;

export class TrainPoints {
  /** Global step (x axis), strictly increasing. */
  readonly step: number[] = [];
  readonly loss: (number | null)[] = [];
  readonly accuracy: (number | null)[] = [];
  /** Bias-corrected EMA (alpha SMOOTHING_ALPHA) of loss/accuracy, computed as points arrive. */
  readonly lossSmooth: (number | null)[] = [];
  readonly accuracySmooth: (number | null)[] = [];
  /** Validation values at the epoch-end step, null elsewhere. */
  readonly valLoss: (number | null)[] = [];
  readonly valAccuracy: (number | null)[] = [];
  version = 0;
  private ema = [new Ema(SMOOTHING_ALPHA), new Ema(SMOOTHING_ALPHA)];

  get length(): number {
    return this.step.length;
  }

  get lastStep(): number {
    return this.step.length ? this.step[this.step.length - 1] : 0;
  }

  /** Appends one batch point; a step at or before the last one (a replayed message) is ignored. */
  pushBatch(step: number, loss: number | null, accuracy: number | null): boolean {
    if (this.length && step <= this.lastStep) return false;
    const l = finite(loss);
    const a = finite(accuracy);
    this.step.push(step);
    this.loss.push(l);
    this.accuracy.push(a);
    this.lossSmooth.push(this.ema[0].add(l));
    this.accuracySmooth.push(this.ema[1].add(a));
    this.valLoss.push(null);
    this.valAccuracy.push(null);
    this.version++;
    return true;
  }

  /** Puts validation values at `step` (the epoch's last batch), adding a point there if there is none. */
  setValidation(step: number, valLoss: number | null, valAccuracy: number | null): void {
    let i = this.indexOf(step);
    if (i < 0) {
      if (this.length && step < this.lastStep) return; // an older step we never saw: nowhere to put it
      this.pushBatch(step, null, null);
      i = this.length - 1;
    }
    this.valLoss[i] = finite(valLoss);
    this.valAccuracy[i] = finite(valAccuracy);
    this.version++;
  }

  /** Index of `step` (binary search; steps increase). */
  indexOf(step: number): number {
    let lo = 0;
    let hi = this.step.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.step[mid];
      if (v === step) return mid;
      if (v < step) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/** Online form of model.ts `smooth`: same values, one point at a time. */
class Ema {
  private avg = 0;
  private n = 0;
  constructor(private readonly alpha: number) {}
  add(v: number | null): number | null {
    if (v === null) return null;
    this.n++;
    this.avg = this.alpha * this.avg + (1 - this.alpha) * v;
    return this.avg / (1 - this.alpha ** this.n);
  }
}
