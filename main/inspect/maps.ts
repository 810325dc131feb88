/**
 * Numbers → pictures for the layer inspector: per-channel activation maps and per-filter kernel maps,
 * each scaled to 0–255 on its own min..max (min/max reported raw). Pure functions over flat arrays.
 */
import type { GrayMap } from '../../shared/contract/runs';

/** Vectors longer than this are cut (a Flatten of a large feature map); the shape still tells the size. */
export const MAX_VALUES = 65_536;

/** One height×width map read from `data` at `at(y, x)`, scaled per map. */
export function grayMap(height: number, width: number, at: (y: number, x: number) => number): GrayMap {
  const raw = new Float32Array(height * width);
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = at(y, x);
      raw[y * width + x] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const span = max - min;
  const bytes = new Uint8Array(raw.length);
  // A constant map (all zeros after ReLU, say) is drawn mid-grey rather than divided by zero.
  for (let i = 0; i < raw.length; i++) bytes[i] = span > 0 ? Math.round(((raw[i] - min) / span) * 255) : 128;
  return { width, height, min, max, pixels: Buffer.from(bytes).toString('base64') };
}

/**
 * A layer output without its batch dim: [H, W, C] → one map per channel; [steps, C] → one 1×steps map per
 * channel; [n] or anything else → the values (first MAX_VALUES), no maps.
 */
export function activationMaps(data: Float32Array, shape: number[], maxMaps: number): { maps: GrayMap[]; values: number[] | null } {
  if (shape.length === 3) {
    const [h, w, c] = shape;
    const maps = Array.from({ length: Math.min(c, maxMaps) }, (_, ch) => grayMap(h, w, (y, x) => data[(y * w + x) * c + ch]));
    return { maps, values: null };
  }
  if (shape.length === 2) {
    const [steps, c] = shape;
    const maps = Array.from({ length: Math.min(c, maxMaps) }, (_, ch) => grayMap(1, steps, (_y, x) => data[x * c + ch]));
    return { maps, values: null };
  }
  return { maps: [], values: Array.from(data.subarray(0, MAX_VALUES)) };
}

/**
 * Conv kernels as pictures, one per output filter (first maxMaps), averaged over input channels:
 * Conv2D [kh, kw, in, out] → kh×kw; Conv1D [k, in, out] → 1×k. Depthwise kernels [kh, kw, in, mult] give
 * one kh×kw map per (input channel, multiplier) — their output channels — with nothing to average.
 */
export function kernelMaps(data: Float32Array, shape: number[], kind: 'conv' | 'depthwise', maxMaps: number): GrayMap[] {
  if (shape.length === 3) {
    const [k, cin, out] = shape;
    return Array.from({ length: Math.min(out, maxMaps) }, (_, f) =>
      grayMap(1, k, (_y, x) => {
        let s = 0;
        for (let i = 0; i < cin; i++) s += data[(x * cin + i) * out + f];
        return s / cin;
      }),
    );
  }
  const [kh, kw, cin, out] = shape;
  if (kind === 'depthwise') {
    // Output channel j = input channel floor(j / mult), multiplier j % mult: its own spatial filter.
    return Array.from({ length: Math.min(cin * out, maxMaps) }, (_, j) => grayMap(kh, kw, (y, x) => data[((y * kw + x) * cin + Math.floor(j / out)) * out + (j % out)]));
  }
  return Array.from({ length: Math.min(out, maxMaps) }, (_, f) =>
    grayMap(kh, kw, (y, x) => {
      let s = 0;
      for (let i = 0; i < cin; i++) s += data[((y * kw + x) * cin + i) * out + f];
      return s / cin;
    }),
  );
}

/**
 * A Dense kernel [in, units] fed by a flattened H×W×C image: each unit's weights laid back out as an
 * H×W picture (averaged over C) — the "template" a unit matches (digit shapes for MNIST). Flatten is
 * row-major over NHWC, so input index i = (y·W + x)·C + c.
 */
export function denseTemplateMaps(data: Float32Array, units: number, image: [number, number, number], maxMaps: number): GrayMap[] {
  const [h, w, c] = image;
  return Array.from({ length: Math.min(units, maxMaps) }, (_, u) =>
    grayMap(h, w, (y, x) => {
      let s = 0;
      for (let k = 0; k < c; k++) s += data[((y * w + x) * c + k) * units + u];
      return s / c;
    }),
  );
}
