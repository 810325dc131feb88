import { z } from 'zod';
import { ExpansionBuilder, IN, torchConv, type Src } from '../expansion';
import { count, defineBlock } from '../schema';

const vggSchema = z.strictObject({
  numConvs: count(2, 'Number of 3×3 convs before the pool'),
  filters: count(64, 'Filters of every conv in the stage'),
});
export type VggBlockParams = z.infer<typeof vggSchema>;

export const vggBlock = defineBlock<VggBlockParams>({
  template: 'VGGBlock',
  doc:
    'VGG stage (Simonyan & Zisserman 2014): a stack of 3×3 convs (padding 1, ReLU) followed by a 2×2 max-pool ' +
    'with stride 2. Two stacked 3×3 convs see a 5×5 window and three see 7×7, with fewer weights ' +
    '(3·9C² vs 49C², 55%) and more non-linearities than one big kernel.',
  paramsSchema: vggSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    let x: Src = IN;
    for (let i = 1; i <= p.numConvs; i++)
      x = torchConv(b, `conv${i}`, x, { filters: p.filters, kernel: 3, pad: 1, activation: 'relu' });
    return b.build(b.add('pool', 'MaxPooling2D', { poolSize: 2, strides: 2, padding: 'valid' }, x));
  },
});

const mlpSchema = z.strictObject({
  filters: count(192, 'Filters of the spatial conv'),
  kernelSize: count(5, 'Kernel of the spatial conv (padded to keep the size)'),
  filters1x1: z
    .array(z.number().int().positive())
    .min(1)
    .default([160, 96])
    .describe('Filters of the 1×1 convs that follow (the "micro network")'),
});
export type MlpConvParams = z.infer<typeof mlpSchema>;

export const mlpConv = defineBlock<MlpConvParams>({
  template: 'MlpConv',
  doc:
    'mlpconv layer (Network in Network, Lin et al. 2013): a spatial conv followed by 1×1 convs, all with ' +
    'ReLU — a small multilayer perceptron slid over every pixel, more expressive than one linear filter. ' +
    'NiN introduced the 1×1 convolution this way, and replaced the dense classifier by global average ' +
    'pooling of the last mlpconv.',
  paramsSchema: mlpSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    const k = p.kernelSize;
    // PyTorch-style (k-1)/2 padding; an even kernel falls back to TF 'same' semantics.
    let x =
      k % 2 === 1
        ? torchConv(b, 'conv', IN, { filters: p.filters, kernel: k, pad: (k - 1) / 2, activation: 'relu' })
        : b.add('conv', 'Conv2D', { filters: p.filters, kernelSize: k, strides: 1, padding: 'same', activation: 'relu', useBias: true }, IN);
    p.filters1x1.forEach((f, i) => {
      x = torchConv(b, `cccp${i + 1}`, x, { filters: f, kernel: 1, activation: 'relu' });
    });
    return b.build(x);
  },
});
