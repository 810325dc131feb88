// Kernel and activation pictures from flat NHWC arrays (layouts checked on tiny hand-made tensors).
import { describe, expect, it } from 'vitest';
import { activationMaps, denseTemplateMaps, grayMap, kernelMaps } from '../../../main/inspect/maps';

const px = (b64: string) => Array.from(Buffer.from(b64, 'base64'));

describe('inspector maps', () => {
  it('scales each map to 0–255 on its own range; a constant map is mid-grey', () => {
    const m = grayMap(1, 3, (_y, x) => [-1, 0, 1][x]);
    expect(m).toMatchObject({ width: 3, height: 1, min: -1, max: 1 });
    expect(px(m.pixels)).toEqual([0, 128, 255]);
    expect(px(grayMap(1, 2, () => 0).pixels)).toEqual([128, 128]);
  });

  it('activations: [H,W,C] → a map per channel; [steps,C] → 1×steps maps; vectors → values', () => {
    // 1×2×2: channel 0 = [0, 2], channel 1 = [1, 3].
    const a = activationMaps(new Float32Array([0, 1, 2, 3]), [1, 2, 2], 8);
    expect(a.maps.map((m) => [m.min, m.max])).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(activationMaps(new Float32Array([0, 1, 2, 3]), [1, 2, 2], 1).maps).toHaveLength(1);
    const seq = activationMaps(new Float32Array([0, 10, 1, 20, 2, 30]), [3, 2], 8);
    expect(seq.maps[1]).toMatchObject({ width: 3, height: 1, min: 10, max: 30 });
    expect(activationMaps(new Float32Array([0.5, 0.25]), [2], 8)).toEqual({ maps: [], values: [0.5, 0.25] });
  });

  it('kernels: conv averages input channels per output filter; depthwise gives one map per output channel; Conv1D is 1×k', () => {
    // Conv2D kernel [1,2,2,1]: position (0,0) in=[1,3], (0,1) in=[5,7] → means 2, 6.
    const conv = kernelMaps(new Float32Array([1, 3, 5, 7]), [1, 2, 2, 1], 'conv', 8);
    expect(conv).toHaveLength(1);
    expect(conv[0]).toMatchObject({ width: 2, height: 1, min: 2, max: 6 });
    // Depthwise [1,2,2,1]: channel 0 = [1,5], channel 1 = [3,7].
    const dw = kernelMaps(new Float32Array([1, 3, 5, 7]), [1, 2, 2, 1], 'depthwise', 8);
    expect(dw.map((m) => [m.min, m.max])).toEqual([
      [1, 5],
      [3, 7],
    ]);
    // Conv1D [k=2, in=1, out=2]: filter 0 = [1, 3], filter 1 = [2, 4].
    const c1 = kernelMaps(new Float32Array([1, 2, 3, 4]), [2, 1, 2], 'conv', 8);
    expect(c1.map((m) => [m.width, m.height, m.min, m.max])).toEqual([
      [2, 1, 1, 3],
      [2, 1, 2, 4],
    ]);
  });

  it('dense templates lay a unit’s weights back over the flattened H×W×C image', () => {
    // in = 1×2×1 image → 2 inputs, 2 units: kernel[i*2+u].
    const maps = denseTemplateMaps(new Float32Array([1, -1, 2, -2]), 2, [1, 2, 1], 8);
    expect(maps.map((m) => [m.width, m.height, m.min, m.max])).toEqual([
      [2, 1, 1, 2],
      [2, 1, -2, -1],
    ]);
  });
});
