import { z } from 'zod';
import { defineLayer, fmt, product } from './common';

const schema = z.object({
  targetShape: z
    .array(z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(-1, { error: 'must be -1 or at least 1' }).max(1 << 24), {
      error: 'expected a list of dimensions such as [7, 7, 64]',
    })
    .min(1, { error: 'needs at least one dimension' })
    .max(8, { error: 'at most 8 dimensions' })
    .default([-1])
    .describe('New shape without the batch dimension; one entry may be -1 (inferred from the element count)'),
});

export const Reshape = defineLayer({
  type: 'Reshape',
  category: 'Reshape',
  doc:
    'Reinterprets the elements of each sample with a new shape (row-major, no data movement), e.g. a flat ' +
    '784-vector as a [28, 28, 1] image, or an SE gate [c] as [1, 1, c] to broadcast over a feature map. ' +
    'The element count must stay the same; one dimension may be -1 and is inferred. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    if (inputs.length !== 1) return { error: `Reshape takes exactly 1 input, got ${inputs.length}` };
    const x = inputs[0];
    const n = product(x);
    const t = p.targetShape;
    let known = 1;
    let free = -1;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === -1) {
        if (free >= 0) return { error: `targetShape ${fmt(t)} has more than one -1; only one dimension can be inferred` };
        free = i;
      } else if (t[i] === 0) return { error: `targetShape ${fmt(t)} contains 0; dimensions must be at least 1 (or -1)` };
      else known *= t[i];
    }
    if (free < 0) {
      if (known === n) return { shape: t };
      return { error: `cannot reshape ${fmt(x)} (${n} elements) to ${fmt(t)} (${known} elements)`, fix: inferFix(t, n) };
    }
    if (n % known !== 0) return { error: `cannot reshape ${fmt(x)} (${n} elements) to ${fmt(t)}: ${n} is not divisible by ${known}` };
    const out = t.slice();
    out[free] = n / known;
    return { shape: out };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => fmt(p.targetShape),
});

/** Let the first dimension be inferred when that makes the counts agree (the usual intent). */
function inferFix(t: number[], n: number) {
  const rest = product(t, 1);
  if (t.length < 2 || n % rest !== 0) return undefined;
  const targetShape = t.slice();
  targetShape[0] = -1;
  return { kind: 'setParams' as const, label: `Set targetShape to ${fmt(targetShape)}`, params: { targetShape } };
}
