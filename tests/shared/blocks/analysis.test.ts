import { describe, expect, it } from 'vitest';
import { blockOutputChannels, blockTemplates, instantiateBlock } from '../../../shared/blocks';
import type { GraphData } from '../../../shared/graph/types';
import { analyzeGraph } from '../../../shared/infer';

/** Input [h, w, c] → block: the whole document the way the editor would build it. */
function withInput(template: string, params: Record<string, unknown>, shape: [number, number, number]): { graph: GraphData; output: string } {
  const inst = instantiateBlock(template, params, { idPrefix: 'blk', inputChannels: shape[2], position: { x: 0, y: 100 } });
  const graph: GraphData = {
    nodes: [{ id: 'in', type: 'Input', params: { shape }, position: { x: 0, y: 0 } }, ...inst.nodes],
    edges: [...inst.edges, ...inst.inputs.map((target, i) => ({ id: `in_e${i}`, source: 'in', target, targetPort: 0 }))],
    groups: [inst.group],
  };
  return { graph, output: inst.output };
}

const analyse = (template: string, params: Record<string, unknown>, shape: [number, number, number]) => {
  const { graph, output } = withInput(template, params, shape);
  const a = analyzeGraph(graph);
  return { a, out: a.nodes.get(output)!.outputShape, errors: a.issues.filter((i) => i.severity === 'error') };
};

describe('blocks under shape inference', () => {
  it('every template with defaults analyses cleanly and has the channels blockOutputChannels predicts', () => {
    for (const name of blockTemplates.keys()) {
      const { out, errors } = analyse(name, {}, [17, 17, 64]);
      expect(errors, name).toEqual([]);
      expect(out![out!.length - 1], name).toBe(blockOutputChannels(name, {}, 64));
    }
  });

  it('residual basic: parameters of both paths, projection included exactly when needed', () => {
    const conv = (k: number, cin: number, cout: number) => k * k * cin * cout;
    const bn = (c: number) => 2 * c;
    for (const [cin, f, s] of [[64, 64, 1], [64, 128, 2], [32, 64, 1]]) {
      const { a, out } = analyse('ResidualBasic', { filters: f, strides: s }, [56, 56, cin]);
      const main = conv(3, cin, f) + bn(f) + conv(3, f, f) + bn(f);
      const proj = s !== 1 || cin !== f ? conv(1, cin, f) + bn(f) : 0;
      expect(a.totals.trainableParams).toBe(main + proj);
      expect(out).toEqual([56 / s, 56 / s, f]);
    }
  });

  it('stride-2 blocks halve the grid like PyTorch (explicit padding, then valid)', () => {
    expect(analyse('ResidualBottleneck', { filters: 128, strides: 2 }, [56, 56, 256]).out).toEqual([28, 28, 512]);
    expect(analyse('InvertedResidual', { filters: 32, strides: 2 }, [56, 56, 24]).out).toEqual([28, 28, 32]);
    expect(analyse('InvertedResidual', { filters: 32, strides: 2 }, [7, 7, 24]).out).toEqual([4, 4, 32]);
    expect(analyse('InceptionV3B', {}, [35, 35, 288]).out).toEqual([17, 17, 768]);
    expect(analyse('DenseTransition', { filters: 128 }, [56, 56, 256]).out).toEqual([28, 28, 128]);
  });

  it('SE block keeps the shape and adds 2·C²/r + C/r + C parameters', () => {
    const { a, out } = analyse('SqueezeExcitation', { ratio: 16 }, [14, 14, 256]);
    expect(out).toEqual([14, 14, 256]);
    expect(a.totals.trainableParams).toBe(256 * 16 + 16 + 16 * 256 + 256);
  });

  it('inception: the 1×1 reduction cuts the 5×5 branch cost ~10× (the classroom arithmetic)', () => {
    const p = { b1x1: 64, b3x3Reduce: 96, b3x3: 128, b5x5Reduce: 16, b5x5: 32, poolProj: 32 };
    const { a } = analyse('Inception', p, [28, 28, 192]);
    const branch = [...a.nodes.entries()].filter(([id]) => id.startsWith('blk_b3_')).reduce((s, [, n]) => s + n.macs, 0);
    const direct = 28 * 28 * 32 * 5 * 5 * 192; // a 5×5 conv straight on the 192 input channels
    expect(direct / branch).toBeGreaterThan(9);
    expect(direct / branch).toBeLessThan(13);
  });
});
