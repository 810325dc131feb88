import type { z } from 'zod';
import type { GraphEdge, GraphNode } from '../graph/types';

/** A subgraph produced by expanding a block template. Node ids are local; the caller prefixes them. */
export interface Expansion {
  nodes: Omit<GraphNode, 'position'>[];
  edges: Omit<GraphEdge, 'id'>[];
  /** Local node ids receiving the block's external input (port 0 of each), in order. */
  inputs: string[];
  /** Local node id producing the block's output. */
  output: string;
}

/**
 * A parameterised composite (Inception, Residual, SE, Fire, Dense block, Inverted residual). Expands to
 * primitive layers; the document keeps the expansion plus a group recording template + params.
 */
export interface BlockTemplate<P = Record<string, unknown>> {
  template: string;
  doc: string;
  paramsSchema: z.ZodType<P>;
  /** `inputChannels` lets templates add a projection shortcut when channels/stride change. */
  expand(params: P, inputChannels: number): Expansion;
}
