/**
 * Capability checks: every target lists what it cannot express by node name with an alternative, and
 * exportCode refuses (ok: false) instead of emitting code that silently differs. Also the registry.
 */
import { describe, expect, it } from 'vitest';
import { exporters, formatReport, getExporter } from '../../../shared/export/index';
import { createProject, type NetwrightProject } from '../../../shared/format/index';
import type { GraphData, GraphNode } from '../../../shared/graph/types';

/** Input → the given layers in a chain → Dense(3); `name` on the special node. */
function chain(input: number[], layers: { type: string; params?: Record<string, unknown>; name?: string }[]): NetwrightProject {
  const nodes: GraphNode[] = [{ id: 'in', type: 'Input', params: { shape: input }, position: { x: 0, y: 0 } }];
  const edges: GraphData['edges'] = [];
  let prev = 'in';
  layers.forEach((l, i) => {
    const id = `n${i}`;
    nodes.push({ id, type: l.type, params: l.params ?? {}, position: { x: 0, y: 0 }, ...(l.name ? { name: l.name } : {}) });
    edges.push({ id: `e${i}`, source: prev, target: id, targetPort: 0 });
    prev = id;
  });
  return createProject({ nodes, edges, groups: [] });
}

const lrn = chain([8, 8, 4], [{ type: 'LRN', params: { depthRadius: 2 }, name: 'norm1' }, { type: 'Flatten' }, { type: 'Dense', params: { units: 3 } }]);

describe('code export registry', () => {
  it('lists the three code targets with label and language', () => {
    expect(exporters.map((e) => [e.id, e.language])).toEqual([
      ['pytorch', 'python'],
      ['keras', 'python'],
      ['tfjs-code', 'typescript'],
    ]);
    expect(getExporter('keras')?.label).toBe('Keras');
    expect(getExporter('onnx')).toBeUndefined();
  });

  it('suggests file names from the project name', () => {
    const p = { ...lrn, meta: { name: 'My Net' } };
    expect(getExporter('pytorch')!.fileName(p)).toBe('my_net.py');
    expect(getExporter('keras')!.fileName(p)).toBe('my_net_keras.py');
    expect(getExporter('tfjs-code')!.fileName(p)).toBe('my_net.ts');
  });
});

describe('capability checks', () => {
  it('Keras refuses LRN by node name with the nearest alternative; PyTorch and TF.js express it', () => {
    const report = getExporter('keras')!.check(lrn);
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({ nodeId: 'n0', nodeName: 'norm1', type: 'LRN' });
    expect(report[0].alternative).toMatch(/local_response_normalization|BatchNormalization/);
    const refused = getExporter('keras')!.exportCode(lrn);
    expect(refused).toEqual({ ok: false, report });
    expect(getExporter('pytorch')!.exportCode(lrn).ok).toBe(true);
    const tfjs = getExporter('tfjs-code')!.exportCode(lrn);
    expect(tfjs.ok && tfjs.code).toContain('class LRN extends tf.layers.Layer');
  });

  it('TF.js refuses MultiHeadAttention and GRU with resetAfter; Keras and PyTorch export them', () => {
    const nodes: GraphNode[] = [
      { id: 'in', type: 'Input', params: { shape: [6, 8] }, position: { x: 0, y: 0 } },
      { id: 'att', type: 'MultiHeadAttention', params: { numHeads: 2, keyDim: 4 }, position: { x: 0, y: 0 } },
      { id: 'gru', type: 'GRU', params: { units: 5, resetAfter: true }, position: { x: 0, y: 0 } },
    ];
    const edges = [
      { id: 'a', source: 'in', target: 'att', targetPort: 0 },
      { id: 'b', source: 'in', target: 'att', targetPort: 1 },
      { id: 'c', source: 'att', target: 'gru', targetPort: 0 },
    ];
    const p = createProject({ nodes, edges, groups: [] });
    expect(getExporter('tfjs-code')!.check(p).map((i) => i.nodeId)).toEqual(['att', 'gru']);
    expect(getExporter('keras')!.check(p)).toEqual([]);
    expect(getExporter('pytorch')!.check(p)).toEqual([]);
  });

  it('PyTorch and Keras refuse bilinear UpSampling2D (TF.js resize semantics) but TF.js keeps it', () => {
    const p = chain([4, 4, 2], [{ type: 'UpSampling2D', params: { interpolation: 'bilinear' } }, { type: 'Flatten' }, { type: 'Dense', params: { units: 3 } }]);
    for (const id of ['pytorch', 'keras']) {
      const r = getExporter(id)!.exportCode(p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.report[0]).toMatchObject({ nodeId: 'n0', type: 'UpSampling2D', alternative: expect.stringContaining('nearest') });
    }
    expect(getExporter('tfjs-code')!.check(p)).toEqual([]);
  });

  it('TF.js refuses ELU with alpha ≠ 1 (tfjs-layers throws NotImplemented); PyTorch and Keras keep it', () => {
    const p = chain([4], [{ type: 'ELU', params: { alpha: 0.5 }, name: 'soft_elu' }, { type: 'Dense', params: { units: 3 } }]);
    expect(getExporter('tfjs-code')!.check(p)).toEqual([expect.objectContaining({ nodeName: 'soft_elu', alternative: expect.stringContaining('alpha 1') })]);
    expect(getExporter('pytorch')!.check(p)).toEqual([]);
    expect(getExporter('keras')!.check(p)).toEqual([]);
  });

  it('PyTorch refuses settings torch modules cannot express: BN with only one of center/scale, RNN dropout', () => {
    const bn = chain([4, 4, 2], [{ type: 'BatchNormalization', params: { center: false } }, { type: 'Flatten' }, { type: 'Dense', params: { units: 3 } }]);
    expect(getExporter('pytorch')!.check(bn)[0]).toMatchObject({ nodeId: 'n0', message: expect.stringContaining('affine') });
    const rnn = chain([5, 3], [{ type: 'LSTM', params: { units: 4, dropout: 0.2 } }, { type: 'Dense', params: { units: 3 } }]);
    expect(getExporter('pytorch')!.check(rnn)[0]).toMatchObject({ nodeId: 'n0', alternative: expect.stringContaining('Dropout') });
  });

  it('every target refuses an invalid graph, naming the node and the shape error', () => {
    const bad = chain([4, 4, 2], [{ type: 'Conv2D', params: { kernelSize: 7 }, name: 'too_big' }, { type: 'Flatten' }, { type: 'Dense', params: { units: 3 } }]);
    for (const e of exporters) {
      const r = e.exportCode(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.report[0]).toMatchObject({ nodeName: 'too_big' });
        expect(r.report[0].message).toMatch(/^invalid graph: .*larger than/);
      }
    }
  });

  it('formats a report one line per issue, with the alternative', () => {
    const text = formatReport('Keras', getExporter('keras')!.check(lrn));
    expect(text).toBe(
      'Keras cannot express this graph exactly (1 issue):\n  ✗ norm1 (LRN): Keras has no local response normalisation layer — try: BatchNormalization, or a Lambda layer with tf.nn.local_response_normalization (not portable to Keras 3 backends)',
    );
  });
});

describe('PyTorch code structure', () => {
  it('names modules after nodes, makes one-input/one-output blocks classes, and keeps softmax', async () => {
    const { presetProject } = await import('../../../main/cli/source');
    const r = getExporter('pytorch')!.exportCode(presetProject('resnet18'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.code).toContain('class ResidualBasic(nn.Module):');
    expect(r.code).toContain('self.layer1_0 = ResidualBasic()');
    expect(r.code).toContain('self.layer1_1 = ResidualBasic()'); // identical bodies share one class
    expect(r.code).toMatch(/nn\.BatchNorm2d\(64, eps=0\.00001, momentum=0\.1\)/); // 1 - Keras 0.9
    const lenet = getExporter('pytorch')!.exportCode(presetProject('lenet5'));
    expect(lenet.ok && lenet.code).toContain('flatten = pool2.permute(0, 2, 3, 1).flatten(1)');
    expect(lenet.ok && lenet.code).toContain('F.softmax(self.fc3(fc2), dim=-1)');
  });

  it('pads asymmetrically like TF for even kernels under padding same', () => {
    const p = chain([6, 6, 1], [{ type: 'Conv2D', params: { filters: 2, kernelSize: 2, padding: 'same' } }, { type: 'MaxPooling2D', params: { poolSize: 3, strides: 2, padding: 'same' } }, { type: 'Flatten' }, { type: 'Dense', params: { units: 3 } }]);
    const r = getExporter('pytorch')!.exportCode(p);
    expect(r.ok && r.code).toContain('self.n0(F.pad(x, (0, 1, 0, 1)))');
    expect(r.ok && r.code).toContain('F.max_pool2d(F.pad(n0, (0, 1, 0, 1), value=float("-inf")), 3, 2)');
  });

  it('bakes the training settings into the script', () => {
    const r = getExporter('pytorch')!.exportCode(lrn, { training: { optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true }, schedule: { type: 'cosine', warmupEpochs: 1 }, epochs: 3, batchSize: 32, seed: 7 } });
    expect(r.ok && r.code).toContain('DEFAULTS = dict(data="", epochs=3, batch_size=32, lr=0.05, seed=7)');
    expect(r.ok && r.code).toContain('OPTIMIZER = dict(type="sgd", momentum=0.9, nesterov=True, weight_decay=0)');
    expect(r.ok && r.code).toContain('SCHEDULE = dict(type="cosine", step_size=1, gamma=0.1, warmup_epochs=1)');
  });
});
