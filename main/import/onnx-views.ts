/**
 * How an ONNX tensor relates to the NHWC tensor of the graph node that produces it. `view[i]` is the
 * semantic axis (0 = batch, 1… = the node's shape) that ONNX axis i holds, or -1 for a unit axis the
 * semantic tensor does not have (keepdims, RNN direction axes). Transposes, Squeeze and Unsqueeze only
 * change the view; ops that need a layout (Conv wants channels first) ask for it, and a Permute layer is
 * added only when the file's layout cannot be read as the graph's.
 */
export type View = number[];

export interface Rec {
  id: string;
  view: View;
  /** A 1-D left pad of the time axis not yet applied: only a Conv1D (as 'causal') may read it. */
  causal?: number;
}

export const identity = (rank: number): View => Array.from({ length: rank }, (_, i) => i);

/** Channels-first view of a channels-last tensor of `rank` (with batch): [0, r−1, 1, …, r−2]. */
export const channelsFirst = (rank: number): View => (rank <= 2 ? identity(rank) : [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)]);

export const sameView = (a: View, b: View) => a.length === b.length && a.every((x, i) => x === b[i]);

export const withoutUnits = (v: View): View => v.filter((a) => a !== -1);

/** The ONNX dims of a tensor seen through `view` (batch as `batch`). */
export function onnxDims(view: View, shape: number[], batch = 1): number[] {
  return view.map((a) => (a === -1 ? 1 : a === 0 ? batch : shape[a - 1]));
}

/**
 * Keras Permute dims (1-based, batch excluded) turning the semantic tensor seen as `have` into one seen
 * as `want` (both over the same ONNX tensor, no unit axes), or null if the batch axis would move.
 */
export function permuteDims(have: View, want: View): number[] | null {
  const inv = new Array<number>(want.length);
  want.forEach((s, i) => (inv[s] = i));
  const dims = inv.map((i) => have[i]);
  if (dims[0] !== 0) return null;
  return dims.slice(1);
}
