import { describe, expect, it } from 'vitest';
import { errorOf, params, run, shapeOf, spec } from './helpers';

describe('Conv1D', () => {
  it('defaults and valid/same/causal/dilated lengths', () => {
    expect(params('Conv1D')).toEqual({ filters: 32, kernelSize: 3, strides: 1, padding: 'valid', dilationRate: 1, activation: 'linear', useBias: true });
    expect(shapeOf('Conv1D', [[100, 8]], { filters: 16, kernelSize: 5 })).toEqual([96, 16]);
    expect(shapeOf('Conv1D', [[100, 8]], { kernelSize: 5, padding: 'same', strides: 2 })).toEqual([50, 32]);
    expect(shapeOf('Conv1D', [[100, 8]], { kernelSize: 2, padding: 'causal', dilationRate: 4 })).toEqual([100, 32]);
    expect(shapeOf('Conv1D', [[100, 8]], { kernelSize: 3, dilationRate: 4 })).toEqual([92, 32]);
  });

  it('params and MACs', () => {
    const r = run('Conv1D', [[100, 8]], { filters: 16, kernelSize: 5 });
    expect(r.counts.trainable).toBe(5 * 8 * 16 + 16);
    expect(r.macs).toBe(96 * 16 * 5 * 8);
    expect(spec('Conv1D').receptiveField!(params('Conv1D', { kernelSize: 2, dilationRate: 4 }))).toEqual({ kernel: 2, stride: 1, dilation: 4 });
  });

  it('errors: too long a kernel, image input gets a Reshape fix', () => {
    const e = errorOf('Conv1D', [[4, 8]], { kernelSize: 5 });
    expect(e.error).toBe("kernel 5 is larger than the 4-step input with padding 'valid'");
    expect(e.fix).toMatchObject({ params: { padding: 'same' } });
    const img = errorOf('Conv1D', [[28, 28, 1]]);
    expect(img.error).toContain('expects a 2-D [timesteps, features] input, got [28,28,1]');
    expect(img.fix).toMatchObject({ kind: 'insertBefore', type: 'Reshape', params: { targetShape: [28, 28] } });
  });
});

describe('DepthwiseConv2D', () => {
  it('keeps channels × depthMultiplier; MobileNetV2 numbers', () => {
    expect(params('DepthwiseConv2D')).toEqual({ kernelSize: 3, strides: 1, padding: 'valid', depthMultiplier: 1, dilationRate: 1, activation: 'linear', useBias: true });
    // MobileNetV2 block 2 depthwise: 96 channels, 3×3 /2 at 112 → 56 (torch pad 1 = ZeroPadding2D then valid)
    const r = run('DepthwiseConv2D', [[114, 114, 96]], { strides: 2, useBias: false });
    expect(r.shape).toEqual([56, 56, 96]);
    expect(r.counts.trainable).toBe(864);
    expect(r.macs).toBe(56 * 56 * 96 * 9);
    expect(shapeOf('DepthwiseConv2D', [[10, 10, 4]], { depthMultiplier: 3, padding: 'same' })).toEqual([10, 10, 12]);
    expect(run('DepthwiseConv2D', [[10, 10, 4]], { depthMultiplier: 3 }).counts.trainable).toBe(9 * 12 + 12);
    expect(spec('DepthwiseConv2D').summary(params('DepthwiseConv2D', { strides: 2, padding: 'same', activation: 'relu6' }))).toBe('dw 3×3 /2 same relu6');
  });

  it('rejects flat input', () => {
    expect(errorOf('DepthwiseConv2D', [[10]]).error).toBe('DepthwiseConv2D expects a 3-D [height, width, channels] input, got [10]');
  });
});

describe('SeparableConv2D', () => {
  it('depthwise + pointwise weights and MACs (Xception)', () => {
    // Xception entry flow: 128 → 256, 3×3 same: 3·3·128 + 128·256 + 256 = 34,176 (Keras summary)
    const r = run('SeparableConv2D', [[74, 74, 128]], { filters: 256, padding: 'same' });
    expect(r.shape).toEqual([74, 74, 256]);
    expect(r.counts.trainable).toBe(34176);
    expect(r.macs).toBe(74 * 74 * (128 * 9 + 128 * 256));
    expect(run('SeparableConv2D', [[8, 8, 4]], { filters: 5, depthMultiplier: 2, useBias: false }).counts.trainable).toBe(9 * 8 + 8 * 5);
  });
});

describe('Conv2DTranspose', () => {
  it('Keras output lengths: same in·s, valid in·s + max(k - s, 0)', () => {
    expect(params('Conv2DTranspose')).toEqual({ filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'linear', useBias: true });
    expect(shapeOf('Conv2DTranspose', [[7, 7, 64]], { filters: 32, kernelSize: 4, strides: 2, padding: 'same' })).toEqual([14, 14, 32]);
    expect(shapeOf('Conv2DTranspose', [[7, 7, 64]], { filters: 32, kernelSize: 3, strides: 2 })).toEqual([15, 15, 32]);
    expect(shapeOf('Conv2DTranspose', [[7, 7, 64]], { kernelSize: 2, strides: 3 })).toEqual([21, 21, 32]);
    expect(shapeOf('Conv2DTranspose', [[5, 6, 1]], { kernelSize: [3, 1], strides: [1, 2] })).toEqual([7, 12, 32]);
  });

  it('weights and scatter MACs (DCGAN generator layer)', () => {
    const r = run('Conv2DTranspose', [[4, 4, 512]], { filters: 256, kernelSize: 5, strides: 2, padding: 'same', useBias: false });
    expect(r.shape).toEqual([8, 8, 256]);
    expect(r.counts.trainable).toBe(5 * 5 * 256 * 512);
    expect(r.macs).toBe(4 * 4 * 512 * 25 * 256);
    expect(spec('Conv2DTranspose').summary(params('Conv2DTranspose', { filters: 8, strides: 2 }))).toBe('8 3×3 ×2 valid');
  });
});
