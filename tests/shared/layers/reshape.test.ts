import { describe, expect, it } from 'vitest';
import { errorOf, params, run, shapeOf, spec } from './helpers';

describe('ZeroPadding2D', () => {
  it('n, [h, w] and [[top, bottom], [left, right]]', () => {
    expect(params('ZeroPadding2D')).toEqual({ padding: 1 });
    expect(shapeOf('ZeroPadding2D', [[224, 224, 3]], { padding: 3 })).toEqual([230, 230, 3]);
    expect(shapeOf('ZeroPadding2D', [[10, 10, 3]], { padding: [1, 2] })).toEqual([12, 14, 3]);
    expect(shapeOf('ZeroPadding2D', [[10, 10, 3]], { padding: [[0, 1], [2, 3]] })).toEqual([11, 15, 3]);
    expect(spec('ZeroPadding2D').summary(params('ZeroPadding2D', { padding: [[0, 1], [0, 1]] }))).toBe('pad [[0, 1], [0, 1]]');
  });
});

describe('Cropping2D', () => {
  it('crops and refuses to crop everything', () => {
    expect(params('Cropping2D')).toEqual({ cropping: 0 });
    expect(shapeOf('Cropping2D', [[64, 64, 8]], { cropping: [[4, 4], [2, 6]] })).toEqual([56, 56, 8]);
    expect(errorOf('Cropping2D', [[4, 4, 1]], { cropping: 2 }).error).toBe('cropping 2 removes 4×4 from a 4×4 input ([4,4,1]), leaving nothing');
  });
});

describe('UpSampling2D', () => {
  it('multiplies the grid', () => {
    expect(params('UpSampling2D')).toEqual({ size: 2, interpolation: 'nearest' });
    expect(shapeOf('UpSampling2D', [[7, 7, 3]], { size: [2, 3] })).toEqual([14, 21, 3]);
    expect(spec('UpSampling2D').receptiveField!(params('UpSampling2D'))).toEqual({ kernel: 1, stride: 0.5, dilation: 1 });
  });
});

describe('Reshape', () => {
  it('explicit and inferred (-1) dimensions', () => {
    expect(params('Reshape')).toEqual({ targetShape: [-1] });
    expect(shapeOf('Reshape', [[784]], { targetShape: [28, 28, 1] })).toEqual([28, 28, 1]);
    expect(shapeOf('Reshape', [[7, 7, 64]])).toEqual([3136]);
    expect(shapeOf('Reshape', [[64]], { targetShape: [1, 1, -1] })).toEqual([1, 1, 64]);
  });

  it('element count mismatches are explained, with a -1 fix when it helps', () => {
    const e = errorOf('Reshape', [[780]], { targetShape: [28, 28, 1] });
    expect(e.error).toBe('cannot reshape [780] (780 elements) to [28,28,1] (784 elements)');
    expect(e.fix).toBeUndefined();
    const f = errorOf('Reshape', [[1568]], { targetShape: [28, 28, 1] });
    expect(f.fix).toEqual({ kind: 'setParams', label: 'Set targetShape to [-1,28,1]', params: { targetShape: [-1, 28, 1] } });
    expect(errorOf('Reshape', [[10]], { targetShape: [-1, 3] }).error).toBe('cannot reshape [10] (10 elements) to [-1,3]: 10 is not divisible by 3');
    expect(errorOf('Reshape', [[10]], { targetShape: [-1, -1] }).error).toContain('more than one -1');
    expect(errorOf('Reshape', [[10]], { targetShape: [0, 10] }).error).toContain('contains 0');
  });
});

describe('Permute', () => {
  it('1-based dims without the batch axis', () => {
    expect(params('Permute')).toEqual({ dims: [2, 1] });
    expect(shapeOf('Permute', [[10, 64]])).toEqual([64, 10]);
    expect(shapeOf('Permute', [[4, 5, 6]], { dims: [3, 1, 2] })).toEqual([6, 4, 5]);
    expect(errorOf('Permute', [[4, 5, 6]]).error).toBe('dims [2,1] has 2 entries but the input [4,5,6] has 3 axes');
    expect(errorOf('Permute', [[4, 5]], { dims: [1, 1] }).error).toBe('dims [1,1] must be a permutation of 1..2');
    expect(errorOf('Permute', [[4, 5]], { dims: [1, 3] }).error).toBe('dims [1,3] must be a permutation of 1..2');
  });
});

describe('Dropout and SpatialDropout2D', () => {
  it('identity shapes, rate in [0, 1)', () => {
    expect(params('Dropout')).toEqual({ rate: 0.5 });
    expect(run('Dropout', [[4096]], { rate: 0.5 })).toEqual({ shape: [4096], counts: { trainable: 0, nonTrainable: 0 }, macs: 0 });
    expect(shapeOf('SpatialDropout2D', [[8, 8, 16]], { rate: 0.2 })).toEqual([8, 8, 16]);
    expect(errorOf('SpatialDropout2D', [[64]]).error).toContain('expects a 3-D');
  });
});
