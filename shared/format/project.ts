import type { GraphData, UserBlock } from '../graph/types';

/** The schema version this build writes. Bump it together with a new entry in `migrations`. */
export const CURRENT_SCHEMA_VERSION = 1;

export const FORMAT_ID = 'netwright';

/** A project file: the graph document plus user blocks and free-form metadata, in a versioned envelope. */
export interface NetwrightProject {
  format: 'netwright';
  schemaVersion: number;
  graph: GraphData;
  /** User-saved reusable blocks, keyed by a stable id (usually the block name). */
  blocks: Record<string, UserBlock>;
  /** Free-form: title, description, author, dataset hints, … Kept verbatim. */
  meta: Record<string, unknown>;
}

export function createProject(graph: GraphData, meta: Record<string, unknown> = {}): NetwrightProject {
  return { format: FORMAT_ID, schemaVersion: CURRENT_SCHEMA_VERSION, graph, blocks: {}, meta };
}
