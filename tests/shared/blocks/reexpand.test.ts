import { describe, expect, it } from 'vitest';
import { instantiateBlock, reexpandBlock } from '../../../shared/blocks';
import { buildPreset } from '../../../shared/presets';
import { overlapping, topoOrder } from './helpers';

describe('reexpandBlock', () => {
  it('rebuilds a block in place with new params, keeping its id, name, place and connections', () => {
    const { graph } = buildPreset('resnet18');
    const before = graph.groups.find((g) => g.id === 'layer4_1')!;
    const top = Math.min(...graph.nodes.filter((n) => before.nodeIds.includes(n.id)).map((n) => n.position.y));
    const { graph: next, instance } = reexpandBlock(graph, 'layer4_1', { filters: 256 }, 512);
    expect(instance.group).toMatchObject({ id: 'layer4_1', name: 'layer4_1', collapsed: true, block: { template: 'ResidualBasic', params: { filters: 256, strides: 1 } } });
    // 512 → 256 channels: the projection shortcut appears.
    expect(next.nodes.some((n) => n.id === 'layer4_1_proj_conv')).toBe(true);
    expect(Math.min(...instance.nodes.map((n) => n.position.y))).toBe(top);
    // Still fed by the previous block and feeding the pool.
    const into = next.edges.filter((e) => instance.inputs.includes(e.target) && !instance.nodes.some((n) => n.id === e.source));
    expect(into.map((e) => e.source)).toEqual(['layer4_0_relu', 'layer4_0_relu']);
    expect(next.edges.find((e) => e.target === 'avgpool')!.source).toBe(instance.output);
    const ids = [...next.nodes.map((n) => n.id), ...next.edges.map((e) => e.id), ...next.groups.map((g) => g.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(topoOrder(next.nodes, next.edges)).toHaveLength(next.nodes.length);
    const nodeIds = new Set(next.nodes.map((n) => n.id));
    for (const e of next.edges) expect(nodeIds.has(e.source) && nodeIds.has(e.target)).toBe(true);
    expect(next.groups.filter((g) => g.id === 'layer4_1')).toHaveLength(1);
    expect(overlapping(instance.nodes)).toEqual([]);
    // The input document is untouched.
    expect(graph.nodes.some((n) => n.id === 'layer4_1_proj_conv')).toBe(false);
  });

  it('refuses unknown groups, plain groups and bad params', () => {
    const inst = instantiateBlock('Fire', {}, { idPrefix: 'f', inputChannels: 8, position: { x: 0, y: 0 } });
    const graph = { nodes: inst.nodes, edges: inst.edges, groups: [inst.group, { id: 'plain', name: 'mine', nodeIds: [], collapsed: false }] };
    expect(() => reexpandBlock(graph, 'zz', {}, 8)).toThrow(/No group 'zz'/);
    expect(() => reexpandBlock(graph, 'plain', {}, 8)).toThrow(/'mine' is not a template block/);
    expect(() => reexpandBlock(graph, 'f', { squeeze: 0 }, 8)).toThrow(/Invalid params for block 'Fire'/);
  });
});
