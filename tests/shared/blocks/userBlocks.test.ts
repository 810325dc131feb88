import { describe, expect, it } from 'vitest';
import { inputPorts, instantiateBlock, instantiateUserBlock, saveSelectionAsBlock } from '../../../shared/blocks';
import type { GraphData } from '../../../shared/graph/types';
import { overlapping } from './helpers';

/** input → a → b → add(a, b)... plus an outside consumer of b and a group around [a, b]. */
function sample(): GraphData {
  const node = (id: string, type: string, y: number, x = 0) => ({ id, type, params: { tag: id }, position: { x, y } });
  return {
    nodes: [
      node('input', 'Input', 0),
      node('a', 'Conv2D', 100),
      node('b', 'Conv2D', 200),
      node('add', 'Add', 300),
      node('side', 'Dense', 300, 300),
      node('end', 'Flatten', 400),
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'a', targetPort: 0 },
      { id: 'e2', source: 'a', target: 'b', targetPort: 0 },
      { id: 'e3', source: 'input', target: 'add', targetPort: 0 },
      { id: 'e4', source: 'b', target: 'add', targetPort: 1 },
      { id: 'e5', source: 'b', target: 'side', targetPort: 0 },
      { id: 'e6', source: 'add', target: 'end', targetPort: 0 },
    ],
    groups: [{ id: 'g', name: 'pair', nodeIds: ['a', 'b'], collapsed: false }],
  };
}

describe('saveSelectionAsBlock', () => {
  it('inputs = nodes fed from outside, outputs = nodes feeding outside; internal edges and groups kept', () => {
    const block = saveSelectionAsBlock(sample(), ['add', 'b', 'a'], '  Residual pair ');
    expect(block.name).toBe('Residual pair');
    expect(block.graph.nodes.map((n) => n.id)).toEqual(['a', 'b', 'add']);
    expect(block.inputs).toEqual(['a', 'add']);
    expect(block.outputs).toEqual(['b', 'add']);
    expect(block.graph.edges.map((e) => e.id)).toEqual(['e2', 'e4']);
    expect(block.graph.groups).toEqual([{ id: 'g', name: 'pair', nodeIds: ['a', 'b'], collapsed: false }]);
    expect(block.graph.nodes[0].position).toEqual({ x: 0, y: 0 });
    // A deep copy: editing the block leaves the document alone.
    block.graph.nodes[0].params.tag = 'changed';
    expect(sample().nodes[1].params.tag).toBe('a');
  });

  it('selected sinks are outputs too; a node fed twice from outside is listed twice', () => {
    const block = saveSelectionAsBlock(sample(), ['add', 'end'], 'tail');
    expect(block.inputs).toEqual(['add', 'add']);
    const inst = instantiateUserBlock(block, { idPrefix: 't', position: { x: 0, y: 0 } });
    expect(inputPorts(inst)).toEqual([
      { nodeId: 't_add', port: 0 },
      { nodeId: 't_add', port: 1 },
    ]);
    expect(block.outputs).toEqual(['end']);
    expect(saveSelectionAsBlock(sample(), ['end'], 'x').outputs).toEqual(['end']);
  });

  it('rejects empty selections, unknown ids and blank names', () => {
    expect(() => saveSelectionAsBlock(sample(), [], 'x')).toThrow(/selection is empty/);
    expect(() => saveSelectionAsBlock(sample(), ['a', 'zz'], 'x')).toThrow(/no node with id 'zz'/);
    expect(() => saveSelectionAsBlock(sample(), ['a'], '  ')).toThrow(/needs a name/);
  });
});

describe('instantiateUserBlock', () => {
  it('round-trips a saved selection with fresh ids, the saved layout and a collapsed group', () => {
    const block = saveSelectionAsBlock(sample(), ['a', 'b', 'add'], 'pair');
    const taken = new Set(['pair', 'pair_a']);
    const inst = instantiateUserBlock(block, { idPrefix: 'pair', position: { x: 500, y: 1000 }, existingIds: taken });
    expect(inst.group).toMatchObject({ id: 'pair_2', name: 'pair', collapsed: true, block: { template: 'user:pair', params: {} } });
    expect(inst.nodes.map((n) => n.id)).toEqual(['pair_2_a', 'pair_2_b', 'pair_2_add']);
    expect(inst.edges.map((e) => [e.source, e.target, e.targetPort])).toEqual([
      ['pair_2_a', 'pair_2_b', 0],
      ['pair_2_b', 'pair_2_add', 1],
    ]);
    expect(inst.inputs).toEqual(['pair_2_a', 'pair_2_add']);
    expect(inst.output).toBe('pair_2_b');
    expect(inst.outputs).toEqual(['pair_2_b', 'pair_2_add']);
    expect(inst.innerGroups).toEqual([{ id: 'pair_2_g', name: 'pair', nodeIds: ['pair_2_a', 'pair_2_b'], collapsed: false, parentId: 'pair_2' }]);
    expect(Math.min(...inst.nodes.map((n) => n.position.y))).toBe(1000);
    expect(inst.nodes.map((n) => n.position.y)).toEqual([1000, 1100, 1200]);
    // The Add gets the external input at its free port 0 (port 1 is fed inside the block).
    expect(inputPorts(inst)).toEqual([
      { nodeId: 'pair_2_a', port: 0 },
      { nodeId: 'pair_2_add', port: 0 },
    ]);
  });

  it('keeps nested template groups and refuses broken blocks', () => {
    const fire = instantiateBlock('Fire', {}, { idPrefix: 'fire2', inputChannels: 96, position: { x: 0, y: 0 } });
    const graph: GraphData = { nodes: fire.nodes, edges: fire.edges, groups: [fire.group] };
    const block = saveSelectionAsBlock(graph, graph.nodes.map((n) => n.id), 'my fire');
    expect(block.inputs).toEqual(['fire2_squeeze']);
    expect(block.outputs).toEqual(['fire2_concat']);
    const inst = instantiateUserBlock(block, { idPrefix: 'u', position: { x: 0, y: 0 } });
    expect(inst.innerGroups[0]).toMatchObject({ id: 'u_fire2', parentId: 'u', block: { template: 'Fire' } });
    expect(overlapping(inst.nodes)).toEqual([]);
    expect(() => instantiateUserBlock({ ...block, outputs: ['nope'] }, { idPrefix: 'u', position: { x: 0, y: 0 } })).toThrow(
      /lists 'nope' as input\/output but has no such node/,
    );
    expect(() =>
      instantiateUserBlock({ name: 'e', graph: { nodes: [], edges: [], groups: [] }, inputs: [], outputs: [] }, { idPrefix: 'u', position: { x: 0, y: 0 } }),
    ).toThrow(/is empty/);
  });
});
