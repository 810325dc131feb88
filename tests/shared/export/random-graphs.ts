/**
 * Seeded random valid graphs for exporter tests: a chain of conv/pool/BN/activation/padding layers with
 * residual (Add) and branch (Concatenate) blocks, odd sizes (so TF 'same' padding is asymmetric), then a
 * head (global pool or flatten → dense). Only graphs that shape inference accepts are returned.
 */
import type { GraphData, GraphGroup, GraphNode } from '../../../shared/graph/types';
import { analyzeGraph } from '../../../shared/infer/index';
// The engine's seeded generator (mulberry32), so these graphs stay the same for a seed.
import { makeRng } from '../../../main/engine/trainer/random';

export interface RandomGraph {
  seed: number;
  graph: GraphData;
}

class Builder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphData['edges'] = [];
  readonly groups: GraphGroup[] = [];
  private n = 0;
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  add(type: string, params: Record<string, unknown>, inputs: string[], name?: string): string {
    const id = `${name ?? type.toLowerCase()}_${++this.n}`;
    this.nodes.push({ id, type, params, position: { x: 0, y: this.n * 60 } });
    inputs.forEach((s, port) => this.edges.push({ id: `e${this.edges.length}`, source: s, target: id, targetPort: port }));
    return id;
  }
  /** Marks the nodes added since `from` as one block group. */
  group(from: number, template: string): void {
    const ids = this.nodes.slice(from).map((n) => n.id);
    this.groups.push({ id: `g${this.groups.length}`, name: `${template.toLowerCase()}_${this.groups.length + 1}`, nodeIds: ids, collapsed: true, block: { template, params: {} } });
  }
}

const ACTS = ['relu', 'relu6', 'elu', 'selu', 'tanh', 'sigmoid', 'swish', 'gelu', 'leakyRelu', 'linear'] as const;

function conv(b: Builder, x: string, filters: number, opts: { stride1?: boolean; same?: boolean } = {}): string {
  const k = b.pick([1, 2, 3, 4, 5]);
  const s = opts.stride1 ? 1 : b.pick([1, 1, 2]);
  const d = s === 1 && b.r() < 0.15 ? 2 : 1;
  const kernelSize = b.r() < 0.2 ? [k, b.pick([1, 2, 3])] : k;
  return b.add('Conv2D', { filters, kernelSize, strides: s, padding: opts.same || b.r() < 0.6 ? 'same' : 'valid', dilationRate: d, activation: b.pick(ACTS), useBias: b.r() < 0.7 }, [x], 'conv');
}

/** One random step on a feature map [h, w, c]; returns the new tip. */
function step(b: Builder, x: string, c: number): { x: string; c: number } {
  const choice = b.int(0, 13);
  switch (choice) {
    case 0:
    case 1: {
      const f = b.int(2, 12);
      return { x: conv(b, x, f), c: f };
    }
    case 2: {
      const pool = b.pick(['MaxPooling2D', 'AveragePooling2D']);
      const k = b.pick([2, 3]);
      return { x: b.add(pool, { poolSize: k, strides: b.pick([null, 1, 2]), padding: b.pick(['same', 'valid']) }, [x], 'pool'), c };
    }
    case 3:
      return { x: b.add('BatchNormalization', { momentum: b.pick([0.99, 0.9]), epsilon: b.pick([0.001, 1e-5]) }, [x], 'bn'), c };
    case 4:
      return { x: b.add('Activation', { activation: b.pick(ACTS) }, [x], 'act'), c };
    case 5: {
      const dm = b.pick([1, 2]);
      return { x: b.add('DepthwiseConv2D', { kernelSize: b.pick([3, 2]), strides: b.pick([1, 2]), padding: 'same', depthMultiplier: dm, useBias: b.r() < 0.5 }, [x], 'dw'), c: c * dm };
    }
    case 6: {
      // Residual block: two same-padded convs back to c channels, added to the input.
      const from = b.nodes.length;
      const y = conv(b, conv(b, x, b.int(2, 8), { stride1: true, same: true }), c, { stride1: true, same: true });
      const out = b.add('Add', {}, [x, y], 'add');
      b.group(from, 'Residual');
      return { x: out, c };
    }
    case 7: {
      // Branch block: 2-3 stride-1 'same' branches concatenated on channels (inception style).
      const from = b.nodes.length;
      const branches: string[] = [];
      let total = 0;
      for (let i = b.int(2, 3); i > 0; i--) {
        if (b.r() < 0.3) {
          branches.push(b.add('MaxPooling2D', { poolSize: 3, strides: 1, padding: 'same' }, [x], 'bpool'));
          total += c;
        } else {
          const f = b.int(1, 6);
          branches.push(conv(b, x, f, { stride1: true, same: true }));
          total += f;
        }
      }
      const out = b.add('Concatenate', { axis: -1 }, branches, 'concat');
      b.group(from, 'Branches');
      return { x: out, c: total };
    }
    case 8: {
      const p = b.pick<unknown>([1, [1, 2], [[0, 1], [1, 0]]]);
      return { x: b.add('ZeroPadding2D', { padding: p }, [x], 'pad'), c };
    }
    case 9:
      return { x: b.add('SeparableConv2D', { filters: b.int(2, 8), kernelSize: 3, padding: 'same', strides: b.pick([1, 2]) }, [x], 'sep'), c: -1 };
    case 10:
      return { x: b.add('Dropout', { rate: 0.3 }, [x], 'drop'), c };
    case 11:
      return { x: b.add('LeakyReLU', { alpha: 0.1 }, [x], 'leaky'), c };
    case 12: {
      const f = b.int(2, 6);
      return { x: b.add('Conv2DTranspose', { filters: f, kernelSize: b.pick([1, 2, 3]), strides: b.pick([1, 2]), padding: b.pick(['same', 'valid']) }, [x], 'deconv'), c: f };
    }
    default:
      return { x: b.add('ReLU', { maxValue: b.pick([null, 6]) }, [x], 'relu'), c };
  }
}

/** Channels of a node's output, read back from the builder when a step could not know it (SeparableConv2D). */
function channelsOf(b: Builder, id: string): number {
  const n = b.nodes.find((m) => m.id === id)!;
  return Number(n.params.filters);
}

function build(seed: number): GraphData {
  const b = new Builder(makeRng(seed));
  const h = b.int(5, 19);
  const w = b.pick([h, b.int(5, 19)]);
  let c = b.int(1, 4);
  let x = b.add('Input', { shape: [h, w, c] }, [], 'input');
  for (let i = b.int(3, 9); i > 0; i--) {
    const s = step(b, x, c);
    x = s.x;
    c = s.c < 0 ? channelsOf(b, x) : s.c;
  }
  if (b.r() < 0.5) {
    x = b.add('GlobalAveragePooling2D', {}, [x], 'gap');
  } else {
    if (b.r() < 0.5) x = b.add('Dense', { units: b.int(2, 6), activation: 'relu' }, [x], 'dense_hwc');
    x = b.add('Flatten', {}, [x], 'flatten');
  }
  if (b.r() < 0.4) x = b.add('BatchNormalization', {}, [x], 'bn_flat');
  b.add('Dense', { units: b.int(2, 10), activation: b.pick(['softmax', 'linear']) }, [x], 'out');
  return { nodes: b.nodes, edges: b.edges, groups: b.groups };
}

/** `count` valid random graphs, trying seeds from `firstSeed` upward. */
export function randomGraphs(count: number, firstSeed = 1): RandomGraph[] {
  const out: RandomGraph[] = [];
  for (let seed = firstSeed; out.length < count && seed < firstSeed + count * 50; seed++) {
    const graph = build(seed);
    const analysis = analyzeGraph(graph);
    if (analysis.issues.some((i) => i.severity === 'error')) continue;
    out.push({ seed, graph });
  }
  return out;
}
