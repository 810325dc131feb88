import { z } from 'zod';
import { window2d, windowRf } from './spatial';
import { activationParam, boolParam, defineLayer, intParam, paddingParam, sizeH, sizeLabel, sizeParam, sizeW, strideLabel } from './common';

const schema = z.object({
  filters: intParam(32, 'Output channels of the pointwise (1×1) step'),
  kernelSize: sizeParam(3, 'Height and width of the depthwise window'),
  strides: sizeParam(1, 'Step of the depthwise window'),
  padding: paddingParam(),
  depthMultiplier: intParam(1, 'Depthwise output channels per input channel'),
  dilationRate: sizeParam(1, 'Spacing between depthwise kernel taps; cannot exceed 1 together with strides'),
  activation: activationParam('linear'),
  useBias: boolParam(true, 'Add a learned bias per filter (after the pointwise step)'),
});

export const SeparableConv2D = defineLayer({
  type: 'SeparableConv2D',
  category: 'Convolution',
  doc:
    'Depthwise-separable convolution in one layer: a depthwise kh×kw conv per channel followed by a 1×1 ' +
    'pointwise conv that mixes channels into `filters` outputs. The building block of Xception (Chollet ' +
    '2016); it factorises a full convolution with far fewer weights and multiply-adds. Weights: ' +
    'kh·kw·c·m (depthwise) + c·m·filters (pointwise) + filters biases, m = depthMultiplier.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => window2d('SeparableConv2D', 'kernel', inputs, p.kernelSize, p.strides, p.dilationRate, p.padding, p.filters),
  paramCounts: (inputs, p) => {
    const mid = inputs[0][2] * p.depthMultiplier;
    return { trainable: sizeH(p.kernelSize) * sizeW(p.kernelSize) * mid + mid * p.filters + (p.useBias ? p.filters : 0), nonTrainable: 0 };
  },
  macs: (inputs, out, p) => out[0] * out[1] * inputs[0][2] * p.depthMultiplier * (sizeH(p.kernelSize) * sizeW(p.kernelSize) + p.filters),
  receptiveField: (p) => windowRf(p.kernelSize, p.strides, p.dilationRate),
  summary: (p) => `${p.filters} sep ${sizeLabel(p.kernelSize)} ${strideLabel(p.strides)} ${p.padding}` + (p.activation !== 'linear' ? ` ${p.activation}` : ''),
});
