import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/infer';
import type { GraphData } from '../../../shared/graph/types';
import { buildPreset, presetNames } from '../../../shared/presets';
import { computeReference, peersRequired } from './reference';

/**
 * Trainable parameters, output shape, feature-map shape and MACs of every preset against the real
 * definitions: torchvision's models (and LeNet-5 / NiN written from their papers in the same script),
 * computed by Debian's PyTorch when the test runs — no numbers are copied in here.
 */
const ref = computeReference();
if (!ref.ok && ref.missingPeer && !peersRequired) console.warn(`[presets/torchvision] SKIPPED: ${ref.reason}`);

// A missing peer skips (reason printed above) unless CI requires peers; a crashing script always fails.
if (!ref.ok && (peersRequired || !ref.missingPeer))
  describe('reference peer', () => {
    it('PyTorch reference is available and runs', () => {
      expect.fail(ref.reason);
    });
  });

/** The node feeding the last GlobalAveragePooling2D (else Flatten): what PyTorch's final pool sees. */
function featureNode(graph: GraphData, order: string[]): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const pools = order.filter((id) => byId.get(id)!.type === 'GlobalAveragePooling2D');
  const tail = pools.length ? pools : order.filter((id) => byId.get(id)!.type === 'Flatten');
  const id = tail[tail.length - 1];
  return graph.edges.find((e) => e.target === id)!.source;
}

describe.runIf(ref.ok).each(presetNames)('preset %s vs PyTorch', (name) => {
  const models = ref.ok ? ref.models : {};
  const { graph } = buildPreset(name);
  const analysis = analyzeGraph(graph);

  it('has exactly the trainable parameters of the reference', () => {
    expect(analysis.totals.trainableParams).toBe(models[name].trainable);
  });

  it('produces the same logits and feature-map shapes', () => {
    const sink = graph.nodes.find((n) => !graph.edges.some((e) => e.source === n.id))!;
    expect(analysis.nodes.get(sink.id)!.outputShape).toEqual(models[name].logits);
    const [c, h, w] = models[name].features;
    expect(analysis.nodes.get(featureNode(graph, analysis.order))!.outputShape).toEqual([h, w, c]);
  });

  it('counts the same conv + dense multiply-accumulates', () => {
    expect(analysis.totals.macs).toBe(models[name].macs);
  });
});

describe('published figures', () => {
  it('LeNet-5 has 61,706 parameters and ResNet-50 ≈ 4.09 G MACs at 224×224', () => {
    expect(analyzeGraph(buildPreset('lenet5').graph).totals.trainableParams).toBe(61_706);
    const macs = analyzeGraph(buildPreset('resnet50').graph).totals.macs;
    expect(macs / 1e9).toBeCloseTo(4.09, 2);
  });
});
