import { z } from 'zod';
import { defineLayer, fmt, product } from './common';

export const Flatten = defineLayer({
  type: 'Flatten',
  category: 'Reshape',
  doc:
    'Flatten turns a multi-axis tensor into one vector per sample (row-major over [h, w, c], the Keras ' +
    'order), typically between the convolutional feature extractor and the dense classifier as in LeNet-5 ' +
    'and AlexNet. No weights. Exporters to channels-first PyTorch/ONNX must permute to NHWC before ' +
    'flattening, or dense weights carried over would see features in a different order.',
  paramsSchema: z.object({}),
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => {
    if (inputs.length !== 1) return { error: `Flatten takes exactly 1 input, got ${inputs.length}` };
    if (inputs[0].length === 0) return { error: `Flatten needs an input with at least one axis, got ${fmt(inputs[0])}` };
    return { shape: [product(inputs[0])] };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: () => '',
});
