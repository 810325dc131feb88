import { z } from 'zod';
import { defineLayer, needsImage, needsOne, numParam } from './common';

const schema = z.object({
  rate: numParam(0.5, 'Fraction of whole channels set to zero during training', 0, 1, true),
});

export const SpatialDropout2D = defineLayer({
  type: 'SpatialDropout2D',
  category: 'Regularization',
  doc:
    'Drops entire feature-map channels instead of single activations (Tompson et al. 2015): neighbouring ' +
    'pixels are strongly correlated, so element-wise dropout barely regularises conv layers while dropping ' +
    'whole channels does. PyTorch nn.Dropout2d. Identity at inference; no weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => needsOne('SpatialDropout2D', inputs) ?? needsImage('SpatialDropout2D', inputs[0]) ?? { shape: inputs[0] },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => String(p.rate),
});
