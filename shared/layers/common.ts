/**
 * Small shared pieces of the layer catalog: schema fragments (so every spec declares sizes, paddings and
 * activations the same way), size-pair accessors and the exact TF/Keras output arithmetic.
 * Everything used by inferShape/paramCounts/macs is plain arithmetic with no allocation: inference of a
 * whole ResNet-152 has a 2 ms budget.
 */
import { z } from 'zod';
import type { Shape } from '../graph/types';
import type { FixHint, InferResult, LayerSpec } from './types';

// ---------------------------------------------------------------------------------------------------------
// Schema fragments.

/** A size as TF.js accepts it: one number for both axes, or an [h, w] pair. */
export type Size = number | [number, number];

const posInt = (max: number) =>
  z
    .number({ error: 'expected a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(max, { error: `must be at most ${max}` });

/** Positive integer param with a default and an inspector description. */
export const intParam = (def: number, description: string, max = 1 << 20) => posInt(max).default(def).describe(description);

/** Number in [min, max] (inclusive unless `maxExclusive`). */
export const numParam = (def: number, description: string, min: number, max: number, maxExclusive = false) => {
  let n = z.number({ error: 'expected a number' }).min(min, { error: `must be at least ${min}` });
  n = n.max(max, { error: `must be ${maxExclusive ? 'below' : 'at most'} ${max}` });
  // An exclusive bound as a refinement: JSON Schema (the inspector form) then shows the plain [min, max] range.
  const bounded = maxExclusive ? n.refine((v) => v < max, { error: `must be below ${max}` }) : n;
  return bounded.default(def).describe(description);
};

export const boolParam = (def: boolean, description: string) => z.boolean({ error: 'expected true or false' }).default(def).describe(description);

/** kernelSize / strides / poolSize / dilationRate: n or [h, w], as TF.js. */
export const sizeParam = (def: Size, description: string, max = 4096) =>
  z
    .union([posInt(max), z.tuple([posInt(max), posInt(max)])], {
      error: `expected a whole number from 1 to ${max} or an [h, w] pair of them`,
    })
    .default(def)
    .describe(description);

/** Optional size where null means "same as another param" (pooling strides default to poolSize). */
export const nullableSizeParam = (description: string, max = 4096) =>
  z
    .union([posInt(max), z.tuple([posInt(max), posInt(max)])], {
      error: `expected a whole number from 1 to ${max}, an [h, w] pair of them, or null`,
    })
    .nullable()
    .default(null)
    .describe(description);

export const PADDINGS = ['valid', 'same'] as const;
export type Padding = (typeof PADDINGS)[number];
export const paddingParam = () =>
  z
    .enum(PADDINGS, { error: "expected 'valid' (no padding, output shrinks) or 'same' (output = ceil(input / stride))" })
    .default('valid')
    .describe("'valid': no padding, the output shrinks; 'same': zero-pad so output = ceil(input / stride)");

/** Activation names accepted by Activation and by the `activation` param of Conv/Dense/RNN layers. */
export const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'leakyRelu', 'tanh', 'sigmoid', 'softmax', 'swish', 'silu', 'gelu'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
export const activationParam = (def: ActivationName, description = 'Non-linearity applied to the output') =>
  z.enum(ACTIVATIONS, { error: `expected one of ${ACTIVATIONS.join(', ')}` }).default(def).describe(description);

// ---------------------------------------------------------------------------------------------------------
// Typed spec definition.

/** Declares a spec with params typed from its schema and registers it under the common LayerSpec type. */
export function defineLayer<S extends z.ZodType<Record<string, unknown>>>(
  spec: Omit<LayerSpec<z.output<S>>, 'paramsSchema'> & { paramsSchema: S },
): LayerSpec {
  return spec as unknown as LayerSpec;
}

// ---------------------------------------------------------------------------------------------------------
// Size arithmetic.

export const sizeH = (v: Size): number => (typeof v === 'number' ? v : v[0]);
export const sizeW = (v: Size): number => (typeof v === 'number' ? v : v[1]);

/** "3×3", or "3" in 1-D. */
export function sizeLabel(v: Size, oneD = false): string {
  const h = sizeH(v);
  const w = sizeW(v);
  return oneD ? String(h) : `${h}×${w}`;
}

/** "/2" for a square stride, "/2×1" otherwise. */
export function strideLabel(v: Size): string {
  const h = sizeH(v);
  const w = sizeW(v);
  return h === w ? `/${h}` : `/${h}×${w}`;
}

/**
 * Output length along one axis, exactly as TF/Keras: 'valid' floor((in - d(k-1) - 1) / s) + 1,
 * 'same' (and 'causal') ceil(in / s). Zero or negative means the window does not fit.
 */
export function convLength(input: number, kernel: number, stride: number, dilation: number, padding: string): number {
  if (padding === 'valid') return Math.floor((input - dilation * (kernel - 1) - 1) / stride) + 1;
  return Math.ceil(input / stride);
}

/** Keras deconv_output_length without output_padding: valid in·s + max(k' - s, 0), same in·s. */
export function deconvLength(input: number, kernel: number, stride: number, dilation: number, padding: string): number {
  const k = kernel + (kernel - 1) * (dilation - 1);
  return padding === 'valid' ? input * stride + Math.max(k - stride, 0) : input * stride;
}

export function fmt(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function product(shape: Shape, from = 0, to = shape.length): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i];
  return p;
}

export function last(shape: Shape): number {
  return shape[shape.length - 1];
}

// ---------------------------------------------------------------------------------------------------------
// Shared error results.

export const setPaddingSame: FixHint = { kind: 'setParams', label: "Set padding to 'same'", params: { padding: 'same' } };

/** Exactly one input; the analyzer reports arity, this only keeps inferShape total. */
export function needsOne(type: string, inputs: Shape[]): InferResult | null {
  return inputs.length === 1 ? null : { error: `${type} takes exactly 1 input, got ${inputs.length}` };
}

/**
 * Rank check for layers that need a feature map ([h, w, c]). A flat vector that is a square image (784,
 * 3072) or an [h, w] image gets a Reshape fix, the usual cause being an MNIST/CIFAR-style flat Input.
 */
export function needsImage(type: string, x: Shape): InferResult | null {
  if (x.length === 3) return null;
  const error = `${type} expects a 3-D [height, width, channels] input, got ${fmt(x)}`;
  let target: number[] | null = null;
  if (x.length === 2) target = [x[0], x[1], 1];
  else if (x.length === 1) {
    // A square grayscale (784 → 28×28×1) or RGB (3072 → 32×32×3) image flattened by the data source.
    for (const c of [1, 3]) {
      const side = Math.round(Math.sqrt(x[0] / c));
      if (side > 1 && side * side * c === x[0]) {
        target = [side, side, c];
        break;
      }
    }
  }
  if (!target) return { error };
  return { error, fix: { kind: 'insertBefore', label: `Insert Reshape to [${target.join(',')}]`, port: 0, type: 'Reshape', params: { targetShape: target } } };
}

/** Rank check for sequence layers ([steps, features]). */
export function needsSequence(type: string, x: Shape): InferResult | null {
  if (x.length === 2) return null;
  const error = `${type} expects a 2-D [timesteps, features] input, got ${fmt(x)}`;
  if (x.length === 3) {
    return {
      error: `${error}; a feature map can be read as a sequence of rows`,
      fix: { kind: 'insertBefore', label: `Insert Reshape to [${x[0]},${x[1] * x[2]}]`, port: 0, type: 'Reshape', params: { targetShape: [x[0], x[1] * x[2]] } },
    };
  }
  return { error };
}

/** Windowed layers (conv, pooling) whose window does not fit a 'valid' input. */
export function windowTooLarge(what: string, kh: number, kw: number, dh: number, dw: number, x: Shape, oneD = false): InferResult {
  const eh = dh * (kh - 1) + 1;
  const ew = dw * (kw - 1) + 1;
  const k = oneD ? `${kh}` : `${kh}×${kw}`;
  const dilated = eh !== kh || ew !== kw ? ` (dilated to ${oneD ? eh : `${eh}×${ew}`})` : '';
  const input = oneD ? `${x[0]}-step` : `${x[0]}×${x[1]}`;
  return { error: `${what} ${k}${dilated} is larger than the ${input} input with padding 'valid'`, fix: setPaddingSame };
}

/** Keras/TF refuse strides > 1 combined with dilation > 1. */
export function stridesWithDilation(sh: number, sw: number, dh: number, dw: number): InferResult | null {
  if ((sh > 1 || sw > 1) && (dh > 1 || dw > 1)) {
    return {
      error: `strides ${sh === sw ? sh : `[${sh},${sw}]`} and dilationRate ${dh === dw ? dh : `[${dh},${dw}]`} cannot both exceed 1 (TF/Keras rule)`,
      fix: { kind: 'setParams', label: 'Set dilationRate to 1', params: { dilationRate: 1 } },
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Name suggestions.

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** Up to `max` candidates closest to `name` (case-insensitive, ignoring '_' and '-'), best first. */
export function closest(name: string, candidates: readonly string[], max = 3): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const target = norm(name);
  return candidates
    .map((c) => {
      const n = norm(c);
      // Substring matches ("conv" → Conv2D) rank right after exact ones, shortest (closest) first.
      const sub = target.length >= 3 && (n.includes(target) || target.includes(n));
      const d = n === target ? 0 : sub ? 1 + Math.abs(n.length - target.length) / 1000 : 1 + editDistance(target, n);
      return { c, d };
    })
    .filter((x) => x.d <= Math.max(3, Math.ceil(target.length / 2)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .filter((x, _i, all) => x.d === 0 || all[0].d !== 0) // a case-only typo has one answer
    .slice(0, max)
    .map((x) => x.c);
}

// ---------------------------------------------------------------------------------------------------------
// Axes.

/** Keras `axis` param: -1 = last; positive axes count the batch axis as 0, as in Keras/TF.js. */
export const axisInt = () =>
  z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(-8, { error: 'must be at least -8' }).max(8, { error: 'must be at most 8' });
export const axisParam = (def: number, description: string) => axisInt().default(def).describe(description);

/** Keras axis → index into our batch-less shape, or -1 when it is the batch axis or out of range. */
export function resolveAxis(axis: number, rank: number): number {
  const i = axis < 0 ? rank + axis : axis - 1;
  return i >= 0 && i < rank ? i : -1;
}

export function axisError(type: string, axis: number, x: Shape): InferResult {
  const why = axis === 0 ? 'axis 0 is the batch axis' : `a ${x.length}-D input has axes 1..${x.length} (or -1..-${x.length})`;
  return { error: `${type} axis ${axis} is out of range for input ${fmt(x)}: ${why}`, fix: { kind: 'setParams', label: 'Set axis to -1', params: { axis: -1 } } };
}

// ---------------------------------------------------------------------------------------------------------
// Edge amounts (ZeroPadding2D, Cropping2D): n | [h, w] | [[top, bottom], [left, right]], as TF.js.

export type Edges = number | [number, number] | [[number, number], [number, number]];

const nonNeg = () => z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be at least 0' }).max(4096, { error: 'must be at most 4096' });

export const edgesParam = (def: Edges, description: string) =>
  z
    .union([nonNeg(), z.tuple([nonNeg(), nonNeg()]), z.tuple([z.tuple([nonNeg(), nonNeg()]), z.tuple([nonNeg(), nonNeg()])])], {
      error: 'expected n, [h, w] or [[top, bottom], [left, right]] with whole numbers ≥ 0',
    })
    .default(def)
    .describe(description);

/** Sum of both sides along height (axis 0) or width (axis 1). */
export function edgesTotal(v: Edges, axis: 0 | 1): number {
  if (typeof v === 'number') return 2 * v;
  const a = v[axis];
  return typeof a === 'number' ? 2 * a : a[0] + a[1];
}

export function edgesLabel(v: Edges): string {
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v).replace(/,/g, ', ');
}
