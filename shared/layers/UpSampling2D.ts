import { z } from 'zod';
import { defineLayer, needsImage, needsOne, sizeH, sizeLabel, sizeParam, sizeW } from './common';

const schema = z.object({
  size: sizeParam(2, 'Upsampling factor for rows and columns', 1024),
  interpolation: z.enum(['nearest', 'bilinear'], { error: "expected 'nearest' or 'bilinear'" }).default('nearest').describe('How new pixels are filled'),
});

export const UpSampling2D = defineLayer({
  type: 'UpSampling2D',
  category: 'Reshape',
  doc:
    'Enlarges a feature map by repeating rows and columns (nearest) or by bilinear interpolation. A ' +
    'weight-free alternative to transposed convolution in decoders and feature pyramids (FPN, Lin et al. ' +
    '2017), free of its checkerboard artefacts (Odena et al. 2016). Output [h·size_h, w·size_w, c]; no weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    const bad = needsOne('UpSampling2D', inputs) ?? needsImage('UpSampling2D', inputs[0]);
    if (bad) return bad;
    const x = inputs[0];
    return { shape: [x[0] * sizeH(p.size), x[1] * sizeW(p.size), x[2]] };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  receptiveField: (p) => ({ kernel: 1, stride: 1 / sizeH(p.size), dilation: 1 }),
  summary: (p) => `×${sizeLabel(p.size)} ${p.interpolation}`,
});
