import { z } from 'zod';
import { axisError, axisParam, boolParam, defineLayer, numParam, resolveAxis } from './common';

const schema = z.object({
  axis: axisParam(-1, 'Feature axis that gets its own statistics (-1 = channels in NHWC)'),
  momentum: numParam(0.99, 'Moving-average momentum of the running statistics (Keras 0.99; PyTorch momentum 0.1 = Keras 0.9)', 0, 1),
  epsilon: numParam(0.001, 'Added to the variance for stability (Keras 1e-3, PyTorch 1e-5)', 0, 1),
  center: boolParam(true, 'Learn an offset β'),
  scale: boolParam(true, 'Learn a scale γ'),
});

export const BatchNormalization = defineLayer({
  type: 'BatchNormalization',
  category: 'Normalization',
  doc:
    'Batch normalisation (Ioffe & Szegedy 2015) normalises each channel by the mean and variance of the ' +
    'current mini-batch during training and by moving averages at inference, then applies a learned scale ' +
    'γ and offset β. It allowed much higher learning rates and deeper nets (Inception-v2, ResNet). ' +
    'Per channel: γ and β are trainable (what torchvision counts as parameters); the moving mean and ' +
    'variance are non-trainable (PyTorch buffers), as Keras lists them.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    if (inputs.length !== 1) return { error: `BatchNormalization takes exactly 1 input, got ${inputs.length}` };
    const x = inputs[0];
    if (resolveAxis(p.axis, x.length) < 0) return axisError('BatchNormalization', p.axis, x);
    return { shape: x };
  },
  paramCounts: (inputs, p) => {
    const c = inputs[0][resolveAxis(p.axis, inputs[0].length)];
    return { trainable: (p.center ? c : 0) + (p.scale ? c : 0), nonTrainable: 2 * c };
  },
  macs: () => 0,
  summary: (p) => (p.axis === -1 ? `ε ${p.epsilon}` : `axis ${p.axis} ε ${p.epsilon}`),
});
