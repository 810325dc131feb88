import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { initBackend } from '../../../main/engine/backend';
import { FlatOptimizer, makeOptimizer, setLearningRate, type OptimizerConfig } from '../../../main/engine/optimizers';

let tf: typeof TF;
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});

const CONFIGS: OptimizerConfig[] = [
  { name: 'adam', learningRate: 0.01 },
  { name: 'adam', learningRate: 0.003, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 },
  { name: 'sgd', learningRate: 0.1 },
  { name: 'sgd', learningRate: 0.1, momentum: 0.9 },
  { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
  { name: 'rmsprop', learningRate: 0.01 },
  { name: 'rmsprop', learningRate: 0.01, rho: 0.8, momentum: 0.5 },
];

describe('FlatOptimizer (plain-JS update used by the data-parallel replicas)', () => {
  for (const c of CONFIGS) {
    it(`matches TF.js ${JSON.stringify(c)} over 5 steps, including a learning-rate change`, () => {
      const n = 50;
      const w0 = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
      const grads = Array.from({ length: 5 }, (_, s) => Float32Array.from({ length: n }, (_, i) => Math.cos(i * (s + 1)) * 0.5));
      const v = tf.variable(tf.tensor1d(w0));
      const opt = makeOptimizer(tf, c);
      const flat = new FlatOptimizer(c);
      const w = w0.slice();
      grads.forEach((g, s) => {
        if (s === 3) {
          setLearningRate(opt, c.learningRate / 2);
          flat.learningRate = c.learningRate / 2;
        }
        tf.tidy(() => opt.applyGradients({ [v.name]: tf.tensor1d(g) }));
        flat.step(w, g);
      });
      const ref = v.dataSync();
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(ref[i] - w[i]));
      expect(err).toBeLessThan(1e-5);
      expect(Math.abs(w[0] - w0[0])).toBeGreaterThan(1e-4);
      v.dispose();
      opt.dispose();
    });
  }

  it('rejects unknown optimizers clearly', () => {
    expect(() => new FlatOptimizer({ name: 'lion' as 'adam', learningRate: 1 })).toThrow(/Unknown optimizer 'lion'/);
    expect(() => makeOptimizer(tf, { name: 'lion' as 'adam', learningRate: 1 })).toThrow(/Unknown optimizer 'lion'/);
  });
});
