import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getLayerSpec, layerRegistry, layerTypes, parseLayerParams } from '../../../shared/layers';

const REQUIRED = [
  'Input', 'Conv1D', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'MaxPooling2D', 'AveragePooling2D',
  'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'ZeroPadding2D', 'UpSampling2D', 'Cropping2D', 'Dense', 'Flatten', 'Reshape',
  'Permute', 'Dropout', 'SpatialDropout2D', 'BatchNormalization', 'LayerNormalization', 'LRN', 'Activation', 'Add', 'Subtract',
  'Multiply', 'Average', 'Maximum', 'Concatenate', 'Embedding', 'SimpleRNN', 'LSTM', 'GRU', 'MultiHeadAttention',
];

describe('registry', () => {
  it('registers every catalog layer by its class name', () => {
    for (const t of REQUIRED) expect(getLayerSpec(t)?.type, t).toBe(t);
    expect([...layerRegistry.keys()]).toEqual(layerTypes);
    expect(getLayerSpec('Nope')).toBeUndefined();
  });

  it.each(layerTypes)('%s: defaults, doc, arity, form schema, summary', (type) => {
    const spec = getLayerSpec(type)!;
    const defaults = spec.paramsSchema.parse({});
    expect(parseLayerParams(type, {})).toEqual({ ok: true, params: defaults });
    expect(parseLayerParams(type, undefined)).toEqual({ ok: true, params: defaults });
    // Parsing is idempotent: normalised params stay normalised.
    expect(parseLayerParams(type, defaults)).toEqual({ ok: true, params: defaults });
    expect(spec.doc.length, 'one paragraph of doc').toBeGreaterThan(150);
    expect(spec.arity.min).toBeGreaterThanOrEqual(0);
    expect(typeof spec.summary(defaults)).toBe('string');
    // The inspector builds its form from the JSON Schema: every param must be representable.
    const json = z.toJSONSchema(spec.paramsSchema, { io: 'input' }) as { properties?: Record<string, unknown> };
    expect(Object.keys(json.properties ?? {})).toEqual(Object.keys(defaults));
  });
});

describe('parseLayerParams', () => {
  it('unknown types list the closest known names', () => {
    expect(parseLayerParams('Conv2d', {})).toEqual({ ok: false, issues: [{ path: '', message: "unknown layer type 'Conv2d'; did you mean 'Conv2D'?" }] });
    const r = parseLayerParams('Pooling', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toBe("unknown layer type 'Pooling'; did you mean 'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D'?");
    const far = parseLayerParams('Xyzzy123456', {});
    if (!far.ok) expect(far.issues[0].message).toContain('known types: Input, Conv1D');
  });

  it('unknown params, wrong values: path, reason and the offending value', () => {
    const r = parseLayerParams('Conv2D', { filter: 3, kernelSize: [3, 0], padding: 'full', strides: 1.5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toContainEqual({ path: 'filter', message: "unknown Conv2D param 'filter' (did you mean 'filters'?)" });
    expect(r.issues).toContainEqual({ path: 'kernelSize[1]', message: 'must be at least 1 (got 0)' });
    expect(r.issues.find((i) => i.path === 'padding')?.message).toContain("expected 'valid'");
    expect(r.issues.find((i) => i.path === 'strides')?.message).toContain('(got 1.5)');
    expect(parseLayerParams('Flatten', { x: 1 })).toEqual({ ok: false, issues: [{ path: 'x', message: "unknown Flatten param 'x' (Flatten has no params)" }] });
    expect(parseLayerParams('Dense', 5)).toEqual({ ok: false, issues: [{ path: '', message: 'Dense params must be an object, got 5' }] });
    expect(parseLayerParams('Dropout', { rate: 1 }).ok).toBe(false);
    expect(parseLayerParams('Dense', { units: 0 }).ok).toBe(false);
    expect(parseLayerParams('ZeroPadding2D', { padding: [[1, 2], [3, -1]] })).toEqual({ ok: false, issues: [{ path: 'padding[1][1]', message: 'must be at least 0 (got -1)' }] });
  });
});

/** Candidate values per param name: valid and edge-case values, so fuzzing explores real configurations. */
const VALUES: Record<string, fc.Arbitrary<unknown>> = {
  shape: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
  filters: fc.integer({ min: 1, max: 64 }),
  units: fc.integer({ min: 1, max: 64 }),
  kernelSize: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }))),
  poolSize: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))),
  strides: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 4 }), fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))),
  dilationRate: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))),
  padding: fc.oneof(fc.constantFrom('valid', 'same', 'causal'), fc.integer({ min: 0, max: 3 }), fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))),
  cropping: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.tuple(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })))),
  size: fc.integer({ min: 1, max: 4 }),
  axis: fc.oneof(fc.integer({ min: -4, max: 4 }), fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 3 })),
  targetShape: fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 4 }),
  dims: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
  depthMultiplier: fc.integer({ min: 1, max: 3 }),
  useBias: fc.boolean(),
  center: fc.boolean(),
  scale: fc.boolean(),
  returnSequences: fc.boolean(),
  resetAfter: fc.boolean(),
  numHeads: fc.integer({ min: 1, max: 4 }),
  keyDim: fc.integer({ min: 1, max: 8 }),
  valueDim: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 8 })),
  outputShape: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 8 })),
  outputDim: fc.integer({ min: 1, max: 16 }),
};

const shapeArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 0, maxLength: 4 });

describe('inference is total', () => {
  it.each(layerTypes)('%s never throws, and successful results are sane', (type) => {
    const spec = getLayerSpec(type)!;
    const keys = Object.keys(spec.paramsSchema.parse({})).filter((k) => k in VALUES);
    const rawArb = fc.record(Object.fromEntries(keys.map((k) => [k, VALUES[k]])), { requiredKeys: [] });
    const maxInputs = spec.arity.max ?? 4;
    fc.assert(
      fc.property(rawArb, fc.array(shapeArb, { minLength: spec.arity.min, maxLength: Math.max(spec.arity.min, maxInputs) }), (raw, inputs) => {
        const parsed = parseLayerParams(type, raw);
        if (!parsed.ok) return;
        const r = spec.inferShape(inputs, parsed.params);
        if ('error' in r) {
          expect(r.error.length).toBeGreaterThan(10);
          return;
        }
        for (const d of r.shape) expect(Number.isInteger(d) && d >= 1, `${type} ${JSON.stringify(raw)} on ${JSON.stringify(inputs)} → ${JSON.stringify(r.shape)}`).toBe(true);
        const counts = spec.paramCounts(inputs, parsed.params);
        const macs = spec.macs(inputs, r.shape, parsed.params);
        for (const n of [counts.trainable, counts.nonTrainable, macs]) expect(Number.isInteger(n) && n >= 0, `${type} costs ${n}`).toBe(true);
        if (spec.receptiveField) expect(spec.receptiveField(parsed.params).kernel).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
