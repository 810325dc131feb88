/**
 * Sliding-window shape inference shared by convolutions and pooling (2-D and 1-D): rank check, the
 * strides/dilation rule, window-fits check, then the Keras output arithmetic.
 */
import type { Shape } from '../graph/types';
import type { InferResult, ReceptiveFieldStep } from './types';
import { convLength, needsImage, needsOne, needsSequence, sizeH, sizeW, stridesWithDilation, windowTooLarge, type Size } from './common';

/**
 * [h, w, c] → [h', w', channels]. `what` names the window in errors ("kernel", "pool").
 * `channels` null keeps the input channels (pooling).
 */
export function window2d(type: string, what: string, inputs: Shape[], k: Size, s: Size, d: Size, padding: string, channels: number | null): InferResult {
  const arity = needsOne(type, inputs);
  if (arity) return arity;
  const x = inputs[0];
  const rank = needsImage(type, x);
  if (rank) return rank;
  const kh = sizeH(k);
  const kw = sizeW(k);
  const sh = sizeH(s);
  const sw = sizeW(s);
  const dh = sizeH(d);
  const dw = sizeW(d);
  const rule = stridesWithDilation(sh, sw, dh, dw);
  if (rule) return rule;
  const h = convLength(x[0], kh, sh, dh, padding);
  const w = convLength(x[1], kw, sw, dw, padding);
  if (h < 1 || w < 1) return windowTooLarge(what, kh, kw, dh, dw, x);
  return { shape: [h, w, channels ?? x[2]] };
}

/** [steps, c] → [steps', channels]; 'causal' pads on the left only, same length as 'same'. */
export function window1d(type: string, what: string, inputs: Shape[], k: number, s: number, d: number, padding: string, channels: number | null): InferResult {
  const arity = needsOne(type, inputs);
  if (arity) return arity;
  const x = inputs[0];
  const rank = needsSequence(type, x);
  if (rank) return rank;
  const rule = stridesWithDilation(s, s, d, d);
  if (rule) return rule;
  const n = convLength(x[0], k, s, d, padding);
  if (n < 1) return windowTooLarge(what, k, k, d, d, x, true);
  return { shape: [n, channels ?? x[1]] };
}

/** Receptive-field step of a window along the height axis (the analyzer tracks one axis). */
export function windowRf(k: Size, s: Size, d: Size): ReceptiveFieldStep {
  return { kernel: sizeH(k), stride: sizeH(s), dilation: sizeH(d) };
}
