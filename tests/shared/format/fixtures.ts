/** Small hand-written graphs used by the format tests (real layer types and params). */
export function bareGraph() {
  return {
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [28, 28, 1] } },
      { id: 'c1', type: 'Conv2D', params: { filters: 8, kernelSize: 3 } },
      { id: 'c2', type: 'Conv2D', params: { filters: 8, kernelSize: 3, padding: 'same' } },
      { id: 'add', type: 'Add', params: {} },
      { id: 'flat', type: 'Flatten', params: {} },
      { id: 'out', type: 'Dense', params: { units: 10, activation: 'softmax' } },
    ],
    edges: [
      { source: 'in', target: 'c1', targetPort: 0 },
      { source: 'c1', target: 'c2', targetPort: 0 },
      { source: 'c1', target: 'add', targetPort: 0 },
      { source: 'c2', target: 'add', targetPort: 1 },
      { source: 'add', target: 'flat' },
      { source: 'flat', target: 'out', targetPort: 0 },
    ],
  };
}

export function envelope(): Record<string, unknown> {
  const g = bareGraph();
  return {
    format: 'netwright',
    schemaVersion: 1,
    graph: {
      nodes: g.nodes.map((n, i) => ({ ...n, name: n.id, position: { x: 0, y: i * 100 } })),
      edges: g.edges.map((e, i) => ({ id: `e${i}`, targetPort: 0, ...e })),
      groups: [{ id: 'g1', name: 'Residual', nodeIds: ['c2', 'add'], collapsed: true }],
    },
    blocks: {
      head: {
        name: 'head',
        graph: {
          nodes: [
            { id: 'f', type: 'Flatten', params: {}, position: { x: 0, y: 0 } },
            { id: 'd', type: 'Dense', params: { units: 4 }, position: { x: 0, y: 100 } },
          ],
          edges: [{ id: 'x', source: 'f', target: 'd', targetPort: 0 }],
          groups: [],
        },
        inputs: ['f'],
        outputs: ['d'],
      },
    },
    meta: { name: 'tiny', notes: 'hand-written' },
  };
}

export const text = (v: unknown) => JSON.stringify(v, null, 2);
