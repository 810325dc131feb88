import { z } from 'zod';
import { activationParam, boolParam, deconvLength, defineLayer, intParam, needsImage, needsOne, paddingParam, sizeH, sizeLabel, sizeParam, sizeW, strideLabel } from './common';

const schema = z.object({
  filters: intParam(32, 'Number of output channels'),
  kernelSize: sizeParam(3, 'Height and width of the window'),
  strides: sizeParam(1, 'Upsampling factor: 2 doubles the spatial size'),
  padding: paddingParam(),
  activation: activationParam('linear'),
  useBias: boolParam(true, 'Add a learned bias per filter'),
});

export const Conv2DTranspose = defineLayer({
  type: 'Conv2DTranspose',
  category: 'Convolution',
  doc:
    'Transposed convolution ("deconvolution", the gradient of a conv with respect to its input): every ' +
    'input pixel scatters a kh×kw×filters patch into an output that is `strides` times larger. Learned ' +
    'upsampling in FCN segmentation (Long et al. 2015), DCGAN generators (Radford et al. 2015) and U-Net ' +
    "decoders. Output size per axis as Keras: 'same' in·s, 'valid' in·s + max(k - s, 0). " +
    'Weights kh·kw·filters·c_in (+ biases); multiply-adds h_in·w_in·c_in·kh·kw·filters.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    const bad = needsOne('Conv2DTranspose', inputs) ?? needsImage('Conv2DTranspose', inputs[0]);
    if (bad) return bad;
    const x = inputs[0];
    return {
      shape: [deconvLength(x[0], sizeH(p.kernelSize), sizeH(p.strides), 1, p.padding), deconvLength(x[1], sizeW(p.kernelSize), sizeW(p.strides), 1, p.padding), p.filters],
    };
  },
  paramCounts: (inputs, p) => ({ trainable: sizeH(p.kernelSize) * sizeW(p.kernelSize) * inputs[0][2] * p.filters + (p.useBias ? p.filters : 0), nonTrainable: 0 }),
  macs: (inputs, _out, p) => inputs[0][0] * inputs[0][1] * inputs[0][2] * sizeH(p.kernelSize) * sizeW(p.kernelSize) * p.filters,
  // Upsampling divides the jump; an output pixel sees about ceil(k / s) input pixels per axis.
  receptiveField: (p) => ({ kernel: Math.ceil(sizeH(p.kernelSize) / sizeH(p.strides)), stride: 1 / sizeH(p.strides), dilation: 1 }),
  summary: (p) => `${p.filters} ${sizeLabel(p.kernelSize)} ×${strideLabel(p.strides).slice(1)} ${p.padding}` + (p.activation !== 'linear' ? ` ${p.activation}` : ''),
});
