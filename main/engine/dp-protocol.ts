/** Messages between the data-parallel coordinator (data-parallel.ts) and its replicas (dp-worker.ts). */
import type { GraphData } from '../../shared/graph/types';
import type { BackendPreference } from './backend';
import type { HeadLoss } from './model';
import type { OptimizerConfig } from './optimizers';

/** Model weights flattened in model.weights order (trainable and non-trainable). */
export interface WeightBlob {
  names: string[];
  shapes: number[][];
  values: Float32Array;
}

export interface DPShared {
  /** Int32: [arrived, generation, abort] for the replicas' barrier. */
  ctrl: SharedArrayBuffer;
  /** Float32 batch inputs, maxBatch × prod(inputShape). */
  x: SharedArrayBuffer;
  /** Float32 labels, maxBatch × labelSize (class index, or target values). */
  y: SharedArrayBuffer;
  /** Int32, replicas: samples in each replica's shard this step. */
  counts: SharedArrayBuffer;
}

export interface DPInit {
  index: number;
  replicas: number;
  graph: GraphData;
  /** Loss per head (plain data: functions cannot cross to a worker). */
  loss: { heads: HeadLoss[] };
  optimizer: OptimizerConfig;
  backend: BackendPreference;
  inputShape: number[];
  labelSize: number;
  weightDecay: number;
  shared: DPShared;
}

export type DPRequest =
  /** Float32, replicas × slotSize: each replica's gradients then non-trainable state (sized after 'ready'). */
  | { type: 'attach'; id: number; slots: SharedArrayBuffer; slotSize: number }
  | { type: 'setWeights'; id: number; weights: WeightBlob }
  | { type: 'step'; id: number; total: number; lr?: number }
  | { type: 'getWeights'; id: number }
  | { type: 'predict'; id: number; x: Float32Array; count: number }
  | { type: 'close' };

export type DPResponse =
  | { type: 'ready'; backend: string; device: string; slotSize: number; outputShapes: number[][]; weights?: WeightBlob }
  | { type: 'ack'; id: number }
  /** ms: [forward+backward, waiting at the barrier, averaging+update] of this replica's step. */
  | { type: 'done'; id: number; lossSum: number; correct: number; ms: [number, number, number]; numTensors: number }
  | { type: 'weights'; id: number; weights: WeightBlob }
  | { type: 'predicted'; id: number; outputs: Float32Array[] }
  | { type: 'error'; id: number; message: string };
