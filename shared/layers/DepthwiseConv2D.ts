import { z } from 'zod';
import { window2d, windowRf } from './spatial';
import { activationParam, boolParam, defineLayer, intParam, paddingParam, sizeH, sizeLabel, sizeParam, sizeW, strideLabel } from './common';

const schema = z.object({
  kernelSize: sizeParam(3, 'Height and width of each per-channel window'),
  strides: sizeParam(1, 'Step of the window; 2 halves the spatial size'),
  padding: paddingParam(),
  depthMultiplier: intParam(1, 'Output channels per input channel'),
  dilationRate: sizeParam(1, 'Spacing between kernel taps; cannot exceed 1 together with strides'),
  activation: activationParam('linear'),
  useBias: boolParam(true, 'Add a learned bias per output channel'),
});

export const DepthwiseConv2D = defineLayer({
  type: 'DepthwiseConv2D',
  category: 'Convolution',
  doc:
    'Depthwise convolution filters every input channel separately with its own kernel(s) and does not mix ' +
    'channels (a grouped convolution with groups = channels, PyTorch nn.Conv2d(groups=c)). Paired with a ' +
    '1×1 pointwise conv it forms the depthwise-separable convolution of Xception (Chollet 2016) and ' +
    'MobileNet (Howard et al. 2017), about k² times cheaper than a full conv. Output channels = c·depthMultiplier; ' +
    'weights kh·kw·c·depthMultiplier (+ biases).',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) =>
    window2d('DepthwiseConv2D', 'kernel', inputs, p.kernelSize, p.strides, p.dilationRate, p.padding, inputs.length === 1 && inputs[0].length === 3 ? inputs[0][2] * p.depthMultiplier : null),
  paramCounts: (inputs, p) => {
    const out = inputs[0][2] * p.depthMultiplier;
    return { trainable: sizeH(p.kernelSize) * sizeW(p.kernelSize) * out + (p.useBias ? out : 0), nonTrainable: 0 };
  },
  macs: (_inputs, out, p) => out[0] * out[1] * out[2] * sizeH(p.kernelSize) * sizeW(p.kernelSize),
  receptiveField: (p) => windowRf(p.kernelSize, p.strides, p.dilationRate),
  summary: (p) =>
    `dw ${sizeLabel(p.kernelSize)} ${strideLabel(p.strides)} ${p.padding}` + (p.depthMultiplier > 1 ? ` ×${p.depthMultiplier}` : '') + (p.activation !== 'linear' ? ` ${p.activation}` : ''),
});
