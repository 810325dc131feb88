import { z } from 'zod';
import { defineLayer, intParam, needsImage, needsOne, numParam } from './common';

const schema = z.object({
  depthRadius: intParam(5, 'Half-width of the channel window (TF depth_radius; PyTorch size = 2·depthRadius + 1)', 1024),
  bias: numParam(1, 'Additive constant k (AlexNet: 2)', 0, 1e6),
  alpha: numParam(1, 'Scale of the squared sum (TF multiplies the sum directly; AlexNet 1e-4 with PyTorch/Caffe, which divide by size)', 0, 1e6),
  beta: numParam(0.5, 'Exponent (AlexNet: 0.75)', 0, 1e6),
});

export const LRN = defineLayer({
  type: 'LRN',
  category: 'Normalization',
  doc:
    'Local response normalisation, from AlexNet (Krizhevsky, Sutskever & Hinton 2012): each activation is ' +
    'divided by (bias + alpha · Σ a²)^beta, the sum running over the 2·depthRadius + 1 neighbouring channels ' +
    'at the same position — "lateral inhibition" between feature maps. AlexNet used n = 5, k = 2, α = 1e-4, ' +
    'β = 0.75; later work (VGG, 2014) found it adds little and batch norm replaced it. Defaults are TF\'s ' +
    'tf.nn.local_response_normalization. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => needsOne('LRN', inputs) ?? needsImage('LRN', inputs[0]) ?? { shape: inputs[0] },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => `r${p.depthRadius} k${p.bias} α${p.alpha} β${p.beta}`,
});
