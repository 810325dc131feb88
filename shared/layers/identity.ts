/** Shape-preserving, weight-free layers (activations, noise, dropout variants) differ only in params and doc. */
import type { z } from 'zod';
import type { LayerCategory, LayerSpec } from './types';
import { defineLayer, fmt } from './common';

export function identityLayer<S extends z.ZodType<Record<string, unknown>>>(
  type: string,
  category: LayerCategory,
  schema: S,
  doc: string,
  summary: (p: z.output<S>) => string,
  /** Required input rank, when the layer only makes sense on one (e.g. 2 for SpatialDropout1D). */
  rank?: { n: number; what: string },
): LayerSpec {
  return defineLayer({
    type,
    category,
    doc,
    paramsSchema: schema,
    arity: { min: 1, max: 1 },
    inferShape: (inputs) => {
      if (inputs.length !== 1) return { error: `${type} takes exactly 1 input, got ${inputs.length}` };
      if (rank && inputs[0].length !== rank.n) return { error: `${type} expects a ${rank.n}-D ${rank.what} input, got ${fmt(inputs[0])}` };
      return { shape: inputs[0] };
    },
    paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: () => 0,
    summary,
  });
}
