/**
 * Merge layers. Element-wise merges follow Keras' broadcasting rule (shapes aligned on the right, a 1
 * stretches to the other side, as an SE gate [1,1,c] × [h,w,c]); Concatenate needs equal shapes except on
 * its axis. Errors name the inputs with {in0}, {in1}… placeholders that the analyzer fills with node names.
 */
import { z } from 'zod';
import type { Shape } from '../graph/types';
import type { FixHint, InferResult, LayerSpec } from './types';
import { axisError, axisParam, defineLayer, fmt, resolveAxis } from './common';

function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Keras _compute_elemwise_op_output_shape: null when the shapes do not broadcast. */
function broadcast(a: Shape, b: Shape): Shape | null {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice();
  const off = long.length - short.length;
  for (let i = 0; i < short.length; i++) {
    const x = long[i + off];
    const y = short[i];
    if (x === y || y === 1) continue;
    if (x === 1) out[i + off] = y;
    else return null;
  }
  return out;
}

/** Index of the [h, w, c] input with the smallest grid (the one others get projected onto). */
function smallestGrid(inputs: Shape[]): number {
  let ref = 0;
  for (let i = 1; i < inputs.length; i++) if (inputs[i][0] * inputs[i][1] < inputs[ref][0] * inputs[ref][1]) ref = i;
  return ref;
}

/** Stride s with ceil(in / s) = target on both axes ('same' 1×1 conv), or 0 when there is none. */
function gridStride(from: Shape, to: Shape): number {
  const lo = Math.max(1, Math.floor(from[0] / to[0]));
  for (let s = lo; s <= lo + 1; s++) {
    if (Math.ceil(from[0] / s) === to[0] && Math.ceil(from[1] / s) === to[1]) return s;
  }
  return 0;
}

function projection(port: number, filters: number, strides: number): FixHint {
  return { kind: 'insertBefore', label: 'Insert 1×1 conv projection', port, type: 'Conv2D', params: { filters, kernelSize: 1, strides, padding: 'same' } };
}

/** Element-wise merge of feature maps that disagree: project the offending input onto the smallest grid. */
function elementwiseFix(inputs: Shape[]): { ref: number; port: number; fix?: FixHint } | null {
  for (const s of inputs) if (s.length !== 3) return null;
  const ref = smallestGrid(inputs);
  const r = inputs[ref];
  if (r[0] === 1 && r[1] === 1) return null; // a [1,1,c] gate: the other side is the one to change
  for (let port = 0; port < inputs.length; port++) {
    if (port === ref || broadcast(inputs[port], r)) continue;
    const stride = gridStride(inputs[port], r);
    return { ref, port, fix: stride ? projection(port, r[2], stride) : undefined };
  }
  return null;
}

function elementwise(type: string, inputs: Shape[]): InferResult {
  if (inputs.length < 2) return { error: `${type} needs at least 2 inputs, got ${inputs.length}` };
  const first = inputs[0];
  let i = 1;
  for (; i < inputs.length && sameShape(inputs[i], first); i++);
  if (i === inputs.length) return { shape: first };
  let out: Shape = first;
  for (let j = 1; j < inputs.length; j++) {
    const next = broadcast(out, inputs[j]);
    if (next) {
      out = next;
      continue;
    }
    // Reference first, then the input that disagrees (the analyzer pins the error to the last one named).
    const hint = elementwiseFix(inputs);
    const a = hint ? hint.ref : 0;
    const b = hint ? hint.port : j;
    const result: InferResult = { error: `${type} needs equal shapes: ${fmt(inputs[a])} from {in${a}} vs ${fmt(inputs[b])} from {in${b}}` };
    if (hint?.fix) result.fix = hint.fix;
    return result;
  }
  return { shape: out };
}

const noParams = z.object({});

export function elementwiseMerge(type: string, doc: string, maxInputs: number | null = null): LayerSpec {
  return defineLayer({
    type,
    category: 'Merge',
    doc,
    paramsSchema: noParams,
    arity: { min: 2, max: maxInputs },
    inferShape: (inputs) =>
      maxInputs !== null && inputs.length > maxInputs ? { error: `${type} takes exactly ${maxInputs} inputs, got ${inputs.length}` } : elementwise(type, inputs),
    paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: () => 0,
    summary: () => '',
  });
}

const concatSchema = z.object({
  axis: axisParam(-1, 'Axis to join along (-1 = channels); positive axes count the batch axis as 0, as in Keras'),
});

export const Concatenate = defineLayer({
  type: 'Concatenate',
  category: 'Merge',
  doc:
    'Concatenate joins its inputs along one axis, by default the channels (-1), in input-port order; all ' +
    'other dimensions must match. It is how GoogLeNet\'s inception module (Szegedy et al. 2014) stacks its ' +
    '1×1, 3×3, 5×5 and pool branches, how SqueezeNet\'s fire module joins its expand paths, and how ' +
    'DenseNet (Huang et al. 2017) feeds every earlier feature map to each later layer. No weights.',
  paramsSchema: concatSchema,
  arity: { min: 2, max: null },
  inferShape: (inputs, p) => {
    if (inputs.length < 2) return { error: `Concatenate needs at least 2 inputs, got ${inputs.length}` };
    const first = inputs[0];
    const axis = resolveAxis(p.axis, first.length);
    if (axis < 0) return axisError('Concatenate', p.axis, first);
    let total = 0;
    for (let i = 0; i < inputs.length; i++) {
      const s = inputs[i];
      if (s.length !== first.length) {
        return { error: `Concatenate needs inputs of the same rank: ${fmt(first)} from {in0} vs ${fmt(s)} from {in${i}}` };
      }
      for (let d = 0; d < s.length; d++) {
        if (d !== axis && s[d] !== first[d]) return concatMismatch(inputs, p.axis, axis, i);
      }
      total += s[axis];
    }
    const out = first.slice();
    out[axis] = total;
    return { shape: out };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => (p.axis === -1 ? '' : `axis ${p.axis}`),
});

function concatMismatch(inputs: Shape[], axisParamValue: number, axis: number, bad: number): InferResult {
  const head = `Concatenate needs equal shapes except on axis ${axisParamValue}`;
  // Channel concat of feature maps on different grids: bring the larger map down with a strided 1×1 conv
  // (keeping its channels), named reference first and offender last.
  if (axis === 2 && inputs.every((s) => s.length === 3)) {
    const ref = smallestGrid(inputs);
    const r = inputs[ref];
    for (let port = 0; port < inputs.length; port++) {
      const s = inputs[port];
      if (port === ref || (s[0] === r[0] && s[1] === r[1])) continue;
      const result: InferResult = { error: `${head}: ${fmt(r)} from {in${ref}} vs ${fmt(s)} from {in${port}}` };
      const stride = gridStride(s, r);
      if (stride) result.fix = projection(port, s[2], stride);
      return result;
    }
  }
  return { error: `${head}: ${fmt(inputs[0])} from {in0} vs ${fmt(inputs[bad])} from {in${bad}}` };
}
