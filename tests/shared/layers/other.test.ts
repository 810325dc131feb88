import { describe, expect, it } from 'vitest';
import { errorOf, params, run, shapeOf, spec } from './helpers';

describe('LayerNormalization', () => {
  it('γ and β over the normalised axes, no moving stats', () => {
    expect(params('LayerNormalization')).toEqual({ axis: -1, epsilon: 0.001, center: true, scale: true });
    // BERT-base: LayerNorm(768) = 1536
    expect(run('LayerNormalization', [[128, 768]]).counts).toEqual({ trainable: 1536, nonTrainable: 0 });
    expect(run('LayerNormalization', [[4, 5, 6]], { axis: [1, 2, 3] }).counts.trainable).toBe(240);
    expect(run('LayerNormalization', [[4, 5, 6]], { axis: [-1, 3], center: false }).counts.trainable).toBe(6);
    expect(errorOf('LayerNormalization', [[4, 5]], { axis: [1, 5] }).error).toContain('axis 5 is out of range');
  });
});

describe('LRN', () => {
  it('TF defaults, AlexNet settings, keeps the shape', () => {
    expect(params('LRN')).toEqual({ depthRadius: 5, bias: 1, alpha: 1, beta: 0.5 });
    const p = { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 };
    expect(run('LRN', [[55, 55, 96]], p)).toEqual({ shape: [55, 55, 96], counts: { trainable: 0, nonTrainable: 0 }, macs: 0 });
    expect(spec('LRN').summary(params('LRN', p))).toBe('r2 k2 α0.0001 β0.75');
    expect(spec('LRN').doc).toContain('AlexNet');
  });
});

describe('element-wise merges', () => {
  it('Subtract takes exactly two inputs; Multiply broadcasts an SE gate', () => {
    expect(spec('Subtract').arity).toEqual({ min: 2, max: 2 });
    expect(shapeOf('Subtract', [[3, 4], [3, 4]])).toEqual([3, 4]);
    expect(errorOf('Subtract', [[3], [3], [3]]).error).toBe('Subtract takes exactly 2 inputs, got 3');
    expect(shapeOf('Multiply', [[14, 14, 256], [1, 1, 256]])).toEqual([14, 14, 256]);
    expect(shapeOf('Average', [[10], [10], [10]])).toEqual([10]);
    expect(shapeOf('Maximum', [[5, 1], [1, 7]])).toEqual([5, 7]);
  });

  it('mismatch messages use input placeholders and carry a projection fix', () => {
    const e = errorOf('Multiply', [[28, 28, 64], [28, 28, 32]]);
    expect(e.error).toBe('Multiply needs equal shapes: [28,28,64] from {in0} vs [28,28,32] from {in1}');
    expect(e.fix).toMatchObject({ kind: 'insertBefore', port: 1, type: 'Conv2D', params: { filters: 64, kernelSize: 1, strides: 1, padding: 'same' } });
    const three = errorOf('Average', [[8, 8, 4], [8, 8, 4], [16, 16, 4]]);
    expect(three.error).toBe('Average needs equal shapes: [8,8,4] from {in0} vs [16,16,4] from {in2}');
    expect(three.fix).toMatchObject({ port: 2, params: { strides: 2, filters: 4 } });
  });
});

describe('Embedding', () => {
  it('ids → vectors', () => {
    expect(params('Embedding')).toEqual({ inputDim: 1000, outputDim: 64 });
    expect(run('Embedding', [[50]], { inputDim: 10000, outputDim: 128 })).toEqual({ shape: [50, 128], counts: { trainable: 1280000, nonTrainable: 0 }, macs: 0 });
    expect(errorOf('Embedding', [[]]).error).toContain('token ids');
  });
});

describe('recurrent layers', () => {
  it('defaults (GRU resetAfter true as Keras 2+)', () => {
    expect(params('SimpleRNN')).toEqual({ units: 32, activation: 'tanh', useBias: true, returnSequences: false, dropout: 0, recurrentDropout: 0 });
    expect(params('LSTM')).toMatchObject({ units: 32, recurrentActivation: 'sigmoid', unitForgetBias: true });
    expect(params('GRU')).toMatchObject({ units: 32, resetAfter: true });
  });

  it('Keras param counts and per-step MACs × steps', () => {
    // Keras summary numbers: SimpleRNN(32) on 16 features = 1,568; LSTM(64) on 32 = 24,832; GRU(64) on 32 = 18,816 (resetAfter) / 18,624
    expect(run('SimpleRNN', [[10, 16]]).counts.trainable).toBe(1568);
    const lstm = run('LSTM', [[10, 32]], { units: 64 });
    expect(lstm.counts.trainable).toBe(24832);
    expect(lstm.shape).toEqual([64]);
    expect(lstm.macs).toBe(10 * 4 * 64 * (32 + 64));
    expect(run('GRU', [[10, 32]], { units: 64 }).counts.trainable).toBe(18816);
    expect(run('GRU', [[10, 32]], { units: 64, resetAfter: false }).counts.trainable).toBe(18624);
    expect(shapeOf('GRU', [[10, 32]], { units: 8, returnSequences: true })).toEqual([10, 8]);
    expect(spec('LSTM').summary(params('LSTM', { units: 8, returnSequences: true }))).toBe('8 seq');
  });

  it('feature maps are refused with a Reshape fix', () => {
    const e = errorOf('LSTM', [[28, 28, 1]]);
    expect(e.error).toContain('LSTM expects a 2-D [timesteps, features] input, got [28,28,1]');
    expect(e.fix).toMatchObject({ type: 'Reshape', params: { targetShape: [28, 28] } });
  });
});

describe('MultiHeadAttention', () => {
  it('self- and cross-attention shapes, Keras weights', () => {
    expect(params('MultiHeadAttention')).toEqual({ numHeads: 8, keyDim: 64, valueDim: null, dropout: 0, useBias: true, outputShape: null });
    expect(spec('MultiHeadAttention').arity).toEqual({ min: 2, max: 3 });
    // BERT-base self-attention: 12 heads × 64 on 768 = 4·(768·768 + 768) = 2,362,368
    const r = run('MultiHeadAttention', [[128, 768], [128, 768]], { numHeads: 12, keyDim: 64 });
    expect(r.shape).toEqual([128, 768]);
    expect(r.counts.trainable).toBe(2362368);
    const T = 128;
    const E = 768;
    expect(r.macs).toBe(4 * T * E * E + 2 * 12 * T * T * 64);
    expect(shapeOf('MultiHeadAttention', [[5, 16], [9, 32], [9, 8]], { numHeads: 2, keyDim: 4, outputShape: 10 })).toEqual([5, 10]);
    const cross = run('MultiHeadAttention', [[5, 16], [9, 32], [9, 8]], { numHeads: 2, keyDim: 4, valueDim: 3, useBias: false });
    expect(cross.counts.trainable).toBe(16 * 8 + 8 * 8 + 32 * 6 + 6 * 16);
  });

  it('errors name the inputs', () => {
    expect(errorOf('MultiHeadAttention', [[16], [4, 16]]).error).toBe('MultiHeadAttention query {in0} must be at least 2-D [steps, features], got [16]');
    expect(errorOf('MultiHeadAttention', [[4, 16], [5, 16], [6, 16]]).error).toBe('MultiHeadAttention needs key and value with the same steps: [5,16] from {in1} vs [6,16] from {in2}');
  });
});
