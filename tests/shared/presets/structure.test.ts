import { describe, expect, it } from 'vitest';
import { blockTemplates } from '../../../shared/blocks';
import { analyzeGraph } from '../../../shared/infer';
import { buildPreset, presetInfo, presetNames } from '../../../shared/presets';
import { overlapping, topoOrder } from '../blocks/helpers';

const ZOO = [
  'lenet5', 'alexnet', 'vgg11', 'vgg16', 'vgg19', 'nin', 'googlenet', 'inception_v3', 'resnet18', 'resnet34',
  'resnet50', 'resnet101', 'resnet152', 'squeezenet1_0', 'squeezenet1_1', 'mobilenet_v2', 'densenet121',
];

describe('model zoo: catalogue', () => {
  it('lists exactly the zoo, each with info', () => {
    expect([...presetNames].sort()).toEqual([...ZOO].sort());
    for (const name of presetNames) {
      const info = presetInfo(name)!;
      expect(info.title.length, name).toBeGreaterThan(2);
      expect(info.description.length, name).toBeGreaterThan(60);
      expect(info.paper, name).toMatch(/\d{4}/);
      const input = buildPreset(name).graph.nodes.find((n) => n.type === 'Input')!;
      expect(input.params.shape, name).toEqual(info.inputShape);
    }
    expect(presetInfo('lenet5')!.dataset).toBe('mnist');
    expect(presetInfo('inception_v3')!.inputShape).toEqual([299, 299, 3]);
    expect(presetInfo('resnet50')!.inputShape).toEqual([224, 224, 3]);
    expect(presetInfo('nope')).toBeUndefined();
    expect(presetInfo('__proto__')).toBeUndefined();
  });

  it('unknown names throw an error listing the valid ones', () => {
    expect(() => buildPreset('resnet51')).toThrow(/Unknown preset 'resnet51'. Valid presets: lenet5, alexnet, .*densenet121/);
    expect(() => buildPreset('toString')).toThrow(/Unknown preset/);
  });

  it('returns a fresh graph each time', () => {
    const a = buildPreset('lenet5').graph;
    a.nodes[1].params.filters = 99;
    expect(buildPreset('lenet5').graph.nodes[1].params.filters).toBe(6);
  });
});

describe.each(ZOO)('preset %s: document structure', (name) => {
  const { graph } = buildPreset(name);

  it('has unique ids, edges between existing nodes, one port per input, no cycle, one Input', () => {
    const ids = [...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id), ...graph.groups.map((g) => g.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const nodes = new Set(graph.nodes.map((n) => n.id));
    for (const e of graph.edges) expect(nodes.has(e.source) && nodes.has(e.target), e.id).toBe(true);
    const ports = graph.edges.map((e) => `${e.target}:${e.targetPort}`);
    expect(new Set(ports).size).toBe(ports.length);
    expect(topoOrder(graph.nodes, graph.edges)).toHaveLength(graph.nodes.length);
    expect(graph.nodes.filter((n) => n.type === 'Input')).toHaveLength(1);
    // One sink: the classifier output.
    const sources = new Set(graph.edges.map((e) => e.source));
    expect(graph.nodes.filter((n) => !sources.has(n.id))).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it('analyses with no issue at all (no errors, no warnings) and a known output shape everywhere', () => {
    const a = analyzeGraph(graph);
    expect(a.issues).toEqual([]);
    expect(a.order).toHaveLength(graph.nodes.length);
    for (const n of graph.nodes) expect(a.nodes.get(n.id)!.outputShape, n.id).not.toBeNull();
  });

  it('is laid out top to bottom without overlaps', () => {
    expect(overlapping(graph.nodes)).toEqual([]);
    const y = new Map(graph.nodes.map((n) => [n.id, n.position.y]));
    for (const e of graph.edges) expect(y.get(e.target)!, e.id).toBeGreaterThan(y.get(e.source)!);
  });

  it('uses composite blocks as collapsed groups of known templates', () => {
    const nodes = new Set(graph.nodes.map((n) => n.id));
    const member = new Set<string>();
    for (const g of graph.groups) {
      expect(g.collapsed, g.id).toBe(true);
      expect(blockTemplates.has(g.block!.template), g.block!.template).toBe(true);
      for (const id of g.nodeIds) {
        expect(nodes.has(id), id).toBe(true);
        expect(member.has(id), `${id} in two groups`).toBe(false);
        member.add(id);
      }
    }
    if (!['lenet5', 'alexnet'].includes(name)) expect(graph.groups.length).toBeGreaterThan(0);
  });
});

describe('model zoo: architecture details', () => {
  const types = (name: string, type: string) => buildPreset(name).graph.nodes.filter((n) => n.type === type);
  const group = (name: string, template: string) => buildPreset(name).graph.groups.filter((g) => g.block?.template === template);

  it('ResNets have the block counts of the paper and projections only at stage entries', () => {
    const expected = { resnet18: [8, 3], resnet34: [16, 3], resnet50: [16, 4], resnet101: [33, 4], resnet152: [50, 4] };
    for (const [name, [blocks, projections]] of Object.entries(expected)) {
      expect(buildPreset(name).graph.groups).toHaveLength(blocks);
      // Basic nets: stages 2–4 change stride/width; bottleneck nets also project in stage 1 (64 → 256).
      expect(buildPreset(name).graph.nodes.filter((n) => n.id.endsWith('_proj_conv'))).toHaveLength(projections);
    }
  });

  it('GoogLeNet: nine torchvision-style inception modules; DenseNet-121: 6/12/24/16 layers', () => {
    const inc = group('googlenet', 'Inception');
    expect(inc.map((g) => g.id)).toEqual(['inception3a', 'inception3b', 'inception4a', 'inception4b', 'inception4c', 'inception4d', 'inception4e', 'inception5a', 'inception5b']);
    expect(inc.every((g) => g.block!.params.fiveKernel === 3 && g.block!.params.batchNorm === true)).toBe(true);
    expect(group('densenet121', 'DenseBlock').map((g) => g.block!.params.numLayers)).toEqual([6, 12, 24, 16]);
    expect(group('mobilenet_v2', 'InvertedResidual')).toHaveLength(17);
    expect(group('squeezenet1_0', 'Fire')).toHaveLength(8);
    expect(group('squeezenet1_1', 'Fire')).toHaveLength(8);
    expect(group('nin', 'MlpConv')).toHaveLength(3);
  });

  it('ImageNet classifiers end in a 1000-way softmax; NiN and SqueezeNet use no dense layer at all', () => {
    for (const name of ZOO.filter((n) => !['lenet5', 'nin'].includes(n))) {
      const { graph } = buildPreset(name);
      const last = graph.nodes.find((n) => !graph.edges.some((e) => e.source === n.id))!;
      expect(last.params.activation, name).toBe('softmax');
      if (last.type === 'Dense') expect(last.params.units, name).toBe(1000);
    }
    expect(types('nin', 'Dense')).toHaveLength(0);
    expect(types('squeezenet1_1', 'Dense')).toHaveLength(0);
    expect(types('nin', 'GlobalAveragePooling2D')).toHaveLength(1);
  });

  it('PyTorch padding that TF "same" would misplace becomes explicit ZeroPadding2D + valid', () => {
    const conv1 = buildPreset('alexnet').graph.nodes.find((n) => n.id === 'conv1')!;
    expect(conv1.params).toMatchObject({ filters: 64, kernelSize: 11, strides: 4, padding: 'valid' });
    expect(buildPreset('alexnet').graph.nodes.find((n) => n.id === 'conv1_pad')!.params).toEqual({ padding: [2, 2] });
    for (const name of ['resnet50', 'googlenet', 'densenet121', 'mobilenet_v2'])
      for (const n of types(name, 'Conv2D').concat(types(name, 'DepthwiseConv2D')))
        if (n.params.strides !== 1 && (n.params.kernelSize as number) > 1) expect(n.params.padding, `${name} ${n.id}`).toBe('valid');
  });
});
