import { describe, expect, it } from 'vitest';
import {
  blockOutputChannels,
  blockTemplates,
  getBlockTemplate,
  instantiateBlock,
  needsProjection,
  parseBlockParams,
} from '../../../shared/blocks';
import type { GraphNode } from '../../../shared/graph/types';
import { overlapping, topoOrder } from './helpers';

const at = { x: 100, y: 50 };
const make = (template: string, params: Record<string, unknown>, inputChannels: number) =>
  instantiateBlock(template, params, { idPrefix: 'blk', inputChannels, position: at });
const ofType = (nodes: GraphNode[], type: string) => nodes.filter((n) => n.type === type);

describe('block registry', () => {
  it('has every composite of the catalog, each with a doc and defaults', () => {
    for (const name of ['Inception', 'ResidualBasic', 'ResidualBottleneck', 'SqueezeExcitation', 'Fire', 'DenseBlock', 'InvertedResidual'])
      expect(blockTemplates.has(name), name).toBe(true);
    for (const [name, t] of blockTemplates) {
      expect(t.template).toBe(name);
      expect(getBlockTemplate(name)).toBe(t);
      expect(t.doc.length, `${name} doc`).toBeGreaterThan(120);
      expect(t.paramsSchema.safeParse({}).success, `${name} defaults`).toBe(true);
    }
    expect(getBlockTemplate('Nope')).toBeUndefined();
  });

  it('every template expands to a well-formed, acyclic, connected, non-overlapping fragment', () => {
    for (const name of blockTemplates.keys()) {
      const inst = make(name, {}, 64);
      const ids = new Set(inst.nodes.map((n) => n.id));
      expect(ids.size, name).toBe(inst.nodes.length);
      for (const id of [...ids, ...inst.edges.map((e) => e.id)]) expect(id.startsWith('blk_'), id).toBe(true);
      expect(new Set(inst.edges.map((e) => e.id)).size).toBe(inst.edges.length);
      for (const e of inst.edges) expect(ids.has(e.source) && ids.has(e.target), `${name} ${e.id}`).toBe(true);
      expect(inst.inputs.length, name).toBeGreaterThan(0);
      expect(ids.has(inst.output)).toBe(true);
      const order = topoOrder(inst.nodes, inst.edges);
      // Every node is reachable from the inputs and reaches the output: nothing dangles inside a block.
      const reach = new Set(inst.inputs);
      for (const id of order) if (inst.edges.some((e) => e.target === id && reach.has(e.source))) reach.add(id);
      expect(reach.size, `${name} reachable`).toBe(ids.size);
      const back = new Set([inst.output]);
      for (const id of [...order].reverse()) if (inst.edges.some((e) => e.source === id && back.has(e.target))) back.add(id);
      expect(back.size, `${name} reaches output`).toBe(ids.size);
      expect(overlapping(inst.nodes), name).toEqual([]);
      expect(inst.group).toMatchObject({ id: 'blk', name: 'blk', collapsed: true, block: { template: name } });
      expect(new Set(inst.group.nodeIds)).toEqual(ids);
      expect(Math.min(...inst.nodes.map((n) => n.position.y))).toBe(at.y);
    }
  });

  it('records params with defaults filled, and rejects bad input with specific errors', () => {
    const inst = make('Fire', { squeeze: 8 }, 32);
    expect(inst.group.block).toEqual({ template: 'Fire', params: { squeeze: 8, expand1x1: 64, expand3x3: 64 } });
    expect(() => make('Nope', {}, 3)).toThrow(/Unknown block template 'Nope'. Known templates: Inception, /);
    expect(() => make('Fire', { squeeze: -1 }, 3)).toThrow(/Invalid params for block 'Fire': squeeze:/);
    expect(() => make('Fire', { squeeze: 'x' }, 3)).toThrow(/squeeze/);
    expect(() => make('Fire', { squeez: 8 }, 3)).toThrow(
      "Invalid params for block 'Fire': unknown param 'squeez' (Fire params: squeeze, expand1x1, expand3x3)",
    );
    expect(() => make('Inception', { fiveKernel: 4 }, 3)).toThrow("fiveKernel: must be 5 (paper) or 3 (torchvision)");
    expect(() => make('ResidualBasic', { strides: 3 }, 3)).toThrow(/strides:/);
    expect(() => make('Fire', {}, 0)).toThrow(/inputChannels as a positive integer, got 0/);
    expect(() => instantiateBlock('Fire', {}, { idPrefix: '1 bad', inputChannels: 3, position: at })).toThrow(/idPrefix '1 bad'/);
    expect(parseBlockParams('ResidualBasic', undefined)).toEqual({ filters: 64, strides: 1, bnEpsilon: 1e-5 });
  });

  it('picks a fresh prefix when ids are taken', () => {
    const first = make('Fire', {}, 16);
    const taken = new Set([first.group.id, ...first.nodes.map((n) => n.id), ...first.edges.map((e) => e.id)]);
    const second = instantiateBlock('Fire', {}, { idPrefix: 'blk', inputChannels: 16, position: at, existingIds: taken });
    expect(second.group.id).toBe('blk_2');
    for (const n of second.nodes) expect(taken.has(n.id)).toBe(false);
  });
});

describe('residual blocks', () => {
  const projection = (template: string, params: Record<string, unknown>, cin: number) => {
    const inst = make(template, params, cin);
    const proj = inst.nodes.find((n) => n.id === 'blk_proj_conv');
    const add = inst.nodes.find((n) => n.type === 'Add')!;
    const addInputs = inst.edges.filter((e) => e.target === add.id);
    return { inst, proj, add, addInputs };
  };

  it('basic: projection shortcut exactly when stride ≠ 1 or channels change', () => {
    for (const [cin, filters, strides] of [[64, 64, 1], [64, 128, 2], [64, 64, 2], [128, 64, 1], [3, 64, 1]]) {
      const { inst, proj, add, addInputs } = projection('ResidualBasic', { filters, strides }, cin);
      const expected = strides !== 1 || cin !== filters;
      expect(needsProjection(cin, filters, strides)).toBe(expected);
      expect(Boolean(proj), `${cin}→${filters}/${strides}`).toBe(expected);
      if (proj) {
        expect(proj.params).toMatchObject({ filters, kernelSize: 1, strides, useBias: false });
        expect(inst.nodes.some((n) => n.id === 'blk_proj_bn' && n.type === 'BatchNormalization')).toBe(true);
        expect(addInputs.map((e) => e.source).sort()).toEqual(['blk_conv2_bn', 'blk_proj_bn']);
        const conv1In = strides === 1 ? 'blk_conv1_conv' : 'blk_conv1_conv_pad';
        expect([...inst.inputs].sort()).toEqual([conv1In, 'blk_proj_conv'].sort());
      } else {
        // Identity: the block input enters the Add directly.
        expect(inst.inputs).toContain(add.id);
        expect(addInputs.map((e) => e.source)).toEqual(['blk_conv2_bn']);
      }
      expect(blockOutputChannels('ResidualBasic', { filters, strides }, cin)).toBe(filters);
    }
  });

  it('bottleneck: expands ×4 and projects when input ≠ filters × 4 or stride 2', () => {
    for (const [cin, filters, strides] of [[64, 64, 1], [256, 64, 1], [256, 128, 2], [512, 128, 1], [1024, 256, 1]]) {
      const { proj } = projection('ResidualBottleneck', { filters, strides }, cin);
      expect(Boolean(proj), `${cin}→${filters}×4/${strides}`).toBe(strides !== 1 || cin !== filters * 4);
      expect(blockOutputChannels('ResidualBottleneck', { filters, strides }, cin)).toBe(filters * 4);
    }
    const { inst } = projection('ResidualBottleneck', { filters: 128, strides: 2 }, 256);
    // torchvision v1.5: the stride sits on the 3×3, PyTorch-style padding 1 → explicit zero padding.
    expect(inst.nodes.find((n) => n.id === 'blk_conv2_conv')!.params).toMatchObject({ kernelSize: 3, strides: 2, padding: 'valid' });
    expect(inst.nodes.find((n) => n.id === 'blk_conv2_conv_pad')!.params).toEqual({ padding: [1, 1] });
    expect(inst.nodes.find((n) => n.id === 'blk_conv1_conv')!.params).toMatchObject({ kernelSize: 1, strides: 1 });
  });
});

describe('other composites', () => {
  it('inception output channels = sum of the branches; "5×5" kernel and BN are params', () => {
    const p = { b1x1: 64, b3x3Reduce: 96, b3x3: 128, b5x5Reduce: 16, b5x5: 32, poolProj: 32 };
    expect(blockOutputChannels('Inception', p, 192)).toBe(256);
    expect(blockOutputChannels('Inception', { ...p, b1x1: 10, b3x3: 20, b5x5: 30, poolProj: 40 }, 7)).toBe(100);
    const paper = make('Inception', p, 192);
    const convs = ofType(paper.nodes, 'Conv2D');
    expect(convs).toHaveLength(6);
    expect(convs.map((c) => c.params.kernelSize).sort()).toEqual([1, 1, 1, 1, 3, 5]);
    expect(convs.every((c) => c.params.useBias === true && c.params.activation === 'relu')).toBe(true);
    expect(ofType(paper.nodes, 'BatchNormalization')).toHaveLength(0);
    const concat = ofType(paper.nodes, 'Concatenate')[0];
    expect(paper.edges.filter((e) => e.target === concat.id).map((e) => e.targetPort).sort()).toEqual([0, 1, 2, 3]);
    // The four branches sit side by side right under the input.
    const firstRow = paper.nodes.filter((n) => n.position.y === at.y);
    expect(firstRow).toHaveLength(4);

    const tv = make('Inception', { ...p, fiveKernel: 3, batchNorm: true }, 192);
    const tvConvs = ofType(tv.nodes, 'Conv2D');
    expect(tvConvs.map((c) => c.params.kernelSize).sort()).toEqual([1, 1, 1, 1, 3, 3]);
    expect(tvConvs.every((c) => c.params.useBias === false)).toBe(true);
    const bns = ofType(tv.nodes, 'BatchNormalization');
    expect(bns).toHaveLength(6);
    expect(bns[0].params.epsilon).toBe(0.001);
  });

  it('SE block: squeeze = global pool, excite = two dense (C/r, C), scale = Multiply with the input', () => {
    const inst = make('SqueezeExcitation', { ratio: 16 }, 256);
    expect(ofType(inst.nodes, 'GlobalAveragePooling2D')).toHaveLength(1);
    expect(ofType(inst.nodes, 'Dense').map((d) => [d.params.units, d.params.activation])).toEqual([
      [16, 'relu'],
      [256, 'sigmoid'],
    ]);
    const mul = ofType(inst.nodes, 'Multiply')[0];
    expect(inst.output).toBe(mul.id);
    expect(inst.inputs).toContain(mul.id);
    expect(blockOutputChannels('SqueezeExcitation', {}, 256)).toBe(256);
    expect(ofType(make('SqueezeExcitation', { ratio: 16 }, 8).nodes, 'Dense')[0].params.units).toBe(1);
  });

  it('fire module: squeeze then concatenated 1×1 + 3×3 expands', () => {
    const inst = make('Fire', { squeeze: 16, expand1x1: 64, expand3x3: 64 }, 96);
    expect(inst.inputs).toEqual(['blk_squeeze']);
    expect(blockOutputChannels('Fire', { squeeze: 48, expand1x1: 192, expand3x3: 200 }, 384)).toBe(392);
  });

  it('dense block: n layers of BN-ReLU-1×1(bnSize·k)-BN-ReLU-3×3(k), concatenated', () => {
    const inst = make('DenseBlock', { numLayers: 6, growthRate: 32, bnSize: 4 }, 64);
    expect(ofType(inst.nodes, 'Concatenate')).toHaveLength(6);
    expect(ofType(inst.nodes, 'BatchNormalization')).toHaveLength(12);
    const convs = ofType(inst.nodes, 'Conv2D');
    expect(convs.filter((c) => c.params.kernelSize === 1).every((c) => c.params.filters === 128)).toBe(true);
    expect(convs.filter((c) => c.params.kernelSize === 3).every((c) => c.params.filters === 32 && c.params.padding === 'same')).toBe(true);
    expect(blockOutputChannels('DenseBlock', { numLayers: 6 }, 64)).toBe(64 + 6 * 32);
    expect(blockOutputChannels('DenseBlock', { numLayers: 24, growthRate: 12 }, 10)).toBe(10 + 24 * 12);
  });

  it('inverted residual: expand ×t, depthwise, linear projection, Add only at stride 1 with in = out', () => {
    const same = make('InvertedResidual', { filters: 24, expansion: 6, strides: 1 }, 24);
    expect(ofType(same.nodes, 'Add')).toHaveLength(1);
    expect(ofType(same.nodes, 'Conv2D')[0].params.filters).toBe(144);
    expect(ofType(same.nodes, 'Activation').map((a) => a.params.activation)).toEqual(['relu6', 'relu6']);
    expect(ofType(same.nodes, 'DepthwiseConv2D')[0].params).toMatchObject({ kernelSize: 3, strides: 1, padding: 'same' });
    const down = make('InvertedResidual', { filters: 32, expansion: 6, strides: 2 }, 24);
    expect(ofType(down.nodes, 'Add')).toHaveLength(0);
    expect(ofType(down.nodes, 'ZeroPadding2D')).toHaveLength(1);
    expect(ofType(make('InvertedResidual', { filters: 24, strides: 1 }, 16).nodes, 'Add')).toHaveLength(0);
    const t1 = make('InvertedResidual', { filters: 16, expansion: 1 }, 32);
    expect(ofType(t1.nodes, 'Conv2D')).toHaveLength(1); // projection only: no expand conv when t = 1
  });

  it('Inception-v3 modules have the channel counts of the paper / torchvision', () => {
    expect(blockOutputChannels('InceptionV3A', { poolFeatures: 32 }, 192)).toBe(256);
    expect(blockOutputChannels('InceptionV3B', {}, 288)).toBe(768);
    expect(blockOutputChannels('InceptionV3C', { channels7x7: 160 }, 768)).toBe(768);
    expect(blockOutputChannels('InceptionV3D', {}, 768)).toBe(1280);
    expect(blockOutputChannels('InceptionV3E', {}, 1280)).toBe(2048);
  });
});
