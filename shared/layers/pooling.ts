/** Shared definition of the windowed pooling layers (max and average, 2-D and 1-D). */
import { z } from 'zod';
import type { LayerSpec } from './types';
import { window1d, window2d, windowRf } from './spatial';
import { defineLayer, nullableSizeParam, paddingParam, sizeH, sizeLabel, sizeParam, strideLabel } from './common';

const schema2d = z.object({
  poolSize: sizeParam(2, 'Height and width of the pooling window'),
  strides: nullableSizeParam('Step of the window; null = poolSize (non-overlapping windows)'),
  padding: paddingParam(),
});

export function pooling2d(type: string, doc: string): LayerSpec {
  return defineLayer({
    type,
    category: 'Pooling',
    doc,
    paramsSchema: schema2d,
    arity: { min: 1, max: 1 },
    inferShape: (inputs, p) => window2d(type, 'pool', inputs, p.poolSize, p.strides ?? p.poolSize, 1, p.padding, null),
    paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: () => 0,
    receptiveField: (p) => windowRf(p.poolSize, p.strides ?? p.poolSize, 1),
    summary: (p) => `${sizeLabel(p.poolSize)} ${strideLabel(p.strides ?? p.poolSize)} ${p.padding}`,
  });
}

const intOrNull = (description: string) =>
  z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(4096).nullable().default(null).describe(description);

const schema1d = z.object({
  poolSize: z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(4096).default(2).describe('Length of the pooling window'),
  strides: intOrNull('Step of the window; null = poolSize'),
  padding: paddingParam(),
});

export function pooling1d(type: string, doc: string): LayerSpec {
  return defineLayer({
    type,
    category: 'Pooling',
    doc,
    paramsSchema: schema1d,
    arity: { min: 1, max: 1 },
    inferShape: (inputs, p) => window1d(type, 'pool', inputs, p.poolSize, p.strides ?? p.poolSize, 1, p.padding, null),
    paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: () => 0,
    receptiveField: (p) => ({ kernel: p.poolSize, stride: p.strides ?? p.poolSize, dilation: 1 }),
    summary: (p) => `${p.poolSize} /${sizeH(p.strides ?? p.poolSize)} ${p.padding}`,
  });
}

/** Global pooling: [h, w, c] → [c] (2-D) or [steps, c] → [c] (1-D). */
export function globalPooling(type: string, rank: 2 | 3, doc: string): LayerSpec {
  return defineLayer({
    type,
    category: 'Pooling',
    doc,
    paramsSchema: z.object({}),
    arity: { min: 1, max: 1 },
    inferShape: (inputs) => {
      if (inputs.length !== 1) return { error: `${type} takes exactly 1 input, got ${inputs.length}` };
      const x = inputs[0];
      if (x.length !== rank) {
        const want = rank === 3 ? '3-D [height, width, channels]' : '2-D [timesteps, features]';
        return { error: `${type} expects a ${want} input, got [${x.join(',')}]` };
      }
      return { shape: [x[rank - 1]] };
    },
    paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: () => 0,
    summary: () => '',
  });
}
