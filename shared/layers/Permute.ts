import { z } from 'zod';
import { defineLayer, fmt } from './common';

const schema = z.object({
  dims: z
    .array(z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1 (1-based, the batch axis is not included)' }).max(8), {
      error: 'expected a permutation such as [2, 1]',
    })
    .min(1)
    .max(8)
    .default([2, 1])
    .describe('Permutation of the input axes, 1-based without the batch axis (Keras): [2, 1] swaps the first two'),
});

export const Permute = defineLayer({
  type: 'Permute',
  category: 'Reshape',
  doc:
    'Reorders the axes of each sample; `dims` is 1-based and excludes the batch axis, as in Keras ' +
    '(Permute([2, 1]) transposes a [steps, features] sequence). Used to move channels between NHWC and ' +
    'NCHW or to feed image rows/columns to a recurrent layer. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    if (inputs.length !== 1) return { error: `Permute takes exactly 1 input, got ${inputs.length}` };
    const x = inputs[0];
    const d = p.dims;
    if (d.length !== x.length) return { error: `dims ${fmt(d)} has ${d.length} entries but the input ${fmt(x)} has ${x.length} axes` };
    const out = new Array<number>(d.length);
    let seen = 0;
    for (let i = 0; i < d.length; i++) {
      const bit = 1 << d[i];
      if (d[i] > x.length || seen & bit) return { error: `dims ${fmt(d)} must be a permutation of 1..${x.length}` };
      seen |= bit;
      out[i] = x[d[i] - 1];
    }
    return { shape: out };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => fmt(p.dims),
});
