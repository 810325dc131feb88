import { describe, expect, it } from 'vitest';
import { createProject, loadProject, serializeProject } from '../../../shared/format';
import { convBnAct } from '../../../shared/blocks/expansion';
import { PresetBuilder } from '../../../shared/presets/builder';
import { buildPreset, presetNames } from '../../../shared/presets';

describe('PresetBuilder', () => {
  it('chains layers, inlines helper fragments and tracks channels through blocks', () => {
    const b = new PresetBuilder();
    let x = b.input([32, 32, 3]);
    x = b.inline(x, (e, i) => convBnAct(e, 'stem', i, { filters: 16, kernel: 3, stride: 2, pad: 1 }, { epsilon: 1e-5 }));
    expect(x).toEqual({ id: 'stem_relu', channels: 16 });
    x = b.block('fire1', 'Fire', { squeeze: 4, expand1x1: 8, expand3x3: 12 }, x);
    expect(x).toEqual({ id: 'fire1_concat', channels: 20 });
    x = b.chain(x, [
      ['gap', 'GlobalAveragePooling2D', {}],
      ['fc', 'Dense', { units: 5 }],
    ]);
    expect(x.channels).toBe(5);
    const g = b.build();
    expect(g.nodes.map((n) => n.id).slice(0, 5)).toEqual(['input', 'stem_conv_pad', 'stem_conv', 'stem_bn', 'stem_relu']);
    // Params come out normalised (catalog defaults filled in).
    expect(g.nodes.find((n) => n.id === 'fc')!.params).toMatchObject({ units: 5, activation: 'linear', useBias: true });
    expect(g.groups.map((gr) => gr.id)).toEqual(['fire1']);
  });

  it('refuses duplicate ids and params the layer does not accept', () => {
    const b = new PresetBuilder();
    const x = b.input([8, 8, 1]);
    b.layer('a', 'Flatten', {}, x);
    expect(() => b.layer('a', 'Flatten', {}, x)).toThrow(/duplicate node id 'a'/);
    b.layer('fire', 'Flatten', {}, x);
    expect(() => b.block('fire', 'Fire', {}, x)).toThrow(/block id 'fire' is already taken/);
    b.layer('bad', 'Dense', { unitz: 3 }, x);
    expect(() => b.build()).toThrow(/Dense params .* rejected: unitz: unknown Dense param 'unitz'/);
  });
});

describe('presets through the project file format', () => {
  it('every preset saves and loads back unchanged, without warnings', () => {
    for (const name of presetNames) {
      const { graph } = buildPreset(name);
      const loaded = loadProject(serializeProject(createProject(graph)));
      expect(loaded.ok, name).toBe(true);
      if (!loaded.ok) continue;
      expect(loaded.warnings, name).toEqual([]);
      expect(loaded.project.graph.nodes.map((n) => n.params), name).toEqual(graph.nodes.map((n) => n.params));
      expect(loaded.project.graph.groups, name).toEqual(graph.groups);
    }
  });
});
