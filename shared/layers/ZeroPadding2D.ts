import { z } from 'zod';
import { defineLayer, edgesLabel, edgesParam, edgesTotal, needsImage, needsOne } from './common';

const schema = z.object({
  padding: edgesParam(1, 'Zeros added: n on every side, [h, w] symmetric, or [[top, bottom], [left, right]]'),
});

export const ZeroPadding2D = defineLayer({
  type: 'ZeroPadding2D',
  category: 'Reshape',
  doc:
    'Adds rows and columns of zeros around a feature map. Used to reproduce explicit (PyTorch/Caffe style) ' +
    "convolution padding that TF's 'same' cannot express, e.g. padding 3 before ResNet's 7×7 / 2 stem or " +
    'padding 1 before a 3×3 / 2 conv, so shapes and weights match torchvision exactly. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    const bad = needsOne('ZeroPadding2D', inputs) ?? needsImage('ZeroPadding2D', inputs[0]);
    if (bad) return bad;
    const x = inputs[0];
    return { shape: [x[0] + edgesTotal(p.padding, 0), x[1] + edgesTotal(p.padding, 1), x[2]] };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => `pad ${edgesLabel(p.padding)}`,
});
