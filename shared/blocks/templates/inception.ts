import { z } from 'zod';
import { ExpansionBuilder, IN, convBnAct, torchConv, type Src } from '../expansion';
import { bnEpsilon, count, defineBlock } from '../schema';

const schema = z.strictObject({
  b1x1: count(64, '#1×1: filters of the 1×1 branch'),
  b3x3Reduce: count(96, '#3×3 reduce: 1×1 filters before the 3×3'),
  b3x3: count(128, '#3×3: filters of the 3×3 conv'),
  b5x5Reduce: count(16, '#5×5 reduce: 1×1 filters before the "5×5"'),
  b5x5: count(32, '#5×5: filters of the "5×5" conv'),
  poolProj: count(32, 'pool proj: 1×1 filters after the 3×3 max-pool'),
  fiveKernel: z
    .number()
    .int()
    .refine((k) => k === 5 || k === 3, 'must be 5 (paper) or 3 (torchvision)')
    .default(5)
    .describe('Kernel of the "5×5" branch: 5 as in the paper, 3 as in torchvision\'s GoogLeNet'),
  batchNorm: z.boolean().default(false).describe('conv(no bias) → BN → ReLU units, as torchvision; off = conv+bias+ReLU (paper)'),
  bnEpsilon: bnEpsilon(0.001),
});
export type InceptionParams = z.infer<typeof schema>;

export const inception = defineBlock<InceptionParams>({
  template: 'Inception',
  doc:
    'Inception module (GoogLeNet, Szegedy et al. 2014, "Going deeper with convolutions"): four parallel ' +
    'branches over the same input — a 1×1 conv, a 1×1 "reduce" followed by a 3×3, a 1×1 reduce followed by ' +
    'a 5×5, and a 3×3 max-pool followed by a 1×1 "pool proj" — concatenated on channels. The 1×1 reductions ' +
    'are what make it cheap: a 5×5 conv on 192 channels costs ~10× more than first squeezing them to 16. ' +
    "torchvision's GoogLeNet adds batch norm and (by a long-standing quirk) uses 3×3 in the \"5×5\" branch; " +
    'both are params here. Output channels = #1×1 + #3×3 + #5×5 + pool proj.',
  paramsSchema: schema,
  expand(p) {
    const b = new ExpansionBuilder();
    const unit = (id: string, from: Src, filters: number, k: number): string =>
      p.batchNorm
        ? convBnAct(b, id, from, { filters, kernel: k, pad: (k - 1) / 2 }, { epsilon: p.bnEpsilon })
        : torchConv(b, id, from, { filters, kernel: k, pad: (k - 1) / 2, activation: 'relu' });
    const b1 = unit('b1_1x1', IN, p.b1x1, 1);
    const b2 = unit('b2_3x3', unit('b2_reduce', IN, p.b3x3Reduce, 1), p.b3x3, 3);
    const k5 = p.fiveKernel;
    const b3 = unit(`b3_${k5}x${k5}`, unit('b3_reduce', IN, p.b5x5Reduce, 1), p.b5x5, k5);
    const pool = b.add('b4_pool', 'MaxPooling2D', { poolSize: 3, strides: 1, padding: 'same' }, IN);
    const b4 = unit('b4_proj', pool, p.poolProj, 1);
    return b.build(b.add('concat', 'Concatenate', { axis: -1 }, [b1, b2, b3, b4]));
  },
});
