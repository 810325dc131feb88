import { z } from 'zod';
import { ExpansionBuilder, IN, batchNorm, torchConv, type Src } from '../expansion';
import { bnEpsilon, count, defineBlock } from '../schema';

const blockSchema = z.strictObject({
  numLayers: count(6, 'Number of dense layers; each adds growthRate channels'),
  growthRate: count(32, 'k: channels each layer adds'),
  bnSize: count(4, 'Bottleneck width factor: the 1×1 conv has bnSize × k filters'),
  bnEpsilon: bnEpsilon(1e-5),
});
const transitionSchema = z.strictObject({
  filters: count(128, 'Output channels (DenseNet halves them: compression 0.5)'),
  bnEpsilon: bnEpsilon(1e-5),
});
export type DenseBlockParams = z.infer<typeof blockSchema>;
export type DenseTransitionParams = z.infer<typeof transitionSchema>;

/** BN → ReLU → conv without bias: DenseNet's pre-activation unit. */
function bnReluConv(b: ExpansionBuilder, id: string, from: Src, filters: number, k: number, eps: number): string {
  const bn = batchNorm(b, `${id}_bn`, from, { epsilon: eps });
  const relu = b.add(`${id}_relu`, 'Activation', { activation: 'relu' }, bn);
  return torchConv(b, `${id}_conv`, relu, { filters, kernel: k, pad: (k - 1) / 2, bias: false });
}

export const denseBlock = defineBlock<DenseBlockParams>({
  template: 'DenseBlock',
  doc:
    'Dense block (DenseNet, Huang et al. 2016, "Densely Connected Convolutional Networks"): every layer ' +
    'receives the concatenation of all earlier feature maps in the block and adds k ("growth rate") new ' +
    'channels. Each layer is BN → ReLU → 1×1 conv (bnSize·k filters, the bottleneck) → BN → ReLU → 3×3 ' +
    'conv (k filters). Feature reuse keeps DenseNet-121 at 8M parameters. Output channels = input + ' +
    'numLayers × k.',
  paramsSchema: blockSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    let features: Src = IN;
    for (let i = 1; i <= p.numLayers; i++) {
      const bottleneck = bnReluConv(b, `layer${i}_1`, features, p.bnSize * p.growthRate, 1, p.bnEpsilon);
      const fresh = bnReluConv(b, `layer${i}_2`, bottleneck, p.growthRate, 3, p.bnEpsilon);
      features = b.add(`layer${i}_concat`, 'Concatenate', { axis: -1 }, [features, fresh]);
    }
    return b.build(features as string);
  },
});

export const denseTransition = defineBlock<DenseTransitionParams>({
  template: 'DenseTransition',
  doc:
    'DenseNet transition layer: BN → ReLU → 1×1 conv (usually halving the channels) → 2×2 average pool ' +
    'with stride 2. It sits between dense blocks, shrinking both the channel count that the concatenations ' +
    'grew and the spatial size.',
  paramsSchema: transitionSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    const conv = bnReluConv(b, 'trans', IN, p.filters, 1, p.bnEpsilon);
    return b.build(b.add('pool', 'AveragePooling2D', { poolSize: 2, strides: 2, padding: 'valid' }, conv));
  },
});
