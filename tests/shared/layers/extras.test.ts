/** Layers beyond the list that the TF.js engine already trains, so documents using them analyse. */
import { describe, expect, it } from 'vitest';
import { errorOf, params, run, shapeOf, spec } from './helpers';

describe('1-D pooling', () => {
  it('windows over time, global pooling collapses it', () => {
    expect(params('MaxPooling1D')).toEqual({ poolSize: 2, strides: null, padding: 'valid' });
    expect(shapeOf('MaxPooling1D', [[100, 16]])).toEqual([50, 16]);
    expect(shapeOf('AveragePooling1D', [[9, 3]], { poolSize: 3, strides: 2, padding: 'same' })).toEqual([5, 3]);
    expect(errorOf('MaxPooling1D', [[2, 4]], { poolSize: 3 }).error).toBe("pool 3 is larger than the 2-step input with padding 'valid'");
    expect(shapeOf('GlobalAveragePooling1D', [[50, 128]])).toEqual([128]);
    expect(shapeOf('GlobalMaxPooling1D', [[50, 128]])).toEqual([128]);
    expect(errorOf('GlobalMaxPooling1D', [[5, 5, 5]]).error).toBe('GlobalMaxPooling1D expects a 2-D [timesteps, features] input, got [5,5,5]');
  });
});

describe('activation layers', () => {
  it('keep the shape; PReLU learns one slope per element (Keras)', () => {
    expect(params('ReLU')).toEqual({ maxValue: null });
    expect(spec('ReLU').summary(params('ReLU', { maxValue: 6 }))).toBe('max 6');
    expect(params('LeakyReLU')).toEqual({ alpha: 0.3 });
    expect(params('ELU')).toEqual({ alpha: 1 });
    expect(shapeOf('LeakyReLU', [[4, 4, 2]])).toEqual([4, 4, 2]);
    expect(run('PReLU', [[8, 8, 3]]).counts).toEqual({ trainable: 192, nonTrainable: 0 });
    expect(shapeOf('Softmax', [[10]])).toEqual([10]);
    expect(errorOf('Softmax', [[10]], { axis: 2 }).error).toContain('axis 2 is out of range');
  });
});

describe('noise and dropout variants', () => {
  it('identity shapes with validated rates', () => {
    expect(params('GaussianNoise')).toEqual({ stddev: 0.1 });
    expect(params('GaussianDropout')).toEqual({ rate: 0.1 });
    expect(params('AlphaDropout')).toEqual({ rate: 0.1 });
    expect(shapeOf('GaussianNoise', [[5]])).toEqual([5]);
    expect(shapeOf('SpatialDropout1D', [[20, 64]], { rate: 0.2 })).toEqual([20, 64]);
    expect(errorOf('SpatialDropout1D', [[64]]).error).toBe('SpatialDropout1D expects a 2-D [timesteps, features] input, got [64]');
  });
});

describe('RepeatVector and Minimum', () => {
  it('repeats a vector into a sequence; minimum merges', () => {
    expect(shapeOf('RepeatVector', [[32]], { n: 5 })).toEqual([5, 32]);
    expect(errorOf('RepeatVector', [[4, 4]]).fix).toMatchObject({ type: 'Flatten' });
    expect(shapeOf('Minimum', [[3, 3, 2], [3, 3, 2]])).toEqual([3, 3, 2]);
    expect(errorOf('Minimum', [[3], [4]]).error).toBe('Minimum needs equal shapes: [3] from {in0} vs [4] from {in1}');
  });
});
