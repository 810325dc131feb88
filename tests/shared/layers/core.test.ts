import { describe, expect, it } from 'vitest';
import { errorOf, params, run, shapeOf, spec } from './helpers';

describe('Input', () => {
  it('defaults to an MNIST image and passes its shape on', () => {
    expect(params('Input')).toEqual({ shape: [28, 28, 1] });
    expect(shapeOf('Input', [], { shape: [224, 224, 3] })).toEqual([224, 224, 3]);
    expect(spec('Input').arity).toEqual({ min: 0, max: 0 });
    expect(spec('Input').summary(params('Input'))).toBe('[28,28,1]');
  });
});

describe('Conv2D', () => {
  it('has TF.js defaults', () => {
    expect(params('Conv2D')).toEqual({ filters: 32, kernelSize: 3, strides: 1, padding: 'valid', dilationRate: 1, activation: 'linear', useBias: true });
  });

  it('computes valid/same/strided/dilated/pair shapes exactly as Keras', () => {
    expect(shapeOf('Conv2D', [[28, 28, 1]], { filters: 6, kernelSize: 5 })).toEqual([24, 24, 6]);
    expect(shapeOf('Conv2D', [[28, 28, 1]], { filters: 6, kernelSize: 5, padding: 'same' })).toEqual([28, 28, 6]);
    // AlexNet conv1 (torchvision, padding 2 done by ZeroPadding2D): 228 → floor((228-11)/4)+1 = 55
    expect(shapeOf('Conv2D', [[228, 228, 3]], { filters: 64, kernelSize: 11, strides: 4 })).toEqual([55, 55, 64]);
    expect(shapeOf('Conv2D', [[224, 224, 3]], { filters: 64, kernelSize: 7, strides: 2, padding: 'same' })).toEqual([112, 112, 64]);
    expect(shapeOf('Conv2D', [[7, 7, 8]], { kernelSize: 3, strides: 2, padding: 'same' })).toEqual([4, 4, 32]);
    expect(shapeOf('Conv2D', [[7, 7, 8]], { kernelSize: 3, strides: 2 })).toEqual([3, 3, 32]);
    // dilation 2: effective 5×5
    expect(shapeOf('Conv2D', [[32, 32, 3]], { kernelSize: 3, dilationRate: 2 })).toEqual([28, 28, 32]);
    expect(shapeOf('Conv2D', [[32, 20, 3]], { kernelSize: [3, 1], strides: [2, 1] })).toEqual([15, 20, 32]);
  });

  it('counts params and MACs as Keras/torch', () => {
    // LeNet-5 conv2: 5·5·6·16 + 16 = 2416
    const c = run('Conv2D', [[14, 14, 6]], { filters: 16, kernelSize: 5 });
    expect(c.counts).toEqual({ trainable: 2416, nonTrainable: 0 });
    expect(c.macs).toBe(10 * 10 * 16 * 25 * 6);
    // ResNet stem: 7·7·3·64 = 9408 without bias; 118,013,952 MACs at 224
    const stem = run('Conv2D', [[224, 224, 3]], { filters: 64, kernelSize: 7, strides: 2, padding: 'same', useBias: false });
    expect(stem.counts.trainable).toBe(9408);
    expect(stem.macs).toBe(118013952);
  });

  it('explains a kernel that does not fit and offers padding same', () => {
    const e = errorOf('Conv2D', [[3, 3, 1]], { kernelSize: 5 });
    expect(e.error).toBe("kernel 5×5 is larger than the 3×3 input with padding 'valid'");
    expect(e.fix).toEqual({ kind: 'setParams', label: "Set padding to 'same'", params: { padding: 'same' } });
    expect(errorOf('Conv2D', [[5, 5, 1]], { kernelSize: 3, dilationRate: 3 }).error).toBe("kernel 3×3 (dilated to 7×7) is larger than the 5×5 input with padding 'valid'");
  });

  it('rejects a flat input with a Reshape fix, and strides with dilation', () => {
    const e = errorOf('Conv2D', [[784]]);
    expect(e.error).toBe('Conv2D expects a 3-D [height, width, channels] input, got [784]');
    expect(e.fix).toMatchObject({ kind: 'insertBefore', type: 'Reshape', params: { targetShape: [28, 28, 1] } });
    expect(errorOf('MaxPooling2D', [[3072]]).fix).toMatchObject({ params: { targetShape: [32, 32, 3] } });
    expect(errorOf('Conv2D', [[28, 28]]).fix).toMatchObject({ params: { targetShape: [28, 28, 1] } });
    expect(errorOf('Conv2D', [[10]]).fix).toBeUndefined();
    const d = errorOf('Conv2D', [[32, 32, 3]], { strides: 2, dilationRate: 2 });
    expect(d.error).toContain('cannot both exceed 1');
    expect(d.fix).toMatchObject({ kind: 'setParams', params: { dilationRate: 1 } });
  });

  it('summarises and gives its receptive-field step', () => {
    const p = params('Conv2D', { filters: 32, strides: 2, padding: 'same', activation: 'relu' });
    expect(spec('Conv2D').summary(p)).toBe('32 3×3 /2 same relu');
    expect(spec('Conv2D').receptiveField!(p)).toEqual({ kernel: 3, stride: 2, dilation: 1 });
  });
});

describe('Dense', () => {
  it('defaults, vector and N-D (last axis, Keras) inputs', () => {
    expect(params('Dense')).toEqual({ units: 10, activation: 'linear', useBias: true });
    const fc = run('Dense', [[400]], { units: 120 });
    expect(fc).toEqual({ shape: [120], counts: { trainable: 48120, nonTrainable: 0 }, macs: 48000 });
    const nd = run('Dense', [[7, 7, 64]], { units: 10, useBias: false });
    expect(nd).toEqual({ shape: [7, 7, 10], counts: { trainable: 640, nonTrainable: 0 }, macs: 49 * 640 });
    expect(spec('Dense').summary(params('Dense', { units: 120, activation: 'relu' }))).toBe('120 relu');
  });
});

describe('Flatten', () => {
  it('multiplies out all axes', () => {
    expect(run('Flatten', [[5, 5, 16]])).toEqual({ shape: [400], counts: { trainable: 0, nonTrainable: 0 }, macs: 0 });
    expect(errorOf('Flatten', [[]]).error).toContain('at least one axis');
  });
});

describe('pooling', () => {
  it('MaxPooling2D strides default to poolSize; overlapping AlexNet pool', () => {
    expect(params('MaxPooling2D')).toEqual({ poolSize: 2, strides: null, padding: 'valid' });
    expect(shapeOf('MaxPooling2D', [[28, 28, 6]])).toEqual([14, 14, 6]);
    expect(shapeOf('MaxPooling2D', [[55, 55, 64]], { poolSize: 3, strides: 2 })).toEqual([27, 27, 64]);
    expect(shapeOf('MaxPooling2D', [[7, 7, 1]], { poolSize: 2, padding: 'same' })).toEqual([4, 4, 1]);
    expect(shapeOf('AveragePooling2D', [[9, 8, 2]], { poolSize: [3, 2], strides: [3, 1] })).toEqual([3, 7, 2]);
    expect(spec('MaxPooling2D').receptiveField!(params('MaxPooling2D', { poolSize: 3, strides: 2 }))).toEqual({ kernel: 3, stride: 2, dilation: 1 });
    expect(spec('MaxPooling2D').summary(params('MaxPooling2D', { poolSize: 3, strides: 2 }))).toBe('3×3 /2 valid');
  });

  it('pool larger than a valid input is an error with a fix', () => {
    const e = errorOf('MaxPooling2D', [[2, 2, 8]], { poolSize: 3 });
    expect(e.error).toBe("pool 3×3 is larger than the 2×2 input with padding 'valid'");
    expect(e.fix).toMatchObject({ params: { padding: 'same' } });
  });

  it('global pooling collapses the grid', () => {
    expect(shapeOf('GlobalAveragePooling2D', [[7, 7, 2048]])).toEqual([2048]);
    expect(shapeOf('GlobalMaxPooling2D', [[3, 5, 7]])).toEqual([7]);
    expect(errorOf('GlobalAveragePooling2D', [[10]]).error).toContain('expects a 3-D');
  });
});

describe('BatchNormalization', () => {
  it('counts gamma/beta trainable and moving stats non-trainable', () => {
    expect(params('BatchNormalization')).toEqual({ axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true });
    expect(run('BatchNormalization', [[56, 56, 64]]).counts).toEqual({ trainable: 128, nonTrainable: 128 });
    expect(run('BatchNormalization', [[56, 56, 64]], { scale: false }).counts).toEqual({ trainable: 64, nonTrainable: 128 });
    expect(run('BatchNormalization', [[10, 20]], { axis: 1 }).counts).toEqual({ trainable: 20, nonTrainable: 20 });
  });

  it('rejects the batch axis and out-of-range axes', () => {
    expect(errorOf('BatchNormalization', [[4, 4, 3]], { axis: 0 }).error).toContain('axis 0 is the batch axis');
    expect(errorOf('BatchNormalization', [[4, 4, 3]], { axis: 4 }).fix).toMatchObject({ params: { axis: -1 } });
    expect(shapeOf('BatchNormalization', [[4, 4, 3]], { axis: 3 })).toEqual([4, 4, 3]);
  });
});

describe('Activation', () => {
  it('keeps the shape; validates names', () => {
    expect(params('Activation')).toEqual({ activation: 'relu' });
    expect(shapeOf('Activation', [[3, 4]], { activation: 'softmax' })).toEqual([3, 4]);
    for (const a of ['relu', 'relu6', 'elu', 'selu', 'leakyRelu', 'tanh', 'sigmoid', 'softmax', 'swish', 'silu', 'gelu', 'linear']) {
      expect(params('Activation', { activation: a }).activation).toBe(a);
    }
  });
});

describe('Add', () => {
  it('equal shapes and Keras broadcasting', () => {
    expect(shapeOf('Add', [[14, 14, 64], [14, 14, 64], [14, 14, 64]])).toEqual([14, 14, 64]);
    expect(shapeOf('Add', [[7, 7, 64], [1, 1, 64]])).toEqual([7, 7, 64]);
    expect(shapeOf('Add', [[1, 1, 64], [7, 7, 64]])).toEqual([7, 7, 64]);
    expect(shapeOf('Add', [[7, 7, 64], [64]])).toEqual([7, 7, 64]);
    expect(spec('Add').arity).toEqual({ min: 2, max: null });
  });

  it('names both inputs and proposes a strided 1×1 projection of the mismatching one', () => {
    const e = errorOf('Add', [[14, 14, 128], [28, 28, 64]]);
    expect(e.error).toBe('Add needs equal shapes: [14,14,128] from {in0} vs [28,28,64] from {in1}');
    expect(e.fix).toEqual({ kind: 'insertBefore', label: 'Insert 1×1 conv projection', port: 1, type: 'Conv2D', params: { filters: 128, kernelSize: 1, strides: 2, padding: 'same' } });
    const ch = errorOf('Add', [[56, 56, 64], [56, 56, 256]]);
    expect(ch.fix).toMatchObject({ port: 1, params: { filters: 64, strides: 1 } });
    // odd grid: 7 → ceil(7/2) = 4
    expect(errorOf('Add', [[4, 4, 8], [7, 7, 8]]).fix).toMatchObject({ port: 1, params: { strides: 2 } });
    expect(errorOf('Add', [[10, 10, 8], [3, 3, 8]]).fix).toMatchObject({ port: 0, params: { strides: 4 } });
    // no integer stride maps 10 onto 6: no fix, but still a clear message
    const odd = errorOf('Add', [[10, 10, 8], [6, 6, 8]]);
    expect(odd.error).toBe('Add needs equal shapes: [6,6,8] from {in1} vs [10,10,8] from {in0}');
    expect(odd.fix).toBeUndefined();
    expect(errorOf('Add', [[10], [12]]).error).toBe('Add needs equal shapes: [10] from {in0} vs [12] from {in1}');
  });
});

describe('Concatenate', () => {
  it('joins on channels by default (inception module) and on other axes', () => {
    expect(params('Concatenate')).toEqual({ axis: -1 });
    expect(shapeOf('Concatenate', [[28, 28, 64], [28, 28, 128], [28, 28, 32], [28, 28, 32]])).toEqual([28, 28, 256]);
    expect(shapeOf('Concatenate', [[2, 3], [5, 3]], { axis: 1 })).toEqual([7, 3]);
    expect(shapeOf('Concatenate', [[2, 3], [2, 4]], { axis: 2 })).toEqual([2, 7]);
    expect(shapeOf('Concatenate', [[2, 3], [5, 3]], { axis: -2 })).toEqual([7, 3]);
  });

  it('mismatch errors name the inputs and propose a projection on spatial mismatch', () => {
    const e = errorOf('Concatenate', [[28, 28, 64], [14, 14, 32]]);
    expect(e.error).toBe('Concatenate needs equal shapes except on axis -1: [14,14,32] from {in1} vs [28,28,64] from {in0}');
    expect(e.fix).toEqual({ kind: 'insertBefore', label: 'Insert 1×1 conv projection', port: 0, type: 'Conv2D', params: { filters: 64, kernelSize: 1, strides: 2, padding: 'same' } });
    expect(errorOf('Concatenate', [[2, 3], [2, 3, 1]]).error).toBe('Concatenate needs inputs of the same rank: [2,3] from {in0} vs [2,3,1] from {in1}');
    expect(errorOf('Concatenate', [[2, 3], [2, 3]], { axis: 0 }).error).toContain('batch axis');
  });
});
