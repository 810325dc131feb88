import { z } from 'zod';
import { defineLayer, product } from './common';

export const PReLU = defineLayer({
  type: 'PReLU',
  category: 'Activation',
  doc:
    'Parametric ReLU (He et al. 2015, "Delving deep into rectifiers"): a leaky ReLU whose negative slope is ' +
    'learned. As in Keras/TF.js without shared axes there is one slope per input element, so the weights ' +
    'equal the input size (PyTorch nn.PReLU() learns a single slope, or one per channel). Cheap: no ' +
    'multiply-adds counted.',
  paramsSchema: z.object({}),
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => (inputs.length === 1 ? { shape: inputs[0] } : { error: `PReLU takes exactly 1 input, got ${inputs.length}` }),
  paramCounts: (inputs) => ({ trainable: product(inputs[0]), nonTrainable: 0 }),
  macs: () => 0,
  summary: () => '',
});
