import { z } from 'zod';
import { defineLayer, fmt, intParam } from './common';

const schema = z.object({ n: intParam(1, 'Number of repetitions (output timesteps)', 1 << 20) });

export const RepeatVector = defineLayer({
  type: 'RepeatVector',
  category: 'Reshape',
  doc:
    'Repeats a [features] vector n times into a [n, features] sequence, e.g. to feed the encoder\'s summary ' +
    'vector to every step of a decoder RNN in sequence-to-sequence models (Cho et al. 2014). No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    if (inputs.length !== 1) return { error: `RepeatVector takes exactly 1 input, got ${inputs.length}` };
    const x = inputs[0];
    if (x.length !== 1) return { error: `RepeatVector expects a 1-D [features] input, got ${fmt(x)}`, fix: { kind: 'insertBefore', label: 'Insert Flatten', port: 0, type: 'Flatten', params: {} } };
    return { shape: [p.n, x[0]] };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => `×${p.n}`,
});
