import { z } from 'zod';
import { window2d, windowRf } from './spatial';
import { activationParam, boolParam, defineLayer, intParam, paddingParam, sizeH, sizeLabel, sizeParam, sizeW, strideLabel } from './common';

const schema = z.object({
  filters: intParam(32, 'Number of output channels (one learned kernel each)'),
  kernelSize: sizeParam(3, 'Height and width of the convolution window'),
  strides: sizeParam(1, 'Step of the window; 2 halves the spatial size'),
  padding: paddingParam(),
  dilationRate: sizeParam(1, 'Spacing between kernel taps (atrous convolution); cannot exceed 1 together with strides'),
  activation: activationParam('linear'),
  useBias: boolParam(true, 'Add a learned bias per filter (usually off when BatchNormalization follows)'),
});

export const Conv2D = defineLayer({
  type: 'Conv2D',
  category: 'Convolution',
  doc:
    '2-D convolution: slides `filters` learned kernels of size kernelSize over an [h, w, c] feature map ' +
    'and sums over all input channels, giving one output channel per filter. Weight sharing across ' +
    'positions made it the workhorse of vision since LeCun et al. (LeNet, 1989/1998) and AlexNet (2012). ' +
    "Output size per axis: 'valid' floor((in - d·(k-1) - 1) / s) + 1, 'same' ceil(in / s). " +
    'Weights: kh·kw·c_in·filters (+ filters biases); cost: h_out·w_out·filters·kh·kw·c_in multiply-adds.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => window2d('Conv2D', 'kernel', inputs, p.kernelSize, p.strides, p.dilationRate, p.padding, p.filters),
  paramCounts: (inputs, p) => ({
    trainable: sizeH(p.kernelSize) * sizeW(p.kernelSize) * inputs[0][2] * p.filters + (p.useBias ? p.filters : 0),
    nonTrainable: 0,
  }),
  macs: (inputs, out, p) => out[0] * out[1] * out[2] * sizeH(p.kernelSize) * sizeW(p.kernelSize) * inputs[0][2],
  receptiveField: (p) => windowRf(p.kernelSize, p.strides, p.dilationRate),
  summary: (p) =>
    `${p.filters} ${sizeLabel(p.kernelSize)} ${strideLabel(p.strides)} ${p.padding}` +
    (sizeH(p.dilationRate) > 1 || sizeW(p.dilationRate) > 1 ? ` d${sizeH(p.dilationRate)}` : '') +
    (p.activation !== 'linear' ? ` ${p.activation}` : ''),
});
