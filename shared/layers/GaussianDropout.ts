import { identityLayer } from './identity';
import { z } from 'zod';
import { numParam } from './common';

const schema = z.object({ rate: numParam(0.1, 'Drop probability; noise stddev = sqrt(rate / (1 - rate))', 0, 1, true) });

export const GaussianDropout = identityLayer(
  'GaussianDropout',
  'Regularization',
  schema,
  'Multiplies activations by Gaussian noise with mean 1 during training: the continuous relaxation of ' +
    'dropout described by Srivastava et al. (2014), with the same expected effect as dropping with ' +
    'probability `rate`. Identity at inference; no weights.',
  (p) => String(p.rate),
);
