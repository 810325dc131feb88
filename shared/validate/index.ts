import type { Command } from '../graph/commands';
import type { GraphData } from '../graph/types';
import { analyzeGraph, layerLookup } from '../infer/index';
import type { GraphIssue } from '../infer/types';
import { fixCommand } from './fix';

/** The applicable command for an issue's one-click fix, or null when it has none (or no longer fits). */
export function fixToCommand(graph: GraphData, issue: GraphIssue): Command | null {
  return fixCommand(graph, issue, layerLookup);
}

/** Every issue of a graph (structure, params, shapes), errors and warnings. */
export function validateGraph(graph: GraphData): GraphIssue[] {
  return analyzeGraph(graph).issues;
}

export { fixCommand } from './fix';
export { analyzeTopology, type Topology, type PortRef } from './structure';
export { mergeProjectionFix, flattenAdvice } from './shapeFixes';
