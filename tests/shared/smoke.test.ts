import { describe, expect, it } from 'vitest';
import type { GraphData } from '../../shared/graph/types';

describe('skeleton', () => {
  it('graph data is plain JSON', () => {
    const g: GraphData = { nodes: [], edges: [], groups: [] };
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
  });
});
