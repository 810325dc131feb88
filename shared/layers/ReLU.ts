import { z } from 'zod';
import { identityLayer } from './identity';

const schema = z.object({
  maxValue: z.number({ error: 'expected a number' }).positive({ error: 'must be above 0' }).nullable().default(null).describe('Upper clip; null = unbounded, 6 = ReLU6 (MobileNet)'),
});

export const ReLU = identityLayer(
  'ReLU',
  'Activation',
  schema,
  'Rectified linear unit as a layer, max(0, x), optionally clipped at maxValue (maxValue 6 is the ReLU6 of ' +
    'MobileNet, Howard et al. 2017, robust under low-precision arithmetic). ReLU (Nair & Hinton 2010) made ' +
    'deep nets train fast since AlexNet (2012). Same as Activation(relu) when maxValue is null. No weights.',
  (p) => (p.maxValue === null ? '' : `max ${p.maxValue}`),
);
