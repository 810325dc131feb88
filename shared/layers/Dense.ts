import { z } from 'zod';
import { activationParam, boolParam, defineLayer, intParam, last, product } from './common';

const schema = z.object({
  units: intParam(10, 'Number of outputs (neurons)'),
  activation: activationParam('linear'),
  useBias: boolParam(true, 'Add a learned bias per unit'),
});

export const Dense = defineLayer({
  type: 'Dense',
  category: 'Core',
  doc:
    'Fully connected layer: every output unit is a weighted sum of all inputs plus a bias, followed by the ' +
    'activation — the perceptron layer of Rosenblatt (1958) and of multi-layer perceptrons trained with ' +
    'backpropagation (Rumelhart, Hinton & Williams 1986). As in Keras, on an input with more than one axis ' +
    'it acts on the last axis only (the same weights for every position); a classifier on a feature map ' +
    'therefore needs Flatten or global pooling first. Weights: in·units (+ units biases).',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    if (inputs.length !== 1) return { error: `Dense takes exactly 1 input, got ${inputs.length}` };
    const x = inputs[0];
    if (x.length === 0) return { error: 'Dense needs an input with at least one axis, got a scalar []' };
    const out = x.slice();
    out[out.length - 1] = p.units;
    return { shape: out };
  },
  paramCounts: (inputs, p) => ({ trainable: last(inputs[0]) * p.units + (p.useBias ? p.units : 0), nonTrainable: 0 }),
  macs: (inputs, out, p) => product(out, 0, out.length - 1) * last(inputs[0]) * p.units,
  summary: (p) => `${p.units}${p.activation !== 'linear' ? ` ${p.activation}` : ''}`,
});
