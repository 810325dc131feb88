import { z } from 'zod';
import { axisError, axisInt, boolParam, defineLayer, numParam, resolveAxis } from './common';

const schema = z.object({
  axis: z
    .union([axisInt(), z.array(axisInt()).min(1).max(8)], { error: 'expected an axis (whole number) or a list of axes' })
    .default(-1)
    .describe('Axis or axes normalised together (-1 = features); positive axes count the batch axis as 0'),
  epsilon: numParam(0.001, 'Added to the variance for stability (Keras 1e-3, PyTorch 1e-5)', 0, 1),
  center: boolParam(true, 'Learn an offset β'),
  scale: boolParam(true, 'Learn a scale γ'),
});

export const LayerNormalization = defineLayer({
  type: 'LayerNormalization',
  category: 'Normalization',
  doc:
    'Layer normalisation (Ba, Kiros & Hinton 2016) normalises each sample over its feature axis (or axes) ' +
    'with statistics of that sample alone, then applies a learned scale γ and offset β per feature. Unlike ' +
    'batch norm it behaves the same in training and inference and for any batch size, which is why ' +
    'Transformers and RNNs use it. Weights: 2 × (size of the normalised axes), no moving statistics.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    if (inputs.length !== 1) return { error: `LayerNormalization takes exactly 1 input, got ${inputs.length}` };
    const x = inputs[0];
    if (typeof p.axis === 'number') {
      if (resolveAxis(p.axis, x.length) < 0) return axisError('LayerNormalization', p.axis, x);
    } else {
      for (const a of p.axis) if (resolveAxis(a, x.length) < 0) return axisError('LayerNormalization', a, x);
    }
    return { shape: x };
  },
  paramCounts: (inputs, p) => {
    const x = inputs[0];
    let n = 1;
    if (typeof p.axis === 'number') n = x[resolveAxis(p.axis, x.length)];
    else {
      let seen = 0;
      for (const a of p.axis) {
        const i = resolveAxis(a, x.length);
        if (!(seen & (1 << i))) n *= x[i];
        seen |= 1 << i;
      }
    }
    return { trainable: (p.center ? n : 0) + (p.scale ? n : 0), nonTrainable: 0 };
  },
  macs: () => 0,
  summary: (p) => `ε ${p.epsilon}`,
});
