import { z } from 'zod';
import { identityLayer } from './identity';
import { numParam } from './common';

const schema = z.object({ alpha: numParam(0.3, 'Slope for x < 0 (TF.js/Keras 2 default 0.3; PyTorch 0.01)', 0, 1e3) });

export const LeakyReLU = identityLayer(
  'LeakyReLU',
  'Activation',
  schema,
  'Leaky ReLU (Maas, Hannun & Ng 2013): x for x ≥ 0 and alpha·x below, so units never stop receiving ' +
    'gradient ("dying ReLU"). Used in GAN discriminators (DCGAN, alpha 0.2) and YOLO (alpha 0.1). No weights.',
  (p) => `α ${p.alpha}`,
);
