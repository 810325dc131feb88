import { z } from 'zod';
import { identityLayer } from './identity';
import { numParam } from './common';

const schema = z.object({ stddev: numParam(0.1, 'Standard deviation of the added noise', 0, 1e3) });

export const GaussianNoise = identityLayer(
  'GaussianNoise',
  'Regularization',
  schema,
  'Adds zero-mean Gaussian noise during training only — a form of data augmentation and regularisation ' +
    '(training with noise is equivalent to Tikhonov regularisation, Bishop 1995). Identity at inference; no weights.',
  (p) => `σ ${p.stddev}`,
);
