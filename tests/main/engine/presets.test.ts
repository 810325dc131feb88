/**
 * Every preset TF.js can express builds into a LayersModel whose trainable parameter count equals the
 * document's own analysis (shared/infer) and torchvision's reference, with the right output shape.
 * The three >100M-parameter VGGs and AlexNet take ~5 s each just to initialise their weights on 2 cores:
 * they run when NETWRIGHT_SLOW_TESTS=1 (CI), and are reported as skipped otherwise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { initBackend } from '../../../main/engine/backend';
import { buildModel, checkTrainable } from '../../../main/engine/model';
import { buildPreset, presetInfo, presetNames } from '../../../shared/presets';
import type { GraphAnalysis } from '../../../shared/infer/types';
import type { GraphData } from '../../../shared/graph/types';

let tf: typeof TF;
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});

/** torchvision's trainable parameter counts (LeNet-5 and NiN from their papers' configurations). */
const REFERENCE: Record<string, number> = {
  lenet5: 61706,
  alexnet: 61100840,
  vgg11: 132863336,
  vgg16: 138357544,
  vgg19: 143667240,
  nin: 966986,
  googlenet: 6624904,
  inception_v3: 23834568,
  resnet18: 11689512,
  resnet34: 21797672,
  resnet50: 25557032,
  resnet101: 44549160,
  resnet152: 60192808,
  squeezenet1_0: 1248424,
  squeezenet1_1: 1235496,
  mobilenet_v2: 3504872,
  densenet121: 7978856,
};
const SLOW = new Set(['alexnet', 'vgg11', 'vgg16', 'vgg19']);
const runSlow = process.env.NETWRIGHT_SLOW_TESTS === '1' || process.env.NETWRIGHT_REQUIRE_PEERS === '1';

type Analyze = (g: GraphData) => GraphAnalysis;
async function loadAnalyzer(): Promise<Analyze | null> {
  try {
    // Another module of the project; resolved at run time so this file type-checks before it lands.
    const spec = '../../../shared/infer/index';
    const mod = (await import(/* @vite-ignore */ spec)) as { analyzeGraph?: Analyze };
    return mod.analyzeGraph ?? null;
  } catch {
    return null;
  }
}

const trainable = (m: TF.LayersModel) => m.trainableWeights.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);

describe('presets → TF.js models', () => {
  it('every preset is trainable in the built-in engine', () => {
    for (const name of presetNames) expect(checkTrainable(buildPreset(name).graph), name).toEqual([]);
  });

  for (const name of presetNames) {
    const slow = SLOW.has(name) && !runSlow;
    it.skipIf(slow)(`${name}: trainable params = analysis = reference; output shape`, async () => {
      const { graph } = buildPreset(name);
      const m = buildModel(tf, graph);
      try {
        const count = trainable(m);
        if (name in REFERENCE) expect(count).toBe(REFERENCE[name]);
        const analyze = await loadAnalyzer();
        if (analyze) expect(count).toBe(analyze(graph).totals.trainableParams);
        else console.warn('shared/infer analyzeGraph not available: compared with the torchvision reference only');
        const classes = name === 'lenet5' || name === 'nin' ? 10 : 1000;
        expect(m.outputs.map((o) => o.shape)).toEqual([[null, classes]]);
        expect(m.inputs[0].shape.slice(1)).toEqual(presetInfo(name)!.inputShape);
        // Layer names are node ids (weights map back to nodes).
        const ids = new Set(graph.nodes.map((n) => n.id));
        for (const l of m.layers) expect(ids.has(l.name), l.name).toBe(true);
      } finally {
        m.dispose();
      }
    }, 60_000);
  }
});

describe('presets back-propagate on wasm (one step, batch 1, finite gradient for every weight)', () => {
  const quick = ['nin', 'squeezenet1_1', 'resnet18', 'googlenet', 'mobilenet_v2'];
  const slow = ['densenet121', 'inception_v3'];
  for (const name of [...quick, ...slow]) {
    it.skipIf(slow.includes(name) && !runSlow)(name, () => {
      const { graph } = buildPreset(name);
      const m = buildModel(tf, graph);
      try {
        const shape = (m.inputs[0].shape as number[]).slice(1);
        const before = tf.memory().numTensors;
        const [bad, n] = tf.tidy(() => {
          const x = tf.randomNormal([1, ...shape]);
          const vars = m.trainableWeights.map((w) => w.read() as TF.Variable);
          const { grads } = tf.variableGrads(() => tf.mean(tf.square(m.apply(x, { training: true }) as TF.Tensor)) as TF.Scalar, vars);
          const nonFinite = Object.values(grads).filter((g) => !Number.isFinite(g.sum().dataSync()[0])).length;
          return [nonFinite, Object.keys(grads).length];
        });
        expect(bad).toBe(0);
        expect(n).toBe(m.trainableWeights.length);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        m.dispose();
      }
    }, 60_000);
  }
});
