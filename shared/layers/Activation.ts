import { z } from 'zod';
import { activationParam, defineLayer } from './common';

const schema = z.object({
  activation: activationParam('relu', 'relu, relu6, elu, selu, leakyRelu, tanh, sigmoid, softmax (last axis), swish/silu, gelu or linear'),
});

export const Activation = defineLayer({
  type: 'Activation',
  category: 'Activation',
  doc:
    'Applies a non-linearity element-wise (softmax: over the last axis). ReLU (Nair & Hinton 2010, made ' +
    'standard by AlexNet 2012) trains deep nets far faster than tanh/sigmoid; relu6 is the MobileNet ' +
    'clipped variant; elu (Clevert 2015), selu (self-normalising, Klambauer 2017), leakyRelu (Maas 2013, ' +
    'slope 0.2 in TF.js/Keras 3), swish = silu (Ramachandran 2017, x·sigmoid(x)), gelu (Hendrycks & Gimpel ' +
    '2016, used by BERT/GPT); softmax turns logits into class probabilities. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => (inputs.length === 1 ? { shape: inputs[0] } : { error: `Activation takes exactly 1 input, got ${inputs.length}` }),
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => p.activation,
});
