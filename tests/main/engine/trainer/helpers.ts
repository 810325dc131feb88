import type { GraphData } from '../../../../shared/graph/types';

/** A chain graph from [type, params] pairs after an Input of the given shape. */
export function chain(shape: number[], layers: [string, Record<string, unknown>][]): GraphData {
  const nodes: GraphData['nodes'] = [{ id: 'in', type: 'Input', params: { shape }, position: { x: 0, y: 0 } }];
  const edges: GraphData['edges'] = [];
  let prev = 'in';
  layers.forEach(([type, params], i) => {
    const id = `n${i}`;
    nodes.push({ id, type, params, position: { x: 0, y: 0 } });
    edges.push({ id: `e${i}`, source: prev, target: id, targetPort: 0 });
    prev = id;
  });
  return { nodes, edges, groups: [] };
}

/** A small MNIST classifier that trains in well under a second per epoch on a few hundred samples. */
export const smallMnist = (extra: [string, Record<string, unknown>][] = []) =>
  chain(
    [28, 28, 1],
    [
      ['Conv2D', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }],
      ['Flatten', {}],
      ...extra,
      ['Dense', { units: 10, activation: 'softmax' }],
    ],
  );
