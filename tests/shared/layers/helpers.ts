/** Test helpers: parse params through the real registry (defaults filled) and run a spec on them. */
import { expect } from 'vitest';
import type { Shape } from '../../../shared/graph/types';
import { getLayerSpec, parseLayerParams } from '../../../shared/layers';
import type { InferResult, LayerSpec, ParamCounts } from '../../../shared/layers/types';

export function spec(type: string): LayerSpec {
  const s = getLayerSpec(type);
  if (!s) throw new Error(`no spec for ${type}`);
  return s;
}

export function params(type: string, raw: Record<string, unknown> = {}): Record<string, unknown> {
  const r = parseLayerParams(type, raw);
  if (!r.ok) throw new Error(`${type} params rejected: ${JSON.stringify(r.issues)}`);
  return r.params;
}

export function infer(type: string, inputs: Shape[], raw: Record<string, unknown> = {}): InferResult {
  return spec(type).inferShape(inputs, params(type, raw));
}

export function shapeOf(type: string, inputs: Shape[], raw: Record<string, unknown> = {}): Shape {
  const r = infer(type, inputs, raw);
  if ('error' in r) throw new Error(`${type} on ${JSON.stringify(inputs)}: ${r.error}`);
  return r.shape;
}

export function errorOf(type: string, inputs: Shape[], raw: Record<string, unknown> = {}): Extract<InferResult, { error: string }> {
  const r = infer(type, inputs, raw);
  expect('error' in r, `${type} on ${JSON.stringify(inputs)} should fail, got ${JSON.stringify(r)}`).toBe(true);
  return r as Extract<InferResult, { error: string }>;
}

/** Shape, param counts and MACs in one go. */
export function run(type: string, inputs: Shape[], raw: Record<string, unknown> = {}): { shape: Shape; counts: ParamCounts; macs: number } {
  const p = params(type, raw);
  const s = spec(type);
  const shape = shapeOf(type, inputs, raw);
  return { shape, counts: s.paramCounts(inputs, p), macs: s.macs(inputs, shape, p) };
}
