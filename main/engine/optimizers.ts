/** Optimizer settings → TF.js optimizer (shared by the in-process loop and the data-parallel replicas). */
import type * as TF from '@tensorflow/tfjs';

export interface OptimizerConfig {
  name: 'adam' | 'sgd' | 'rmsprop';
  learningRate: number;
  /** SGD momentum (0 = plain SGD) and RMSprop momentum. */
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** RMSprop decay. */
  rho?: number;
}

export function makeOptimizer(tf: typeof TF, c: OptimizerConfig): TF.Optimizer {
  switch (c.name) {
    case 'adam':
      return tf.train.adam(c.learningRate, c.beta1 ?? 0.9, c.beta2 ?? 0.999, c.epsilon ?? 1e-7);
    case 'sgd':
      return c.momentum ? tf.train.momentum(c.learningRate, c.momentum, c.nesterov ?? false) : tf.train.sgd(c.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate, c.rho ?? 0.9, c.momentum ?? 0, c.epsilon ?? 1e-7);
    default:
      throw new Error(`Unknown optimizer '${String((c as { name: unknown }).name)}' (expected adam, sgd or rmsprop).`);
  }
}

/**
 * The same optimizers over flat Float32Arrays in plain JS, with TF.js' update rules. The data-parallel
 * replicas use it: one fused loop over all parameters instead of ~10 tensor ops per variable.
 */
export class FlatOptimizer {
  private m: Float32Array | null = null;
  private v: Float32Array | null = null;
  private accBeta1: number;
  private accBeta2: number;
  learningRate: number;

  constructor(readonly config: OptimizerConfig) {
    if (!['adam', 'sgd', 'rmsprop'].includes(config.name)) {
      throw new Error(`Unknown optimizer '${config.name}' (expected adam, sgd or rmsprop).`);
    }
    this.learningRate = config.learningRate;
    this.accBeta1 = config.beta1 ?? 0.9;
    this.accBeta2 = config.beta2 ?? 0.999;
  }

  /** w ← update(w, g), in place. */
  step(w: Float32Array, g: Float32Array): void {
    const c = this.config;
    const lr = this.learningRate;
    const n = w.length;
    if (c.name === 'adam') {
      const b1 = c.beta1 ?? 0.9;
      const b2 = c.beta2 ?? 0.999;
      const eps = c.epsilon ?? 1e-7;
      const m = (this.m ??= new Float32Array(n));
      const v = (this.v ??= new Float32Array(n));
      const k1 = 1 / (1 - this.accBeta1);
      const k2 = 1 / (1 - this.accBeta2);
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
        const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
        w[i] -= (lr * (mi * k1)) / (Math.sqrt(vi * k2) + eps);
      }
      this.accBeta1 *= b1;
      this.accBeta2 *= b2;
    } else if (c.name === 'sgd') {
      const mom = c.momentum ?? 0;
      if (mom === 0) {
        for (let i = 0; i < n; i++) w[i] -= lr * g[i];
        return;
      }
      const acc = (this.m ??= new Float32Array(n));
      for (let i = 0; i < n; i++) {
        const a = (acc[i] = acc[i] * mom + g[i]);
        w[i] -= c.nesterov ? lr * (g[i] + a * mom) : lr * a;
      }
    } else {
      const rho = c.rho ?? 0.9;
      const mom = c.momentum ?? 0;
      const eps = c.epsilon ?? 1e-7;
      const ms = (this.m ??= new Float32Array(n));
      const mo = (this.v ??= new Float32Array(n));
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const s = (ms[i] = rho * ms[i] + (1 - rho) * gi * gi);
        const u = (mo[i] = mom * mo[i] + (lr * gi) / Math.sqrt(s + eps));
        w[i] -= u;
      }
    }
  }
}

/**
 * Changes a TF.js optimizer's learning rate. SGD/Momentum cache it in a tensor (`setLearningRate`); Adam and
 * RMSprop read the `learningRate` field each step.
 */
export function setLearningRate(opt: TF.Optimizer, lr: number): void {
  const o = opt as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
