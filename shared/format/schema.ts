import { z } from 'zod';

/**
 * zod schemas of schema version 1. Objects are "loose": unknown fields are kept so files written by a
 * newer minor tool, or annotated by hand, round-trip unchanged. Sizes/lengths are already bounded by the
 * hostile-input scan, so the schemas only check types and structure.
 */
const id = z.string().min(1, 'must be a non-empty string');
const port = z.int().min(0, 'must be an integer ≥ 0');
const finite = z.number();

export const positionSchema = z.looseObject({ x: finite, y: finite });

export const nodeSchema = z.looseObject({
  id,
  type: z.string().min(1, 'must name a layer type'),
  params: z.record(z.string(), z.unknown()),
  position: positionSchema,
  name: z.string().optional(),
});

export const edgeSchema = z.looseObject({
  id,
  source: id,
  target: id,
  targetPort: port,
  sourcePort: port.optional(),
});

export const groupSchema = z.looseObject({
  id,
  name: z.string(),
  nodeIds: z.array(id),
  collapsed: z.boolean(),
  parentId: id.optional(),
  block: z.looseObject({ template: z.string().min(1), params: z.record(z.string(), z.unknown()) }).optional(),
});

export const graphSchema = z.looseObject({
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  groups: z.array(groupSchema).default([]),
});

export const userBlockSchema = z.looseObject({
  name: z.string().min(1, 'must be a non-empty string'),
  description: z.string().optional(),
  graph: graphSchema,
  inputs: z.array(id),
  outputs: z.array(id),
});

export const projectSchema = z.looseObject({
  format: z.literal('netwright'),
  schemaVersion: z.literal(1),
  graph: graphSchema,
  blocks: z.record(z.string(), userBlockSchema).default({}),
  meta: z.record(z.string(), z.unknown()).default({}),
});

export type ParsedProject = z.output<typeof projectSchema>;
