import { identityLayer } from './identity';
import { z } from 'zod';
import { numParam } from './common';

const schema = z.object({ rate: numParam(0.5, 'Fraction of whole feature channels set to zero during training', 0, 1, true) });

export const SpatialDropout1D = identityLayer(
  'SpatialDropout1D',
  'Regularization',
  schema,
  'Drops entire feature channels of a [timesteps, features] sequence rather than single values (Tompson et ' +
    'al. 2015), since neighbouring steps are correlated; common after embeddings and Conv1D. Identity at ' +
    'inference; no weights.',
  (p) => String(p.rate),
  { n: 2, what: '[timesteps, features]' },
);
