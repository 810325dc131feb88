import { z } from 'zod';
import type { BlockTemplate } from './types';

/** A positive integer param with a default and an inspector description. */
export const count = (def: number, description: string) => z.number().int().positive().default(def).describe(description);
export const stride = (description = 'Stride of the spatial (downsampling) layer') =>
  z.union([z.literal(1), z.literal(2)]).default(1).describe(description);
export const bnEpsilon = (def: number) =>
  z.number().positive().max(0.1).default(def).describe('BatchNormalization epsilon (PyTorch 1e-5, Keras 1e-3)');

/** Registers a template with its own params type under the registry's common type. */
export function defineBlock<P>(t: BlockTemplate<P>): BlockTemplate {
  return t as unknown as BlockTemplate;
}
