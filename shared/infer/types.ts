import type { Shape } from '../graph/types';
import type { FixHint, ParamCounts } from '../layers/types';

/** What shape inference knows about one node. `outputShape` is null when it cannot be inferred. */
export interface NodeInfo {
  outputShape: Shape | null;
  inputShapes: Shape[];
  params: ParamCounts;
  macs: number;
  /** Output activation size in bytes for one sample (float32). */
  activationBytes: number;
  /** Receptive field (in input pixels) of one output unit, for spatial layers. */
  receptiveField: number | null;
}

export type ErrorCode =
  | 'cycle'
  | 'arity'
  | 'missing-input'
  | 'dangling'
  | 'shape-mismatch'
  | 'invalid-params'
  | 'unknown-type'
  | 'bad-edge'
  | 'no-input'
  | 'no-output';

/**
 * Errors are data. The message names both sides; `fix` is a hint that the validation module turns into an
 * applicable document command (see shared/validate).
 */
export interface GraphIssue {
  code: ErrorCode;
  severity: 'error' | 'warning';
  nodeId?: string;
  edgeId?: string;
  message: string;
  fix?: FixHint;
}

export interface GraphTotals {
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  macs: number;
  activationBytes: number;
}

export interface GraphAnalysis {
  /** Topological order of node ids (nodes on a cycle are omitted). */
  order: string[];
  nodes: Map<string, NodeInfo>;
  issues: GraphIssue[];
  totals: GraphTotals;
}
