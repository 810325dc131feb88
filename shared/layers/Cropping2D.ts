import { z } from 'zod';
import { defineLayer, edgesLabel, edgesParam, edgesTotal, fmt, needsImage, needsOne } from './common';

const schema = z.object({
  cropping: edgesParam(0, 'Rows/columns removed: n on every side, [h, w] symmetric, or [[top, bottom], [left, right]]'),
});

export const Cropping2D = defineLayer({
  type: 'Cropping2D',
  category: 'Reshape',
  doc:
    'Removes rows and columns at the borders of a feature map. U-Net (Ronneberger et al. 2015) crops the ' +
    'encoder maps so they align with the smaller upsampled decoder maps before concatenation. No weights.',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    const bad = needsOne('Cropping2D', inputs) ?? needsImage('Cropping2D', inputs[0]);
    if (bad) return bad;
    const x = inputs[0];
    const h = x[0] - edgesTotal(p.cropping, 0);
    const w = x[1] - edgesTotal(p.cropping, 1);
    if (h < 1 || w < 1) {
      return { error: `cropping ${edgesLabel(p.cropping)} removes ${edgesTotal(p.cropping, 0)}×${edgesTotal(p.cropping, 1)} from a ${x[0]}×${x[1]} input (${fmt(x)}), leaving nothing` };
    }
    return { shape: [h, w, x[2]] };
  },
  paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => `crop ${edgesLabel(p.cropping)}`,
});
