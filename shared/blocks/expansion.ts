import type { Expansion } from './types';

/** Marks "the block's external input" in `ExpansionBuilder.add`. */
export const IN: unique symbol = Symbol('block input');
export type Src = string | typeof IN;

/**
 * Collects the layers of one template expansion. External inputs always enter at port 0, so a caller can
 * connect the upstream node to every id in `inputs` at port 0 (the `Expansion` contract).
 */
export class ExpansionBuilder {
  private readonly nodes: Expansion['nodes'] = [];
  private readonly edges: Expansion['edges'] = [];
  private readonly inputs: string[] = [];
  private readonly ids = new Set<string>();

  add(id: string, type: string, params: Record<string, unknown>, from: Src | Src[]): string {
    if (this.ids.has(id)) throw new Error(`block expansion: duplicate local id '${id}'`);
    this.ids.add(id);
    this.nodes.push({ id, type, params });
    const sources: Src[] = Array.isArray(from) ? from : [from];
    sources.forEach((src, port) => {
      if (src === IN) {
        if (port !== 0) throw new Error(`block expansion: external input must enter '${id}' at port 0`);
        this.inputs.push(id);
      } else {
        if (!this.ids.has(src)) throw new Error(`block expansion: '${id}' reads unknown local node '${src}'`);
        this.edges.push({ source: src, target: id, targetPort: port });
      }
    });
    return id;
  }

  build(output: string): Expansion {
    if (!this.ids.has(output)) throw new Error(`block expansion: output '${output}' is not a node`);
    return { nodes: [...this.nodes], edges: [...this.edges], inputs: [...this.inputs], output };
  }
}

export type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);

export interface TorchConv {
  filters: number;
  kernel: Pair;
  stride?: Pair;
  /** PyTorch-style symmetric zero padding. */
  pad?: Pair;
  bias?: boolean;
  activation?: string;
  depthwise?: boolean;
}

/**
 * A PyTorch convolution in Keras terms. Symmetric padding at stride 1 with an odd kernel is exactly
 * 'same'; any other padding becomes an explicit ZeroPadding2D + 'valid' because TF's 'same' at stride 2
 * pads bottom/right only and would shift every window relative to PyTorch. Returns the conv's id.
 */
export function torchConv(b: ExpansionBuilder, id: string, from: Src, c: TorchConv): string {
  const [kh, kw] = pair(c.kernel);
  const [sh, sw] = pair(c.stride ?? 1);
  const [ph, pw] = pair(c.pad ?? 0);
  let padding: 'same' | 'valid' = 'valid';
  let src = from;
  if (ph > 0 || pw > 0) {
    if (sh === 1 && sw === 1 && 2 * ph === kh - 1 && 2 * pw === kw - 1) padding = 'same';
    else src = b.add(`${id}_pad`, 'ZeroPadding2D', { padding: [ph, pw] }, from);
  }
  const kernelSize = kh === kw ? kh : [kh, kw];
  const strides = sh === sw ? sh : [sh, sw];
  const common = { kernelSize, strides, padding, useBias: c.bias ?? true, activation: c.activation ?? 'linear' };
  if (c.depthwise) return b.add(id, 'DepthwiseConv2D', { ...common, depthMultiplier: 1 }, src);
  return b.add(id, 'Conv2D', { filters: c.filters, ...common }, src);
}

export interface BnOpts {
  epsilon: number;
  /** Keras momentum (PyTorch's 0.1 is Keras' 0.9). */
  momentum?: number;
}

export function batchNorm(b: ExpansionBuilder, id: string, from: Src, bn: BnOpts): string {
  return b.add(id, 'BatchNormalization', { epsilon: bn.epsilon, momentum: bn.momentum ?? 0.9 }, from);
}

/**
 * conv (no bias) → BN → activation, the "BasicConv2d"/"ConvBNReLU" unit of torchvision. Node ids are
 * `${id}_conv`, `${id}_bn`, `${id}_relu`; returns the last one.
 */
export function convBnAct(
  b: ExpansionBuilder,
  id: string,
  from: Src,
  c: Omit<TorchConv, 'bias' | 'activation'>,
  bn: BnOpts,
  activation: string | null = 'relu',
): string {
  const conv = torchConv(b, `${id}_conv`, from, { ...c, bias: false });
  const norm = batchNorm(b, `${id}_bn`, conv, bn);
  return activation ? b.add(`${id}_${activation}`, 'Activation', { activation }, norm) : norm;
}
