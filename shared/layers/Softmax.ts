import { z } from 'zod';
import type { InferResult } from './types';
import { axisError, axisParam, defineLayer, resolveAxis } from './common';

const schema = z.object({ axis: axisParam(-1, 'Axis the probabilities sum to 1 over (-1 = last); positive axes count the batch axis as 0') });

export const Softmax = defineLayer({
  type: 'Softmax',
  category: 'Activation',
  doc:
    'Softmax as a layer, exp(xᵢ) / Σ exp(xⱼ) along `axis`: turns a vector of scores (logits) into a ' +
    'probability distribution. The standard output of a classifier since Bridle (1990) named it; also the ' +
    'normalisation inside attention. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p): InferResult => {
    if (inputs.length !== 1) return { error: `Softmax takes exactly 1 input, got ${inputs.length}` };
    if (resolveAxis(p.axis, inputs[0].length) < 0) return axisError('Softmax', p.axis, inputs[0]);
    return { shape: inputs[0] };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => (p.axis === -1 ? '' : `axis ${p.axis}`),
});
