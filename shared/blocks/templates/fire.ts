import { z } from 'zod';
import { ExpansionBuilder, IN, torchConv } from '../expansion';
import { count, defineBlock } from '../schema';

const schema = z.strictObject({
  squeeze: count(16, 'Filters of the 1×1 squeeze conv'),
  expand1x1: count(64, 'Filters of the 1×1 expand conv'),
  expand3x3: count(64, 'Filters of the 3×3 expand conv'),
});
export type FireParams = z.infer<typeof schema>;

export const fire = defineBlock<FireParams>({
  template: 'Fire',
  doc:
    'Fire module (SqueezeNet, Iandola et al. 2016): a 1×1 "squeeze" conv cuts the channels, then two ' +
    '"expand" convs — 1×1 and 3×3, side by side — run on the squeezed tensor and are concatenated. Fewer ' +
    'input channels to the 3×3 filters and replacing most 3×3s with 1×1s give AlexNet-level accuracy with ' +
    '50× fewer parameters. Every conv has a bias and ReLU. Output channels = expand1x1 + expand3x3.',
  paramsSchema: schema,
  expand(p) {
    const b = new ExpansionBuilder();
    const sq = torchConv(b, 'squeeze', IN, { filters: p.squeeze, kernel: 1, activation: 'relu' });
    const e1 = torchConv(b, 'expand1x1', sq, { filters: p.expand1x1, kernel: 1, activation: 'relu' });
    const e3 = torchConv(b, 'expand3x3', sq, { filters: p.expand3x3, kernel: 3, pad: 1, activation: 'relu' });
    return b.build(b.add('concat', 'Concatenate', { axis: -1 }, [e1, e3]));
  },
});
