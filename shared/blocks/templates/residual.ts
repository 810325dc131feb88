import { z } from 'zod';
import { ExpansionBuilder, IN, batchNorm, convBnAct, torchConv, type Src } from '../expansion';
import { bnEpsilon, count, defineBlock, stride } from '../schema';
import type { Expansion } from '../types';

const basicSchema = z.strictObject({
  filters: count(64, 'Output channels of both 3×3 convs'),
  strides: stride('Stride of the first 3×3 conv (2 halves the spatial size)'),
  bnEpsilon: bnEpsilon(1e-5),
});
const bottleneckSchema = z.strictObject({
  filters: count(64, 'Width of the 1×1 reduce and the 3×3 conv ("planes")'),
  expansion: count(4, 'Output channels = filters × expansion (4 in ResNet-50/101/152)'),
  strides: stride('Stride of the 3×3 conv (torchvision "v1.5" puts it there, not on the 1×1)'),
  bnEpsilon: bnEpsilon(1e-5),
});
export type ResidualBasicParams = z.infer<typeof basicSchema>;
export type ResidualBottleneckParams = z.infer<typeof bottleneckSchema>;

/** True when the identity cannot be added as is: the shortcut needs a 1×1 conv + BN projection. */
export function needsProjection(inputChannels: number, outputChannels: number, strides: number): boolean {
  return strides !== 1 || inputChannels !== outputChannels;
}

/** shortcut (identity or projection) at Add port 0, main path at port 1, then ReLU. */
function finish(b: ExpansionBuilder, main: string, outCh: number, inCh: number, strides: number, eps: number): Expansion {
  let shortcut: Src = IN;
  if (needsProjection(inCh, outCh, strides)) {
    const conv = torchConv(b, 'proj_conv', IN, { filters: outCh, kernel: 1, stride: strides, bias: false });
    shortcut = batchNorm(b, 'proj_bn', conv, { epsilon: eps });
  }
  const add = b.add('add', 'Add', {}, [shortcut, main]);
  return b.build(b.add('relu', 'Activation', { activation: 'relu' }, add));
}

export const residualBasic = defineBlock<ResidualBasicParams>({
  template: 'ResidualBasic',
  doc:
    'Residual basic block (ResNet-18/34, He et al. 2015, "Deep Residual Learning"): two 3×3 conv + BN ' +
    'layers whose output is added to the block input, then ReLU. The identity shortcut lets gradients ' +
    'skip layers, which is why 152-layer ResNets still train. When the stride is 2 or the channel count ' +
    'changes, the input no longer matches and a 1×1 conv + BN "projection shortcut" is inserted ' +
    'automatically (option B of the paper, as torchvision does).',
  paramsSchema: basicSchema,
  expand(p, inputChannels) {
    const b = new ExpansionBuilder();
    const eps = { epsilon: p.bnEpsilon };
    const c1 = convBnAct(b, 'conv1', IN, { filters: p.filters, kernel: 3, stride: p.strides, pad: 1 }, eps);
    const c2 = convBnAct(b, 'conv2', c1, { filters: p.filters, kernel: 3, pad: 1 }, eps, null);
    return finish(b, c2, p.filters, inputChannels, p.strides, p.bnEpsilon);
  },
});

export const residualBottleneck = defineBlock<ResidualBottleneckParams>({
  template: 'ResidualBottleneck',
  doc:
    'Residual bottleneck block (ResNet-50/101/152, He et al. 2015): 1×1 conv reduces the channels, a 3×3 ' +
    'conv works on the narrow tensor, a 1×1 conv expands ×4 again; each conv is followed by BN, the result ' +
    'is added to the shortcut and passed through ReLU. Three cheap layers replace two expensive ones. A 1×1 ' +
    'conv + BN projection shortcut is inserted automatically when the stride is 2 or the input channels ' +
    'differ from filters × expansion.',
  paramsSchema: bottleneckSchema,
  expand(p, inputChannels) {
    const b = new ExpansionBuilder();
    const eps = { epsilon: p.bnEpsilon };
    const out = p.filters * p.expansion;
    const c1 = convBnAct(b, 'conv1', IN, { filters: p.filters, kernel: 1 }, eps);
    const c2 = convBnAct(b, 'conv2', c1, { filters: p.filters, kernel: 3, stride: p.strides, pad: 1 }, eps);
    const c3 = convBnAct(b, 'conv3', c2, { filters: out, kernel: 1 }, eps, null);
    return finish(b, c3, out, inputChannels, p.strides, p.bnEpsilon);
  },
});
