import { z } from 'zod';
import type { BlockTemplate } from './types';

/** A positive integer param with a default and an inspector description. */
export const count = (def: number, description: string) =>
  z.number().int().min(1).max(65536).default(def).describe(description);
export const stride = (description = 'Stride of the spatial (downsampling) layer') =>
  z.number().int().min(1).max(2).default(1).describe(description);
export const bnEpsilon = (def: number) =>
  // min rather than positive(): an inclusive bound reads correctly in generated forms.
  z.number().min(1e-12).max(0.1).default(def).describe('BatchNormalization epsilon (PyTorch 1e-5, Keras 1e-3)');

/** Registers a template with its own params type under the registry's common type. */
export function defineBlock<P>(t: BlockTemplate<P>): BlockTemplate {
  return t as unknown as BlockTemplate;
}
