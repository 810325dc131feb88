import { z } from 'zod';
import { identityLayer } from './identity';
import { numParam } from './common';

const schema = z.object({ alpha: numParam(1, 'Saturation value for large negative inputs (−alpha)', 0, 1e3) });

export const ELU = identityLayer(
  'ELU',
  'Activation',
  schema,
  'Exponential linear unit (Clevert, Unterthiner & Hochreiter 2015): x for x > 0, alpha·(eˣ − 1) below. ' +
    'Negative outputs push mean activations towards zero, which sped up learning in the paper. No weights.',
  (p) => `α ${p.alpha}`,
);
