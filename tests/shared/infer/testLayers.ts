/**
 * A small layer registry for analyzer tests, injected through LayerLookup so these tests pin the
 * analyzer's own behaviour (propagation, placeholders, fixes, totals) independently of the real catalog.
 * Arithmetic follows Keras: valid out = floor((in - k) / s) + 1, same out = ceil(in / s).
 */
import { z } from 'zod';
import type { Shape } from '../../../shared/graph/types';
import type { LayerSpec } from '../../../shared/layers/types';
import type { LayerLookup, ParsedParams } from '../../../shared/infer/params';

type P = Record<string, unknown>;
const num = (v: unknown) => v as number;
const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0] as number, v[1] as number] : [v as number, v as number]);
const size = z.union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.number().int().positive()])]);
const padding = z.enum(['valid', 'same']);

function base(type: string, schema: z.ZodType<P>, arity: { min: number; max: number | null }, infer: (inputs: Shape[], p: P) => ReturnType<LayerSpec['inferShape']>): LayerSpec {
  return {
    type,
    category: 'Core',
    doc: type,
    paramsSchema: schema,
    arity,
    inferShape: infer,
    paramCounts: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: () => 0,
    summary: () => type,
  };
}

function convOut(inp: number, k: number, s: number, pad: unknown): number {
  return pad === 'same' ? Math.ceil(inp / s) : Math.floor((inp - k) / s) + 1;
}

function spatial(type: string, kernelKey: string, rank3: (p: P, inp: Shape, out: [number, number]) => Shape): LayerSpec['inferShape'] {
  return (inputs, p) => {
    const [x] = inputs;
    if (x.length !== 3) return { error: `${type} expects a [h,w,c] input, got [${x.join(',')}]` };
    const [kh, kw] = pair(p[kernelKey]);
    const [sh, sw] = pair(p.strides ?? p[kernelKey]);
    if (p.padding === 'valid' && (kh > x[0] || kw > x[1])) {
      return { error: `kernel ${kh}×${kw} is larger than the ${x[0]}×${x[1]} input with padding 'valid'`, fix: { kind: 'setParams', label: "Set padding to 'same'", params: { padding: 'same' } } };
    }
    return { shape: rank3(p, x, [convOut(x[0], kh, sh, p.padding), convOut(x[1], kw, sw, p.padding)]) };
  };
}

const Conv2D: LayerSpec = {
  ...base(
    'Conv2D',
    z.object({ filters: z.number().int().positive().default(32), kernelSize: size.default(3), strides: size.default(1), padding: padding.default('valid'), useBias: z.boolean().default(true) }),
    { min: 1, max: 1 },
    spatial('Conv2D', 'kernelSize', (p, _x, [h, w]) => [h, w, num(p.filters)]),
  ),
  paramCounts: (inputs, p) => {
    const [kh, kw] = pair(p.kernelSize);
    return { trainable: kh * kw * inputs[0][2] * num(p.filters) + (p.useBias ? num(p.filters) : 0), nonTrainable: 0 };
  },
  macs: (inputs, out, p) => {
    const [kh, kw] = pair(p.kernelSize);
    return out[0] * out[1] * out[2] * kh * kw * inputs[0][2];
  },
  receptiveField: (p) => ({ kernel: pair(p.kernelSize)[0], stride: pair(p.strides)[0], dilation: 1 }),
};

const MaxPooling2D: LayerSpec = {
  ...base(
    'MaxPooling2D',
    z.object({ poolSize: size.default(2), strides: size.optional(), padding: padding.default('valid') }),
    { min: 1, max: 1 },
    spatial('MaxPooling2D', 'poolSize', (_p, x, [h, w]) => [h, w, x[2]]),
  ),
  receptiveField: (p) => ({ kernel: pair(p.poolSize)[0], stride: pair(p.strides ?? p.poolSize)[0], dilation: 1 }),
};

const Dense: LayerSpec = {
  ...base('Dense', z.object({ units: z.number().int().positive().default(10), useBias: z.boolean().default(true) }), { min: 1, max: 1 }, (inputs, p) => ({
    shape: [...inputs[0].slice(0, -1), num(p.units)],
  })),
  paramCounts: (inputs, p) => ({ trainable: inputs[0][inputs[0].length - 1] * num(p.units) + (p.useBias ? num(p.units) : 0), nonTrainable: 0 }),
  macs: (inputs, out) => (inputs[0][inputs[0].length - 1] * out.reduce((a, b) => a * b, 1)),
};

const merge = (type: string): LayerSpec =>
  base(type, z.object({}), { min: 2, max: null }, (inputs) => {
    for (let i = 1; i < inputs.length; i++) {
      if (inputs[i].join() !== inputs[0].join()) return { error: `${type} needs equal shapes: [${inputs[0].join(',')}] from {in0} vs [${inputs[i].join(',')}] from {in${i}}` };
    }
    return { shape: inputs[0] };
  });

const Concatenate = base('Concatenate', z.object({ axis: z.number().int().default(-1) }), { min: 2, max: null }, (inputs) => {
  const head = inputs[0].slice(0, -1).join();
  const bad = inputs.findIndex((s) => s.slice(0, -1).join() !== head);
  if (bad > 0) return { error: `Concatenate needs equal shapes except on the last axis: [${inputs[0].join(',')}] from {in0} vs [${inputs[bad].join(',')}] from {in${bad}}` };
  return { shape: [...inputs[0].slice(0, -1), inputs.reduce((a, s) => a + s[s.length - 1], 0)] };
});

const specs: LayerSpec[] = [
  base('Input', z.object({ shape: z.array(z.number().int().positive()).default([28, 28, 1]) }), { min: 0, max: 0 }, (_i, p) => ({ shape: p.shape as Shape })),
  Conv2D,
  MaxPooling2D,
  Dense,
  base('Flatten', z.object({}), { min: 1, max: 1 }, (inputs) => ({ shape: [inputs[0].reduce((a, b) => a * b, 1)] })),
  base('Activation', z.object({ activation: z.string().default('relu') }), { min: 1, max: 1 }, (inputs) => ({ shape: inputs[0] })),
  merge('Add'),
  Concatenate,
];

export const testRegistry = new Map(specs.map((s) => [s.type, s]));

export const testLayers: LayerLookup = {
  getLayerSpec: (type) => testRegistry.get(type),
  parseLayerParams(type, raw): ParsedParams {
    const spec = testRegistry.get(type);
    if (!spec) return { ok: false, issues: [{ path: '', message: `unknown layer type '${type}'` }] };
    const r = spec.paramsSchema.safeParse(raw);
    if (r.success) return { ok: true, params: r.data as Record<string, unknown> };
    return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  },
};
