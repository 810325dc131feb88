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
