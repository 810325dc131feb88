import { z } from 'zod';
import { window1d } from './spatial';
import { activationParam, boolParam, defineLayer, intParam } from './common';

const schema = z.object({
  filters: intParam(32, 'Number of output channels'),
  kernelSize: intParam(3, 'Length of the convolution window', 4096),
  strides: intParam(1, 'Step of the window', 4096),
  padding: z
    .enum(['valid', 'same', 'causal'], { error: "expected 'valid', 'same' or 'causal'" })
    .default('valid')
    .describe("'valid': no padding; 'same': output = ceil(steps / stride); 'causal': pad on the left only, so step t never sees the future (WaveNet)"),
  dilationRate: intParam(1, 'Spacing between kernel taps; cannot exceed 1 together with strides', 4096),
  activation: activationParam('linear'),
  useBias: boolParam(true, 'Add a learned bias per filter'),
});

export const Conv1D = defineLayer({
  type: 'Conv1D',
  category: 'Convolution',
  doc:
    'Temporal convolution over a [timesteps, features] sequence: each of `filters` kernels spans ' +
    'kernelSize steps and all features. Used for audio, text and time series since time-delay neural ' +
    "networks (Waibel et al. 1989); 'causal' padding with dilation gives WaveNet's (van den Oord et al. " +
    '2016) exponentially growing receptive field. Weights: k·c_in·filters (+ filters biases).',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => window1d('Conv1D', 'kernel', inputs, p.kernelSize, p.strides, p.dilationRate, p.padding, p.filters),
  paramCounts: (inputs, p) => ({ trainable: p.kernelSize * inputs[0][1] * p.filters + (p.useBias ? p.filters : 0), nonTrainable: 0 }),
  macs: (inputs, out, p) => out[0] * out[1] * p.kernelSize * inputs[0][1],
  receptiveField: (p) => ({ kernel: p.kernelSize, stride: p.strides, dilation: p.dilationRate }),
  summary: (p) =>
    `${p.filters} k${p.kernelSize} /${p.strides} ${p.padding}` + (p.dilationRate > 1 ? ` d${p.dilationRate}` : '') + (p.activation !== 'linear' ? ` ${p.activation}` : ''),
});
