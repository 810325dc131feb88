import type { GraphEdge, GraphNode } from '../graph/types';

/**
 * Channel (last-axis) arithmetic of the layers blocks and presets use. Enough to feed `inputChannels` to
 * the next block without running full shape inference (which lives in shared/infer).
 */
export function layerOutputChannels(type: string, params: Record<string, unknown>, inputs: number[]): number {
  const first = inputs[0] ?? NaN;
  switch (type) {
    case 'Input':
      return lastOf(params.shape);
    case 'Conv1D':
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'Conv2DTranspose':
      return Number(params.filters);
    case 'DepthwiseConv2D':
      return first * Number(params.depthMultiplier ?? 1);
    case 'Dense':
      return Number(params.units);
    case 'Reshape':
      return lastOf(params.targetShape);
    case 'Concatenate':
      return inputs.reduce((a, b) => a + b, 0);
    case 'Add':
    case 'Subtract':
    case 'Multiply':
    case 'Average':
    case 'Maximum':
      return Math.max(...inputs); // broadcasting merges keep the wider side
    default:
      return first;
  }
}

function lastOf(v: unknown): number {
  return Array.isArray(v) && v.length > 0 ? Number(v[v.length - 1]) : NaN;
}

/**
 * Output channels of `output` in a fragment whose external input (channels `inputChannels`) enters the
 * nodes in `inputs` at port 0. Nodes must be listed in topological order (expansions are).
 */
export function fragmentOutputChannels(
  nodes: Pick<GraphNode, 'id' | 'type' | 'params'>[],
  edges: Pick<GraphEdge, 'source' | 'target' | 'targetPort'>[],
  inputs: string[],
  output: string,
  inputChannels: number,
): number {
  const channels = new Map<string, number>();
  for (const n of nodes) {
    const ins: number[] = [];
    if (inputs.includes(n.id)) ins[0] = inputChannels;
    for (const e of edges) if (e.target === n.id) ins[e.targetPort] = channels.get(e.source) ?? NaN;
    channels.set(n.id, layerOutputChannels(n.type, n.params, ins.map((c) => c ?? NaN)));
  }
  return channels.get(output) ?? NaN;
}
