import type { GraphData } from '../graph/types';
import { getLayerSpec, parseLayerParams } from '../layers/index';
import { IncrementalAnalyzer as Analyzer } from './analyzer';
import type { LayerLookup } from './params';
import type { GraphAnalysis } from './types';

/** The layer catalog of shared/layers as the analyzer's lookup. */
export const layerLookup: LayerLookup = { getLayerSpec, parseLayerParams };

/**
 * Incremental shape inference + validation: call update(graph) after every document change; only what
 * changed (by object identity) and its affected downstream is recomputed.
 */
export class IncrementalAnalyzer extends Analyzer {
  constructor(lookup: LayerLookup = layerLookup) {
    super(lookup);
  }
}

/** Full shape inference + validation of a graph. */
export function analyzeGraph(graph: GraphData, lookup: LayerLookup = layerLookup): GraphAnalysis {
  return new Analyzer(lookup).update(graph);
}

export type { LayerLookup, ParsedParams } from './params';
export type * from './types';
