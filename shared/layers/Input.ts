import { z } from 'zod';
import { defineLayer, fmt } from './common';

const schema = z.object({
  shape: z
    .array(z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(1 << 24, { error: 'must be at most 16777216' }), {
      error: 'expected a list of dimensions such as [28, 28, 1]',
    })
    .min(1, { error: 'needs at least one dimension' })
    .max(8, { error: 'at most 8 dimensions' })
    .default([28, 28, 1])
    .describe('Shape of one sample without the batch dimension, NHWC: [height, width, channels], [steps, features] or [features]'),
});

export const Input = defineLayer({
  type: 'Input',
  category: 'Input',
  doc:
    'Input declares the shape of one sample entering the network, without the batch dimension, as in ' +
    'Keras (`keras.Input(shape=...)`). Images are channels-last: [height, width, channels], e.g. [28, 28, 1] ' +
    'for MNIST or [224, 224, 3] for ImageNet; sequences are [timesteps, features]; tabular data is ' +
    '[features]. It has no weights; every other shape in the graph is inferred from it.',
  paramsSchema: schema,
  arity: { min: 0, max: 0 },
  inferShape: (inputs, p) => (inputs.length === 0 ? { shape: p.shape } : { error: `Input takes no inputs, got ${inputs.length}` }),
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => fmt(p.shape),
});
