/**
 * The graph document: the single source of truth. Plain JSON-able data; the canvas is a view of it.
 * Layout is NHWC; shapes never include the batch dimension.
 */

export interface Position {
  x: number;
  y: number;
}

/** A layer instance. `type` is a key of the layer registry (TF.js/Keras class names, e.g. 'Conv2D'). */
export interface GraphNode {
  id: string;
  type: string;
  /** Normalised params (defaults filled in) once the document is loaded/edited. */
  params: Record<string, unknown>;
  position: Position;
  /** Human-readable name shown on the canvas and used by exporters; falls back to id. */
  name?: string;
}

/** Data flows from `source` output `sourcePort` into `target` input `targetPort` (order matters for Concatenate). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  targetPort: number;
  sourcePort?: number;
}

/**
 * A group of nodes shown as one box on the canvas. Composite blocks (Inception, Residual…) are groups whose
 * `block` records the template and params they were expanded from, so they can be re-expanded on edit.
 * Groups nest via `parentId`.
 */
export interface GraphGroup {
  id: string;
  name: string;
  nodeIds: string[];
  collapsed: boolean;
  parentId?: string;
  block?: { template: string; params: Record<string, unknown> };
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
}

/** A user-saved reusable block: a graph fragment plus which node ports are its inputs/outputs. */
export interface UserBlock {
  name: string;
  description?: string;
  graph: GraphData;
  /** Node ids inside `graph` that receive the block's external inputs, in order. */
  inputs: string[];
  /** Node ids inside `graph` whose outputs leave the block, in order. */
  outputs: string[];
}

/** Tensor shape without the batch dimension, e.g. [28, 28, 1] (NHWC). */
export type Shape = number[];
