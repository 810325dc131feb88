import { z } from 'zod';
import { defineLayer, numParam } from './common';

const schema = z.object({
  rate: numParam(0.5, 'Fraction of inputs set to zero during training (survivors are scaled by 1 / (1 - rate))', 0, 1, true),
});

export const Dropout = defineLayer({
  type: 'Dropout',
  category: 'Regularization',
  doc:
    'During training, sets a random fraction `rate` of its inputs to zero and scales the rest by ' +
    '1 / (1 - rate); at inference it is the identity. Introduced by Hinton et al. (2012) / Srivastava et al. ' +
    "(2014) and used in AlexNet's and VGG's fully connected layers (rate 0.5) to prevent co-adaptation and " +
    'overfitting. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => (inputs.length === 1 ? { shape: inputs[0] } : { error: `Dropout takes exactly 1 input, got ${inputs.length}` }),
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => String(p.rate),
});
