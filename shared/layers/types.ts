import type { z } from 'zod';
import type { Shape } from '../graph/types';

export type LayerCategory =
  | 'Input'
  | 'Convolution'
  | 'Pooling'
  | 'Core'
  | 'Reshape'
  | 'Normalization'
  | 'Regularization'
  | 'Activation'
  | 'Merge'
  | 'Recurrent'
  | 'Attention'
  | 'Embedding';

/** A one-click repair suggested by shape inference; validation turns it into a document command. */
export type FixHint =
  | { kind: 'setParams'; label: string; params: Record<string, unknown> }
  | { kind: 'insertBefore'; label: string; port: number; type: string; params: Record<string, unknown> };

export type InferResult = { shape: Shape } | { error: string; fix?: FixHint };

export interface ParamCounts {
  trainable: number;
  nonTrainable: number;
}

/** How a layer grows the receptive field: rf += (kernel - 1) * dilation * jump; jump *= stride. */
export interface ReceptiveFieldStep {
  kernel: number;
  stride: number;
  dilation: number;
}

/**
 * One layer declaration, in the spirit of tfjs-layers: args schema with defaults, pure shape inference,
 * cost model, docs. `P` is the normalised params type (after the schema filled defaults).
 */
export interface LayerSpec<P = Record<string, unknown>> {
  type: string;
  category: LayerCategory;
  /** One paragraph, offline: what it does and where it comes from. */
  doc: string;
  /** zod schema; `parse({})` yields the defaults. Sizes accept a number or an [h, w] pair, as TF.js does. */
  paramsSchema: z.ZodType<P>;
  /** Number of inputs accepted (Input has 0; merges 2..null). */
  arity: { min: number; max: number | null };
  inferShape(inputs: Shape[], params: P): InferResult;
  paramCounts(inputs: Shape[], params: P): ParamCounts;
  /** Multiply-accumulates for one sample (conv, dense, recurrent, attention; 0 for cheap layers). */
  macs(inputs: Shape[], output: Shape, params: P): number;
  receptiveField?(params: P): ReceptiveFieldStep;
  /** Short label of the key params for the canvas node, e.g. "32 3×3 /1 same relu". */
  summary(params: P): string;
}
