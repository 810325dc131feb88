import type { GraphData, GraphEdge, GraphNode } from '../../../shared/graph/types';

export function node(id: string, type: string, params: Record<string, unknown> = {}, name?: string): GraphNode {
  const n: GraphNode = { id, type, params, position: { x: 0, y: 0 } };
  if (name !== undefined) n.name = name;
  return n;
}

export function edge(source: string, target: string, targetPort = 0, id = `${target}_in${targetPort}`): GraphEdge {
  return { id, source, target, targetPort };
}

/** input → conv1 → pool1 → conv2 → flatten → fc, LeNet-like, 28×28×1. */
export function lenetLike(): GraphData {
  return {
    nodes: [
      node('input', 'Input', { shape: [28, 28, 1] }),
      node('conv1', 'Conv2D', { filters: 6, kernelSize: 5, strides: 1, padding: 'same', useBias: true }),
      node('pool1', 'MaxPooling2D', { poolSize: 2, padding: 'valid' }),
      node('conv2', 'Conv2D', { filters: 16, kernelSize: 5, strides: 1, padding: 'valid', useBias: true }),
      node('flatten', 'Flatten'),
      node('fc', 'Dense', { units: 10, useBias: true }),
    ],
    edges: [edge('input', 'conv1'), edge('conv1', 'pool1'), edge('pool1', 'conv2'), edge('conv2', 'flatten'), edge('flatten', 'fc')],
    groups: [],
  };
}

/** A residual merge whose two sides disagree: [14,14,128] from conv3_2 vs [28,28,64] from pool2. */
export function badResidual(): GraphData {
  return {
    nodes: [
      node('input', 'Input', { shape: [56, 56, 64] }),
      node('pool2', 'MaxPooling2D', { poolSize: 2, padding: 'valid' }),
      node('conv3_1', 'Conv2D', { filters: 128, kernelSize: 3, strides: 2, padding: 'same', useBias: false }),
      node('conv3_2', 'Conv2D', { filters: 128, kernelSize: 3, strides: 1, padding: 'same', useBias: false }),
      node('res3_add', 'Add'),
    ],
    edges: [edge('input', 'pool2'), edge('pool2', 'conv3_1'), edge('conv3_1', 'conv3_2'), edge('conv3_2', 'res3_add', 0), edge('pool2', 'res3_add', 1)],
    groups: [],
  };
}
