import { identityLayer } from './identity';
import { z } from 'zod';
import { numParam } from './common';

const schema = z.object({ rate: numParam(0.1, 'Drop probability', 0, 1, true) });

export const AlphaDropout = identityLayer(
  'AlphaDropout',
  'Regularization',
  schema,
  'Dropout for self-normalising networks (Klambauer et al. 2017): dropped units are set to SELU\'s negative ' +
    'saturation value and the result is affinely corrected so mean and variance are preserved, keeping a ' +
    'SELU network self-normalising. Identity at inference; no weights.',
  (p) => String(p.rate),
);
