import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeSchema, formatFieldValue, humanize, parseFieldInput, validateParams } from '../../../renderer/forms/schemaForm';

const size = z.union([z.number().int().min(1), z.tuple([z.number().int().min(1), z.number().int().min(1)])]);
const conv = z.object({
  filters: z.number().int().min(1).max(4096).default(32).describe('Number of output channels'),
  kernelSize: size.default(3),
  padding: z.enum(['valid', 'same']).default('valid'),
  useBias: z.boolean().default(true),
  shape: z.array(z.number().int().positive()).min(1).default([28, 28, 1]),
  rate: z.number().min(0).max(1).default(0.5),
  units: z.number().int().positive().nullable().default(null),
  label: z.string().optional(),
  mode: z.union([z.literal('a'), z.literal('b')]).default('a'),
});

describe('describeSchema', () => {
  const fields = describeSchema(conv);
  const by = (n: string) => fields.find((f) => f.name === n)!;

  it('lists every param in declaration order', () => {
    expect(fields.map((f) => f.name)).toEqual(['filters', 'kernelSize', 'padding', 'useBias', 'shape', 'rate', 'units', 'label', 'mode']);
  });
  it('maps zod types to field kinds with bounds, defaults and descriptions', () => {
    expect(by('filters')).toMatchObject({ kind: 'integer', min: 1, max: 4096, defaultValue: 32, description: 'Number of output channels' });
    expect(by('kernelSize')).toMatchObject({ kind: 'size', min: 1 });
    expect(by('kernelSize').max).toBeUndefined();
    expect(by('padding')).toMatchObject({ kind: 'enum', options: ['valid', 'same'] });
    expect(by('useBias').kind).toBe('boolean');
    expect(by('shape')).toMatchObject({ kind: 'numberArray', min: 1 });
    expect(by('rate')).toMatchObject({ kind: 'number', min: 0, max: 1 });
    expect(by('units')).toMatchObject({ kind: 'integer', nullable: true });
    expect(by('label')).toMatchObject({ kind: 'string', optional: true });
    expect(by('mode')).toMatchObject({ kind: 'enum', options: ['a', 'b'] });
  });
  it('survives schemas with transforms', () => {
    const t = z.object({ k: size.default(3).transform((v) => (typeof v === 'number' ? [v, v] : v)) });
    expect(describeSchema(t)[0].kind).toBe('size');
  });
  it('labels params readably', () => {
    expect(humanize('kernelSize')).toBe('Kernel size');
    expect(humanize('use_bias')).toBe('Use bias');
  });
});

describe('parseFieldInput / formatFieldValue', () => {
  const fields = describeSchema(conv);
  const by = (n: string) => fields.find((f) => f.name === n)!;

  it('reads a size as a number or an h, w pair', () => {
    expect(parseFieldInput(by('kernelSize'), '5')).toEqual({ ok: true, value: 5 });
    expect(parseFieldInput(by('kernelSize'), '3, 5')).toEqual({ ok: true, value: [3, 5] });
    expect(parseFieldInput(by('kernelSize'), '3×5')).toEqual({ ok: true, value: [3, 5] });
    expect(parseFieldInput(by('kernelSize'), '1,2,3')).toMatchObject({ ok: false });
    expect(formatFieldValue(by('kernelSize'), [3, 5])).toBe('3, 5');
  });
  it('reports unreadable numbers at the field', () => {
    expect(parseFieldInput(by('filters'), 'abc')).toEqual({ ok: false, error: "'abc' is not a number" });
    expect(parseFieldInput(by('filters'), '2.5')).toEqual({ ok: false, error: '2.5 is not a whole number' });
    expect(parseFieldInput(by('filters'), '')).toEqual({ ok: false, error: 'required' });
  });
  it('reads arrays, nullables, optionals and booleans', () => {
    expect(parseFieldInput(by('shape'), '32, 32, 3')).toEqual({ ok: true, value: [32, 32, 3] });
    expect(parseFieldInput(by('units'), '')).toEqual({ ok: true, value: null });
    expect(parseFieldInput(by('label'), '  ')).toEqual({ ok: true, value: undefined });
    expect(parseFieldInput(by('useBias'), false)).toEqual({ ok: true, value: false });
    expect(parseFieldInput(by('padding'), 'full')).toMatchObject({ ok: false });
  });
});

describe('validateParams', () => {
  it('maps schema errors to the offending field', () => {
    const errors = validateParams(conv, { filters: 0, rate: 2 });
    expect(Object.keys(errors).sort()).toEqual(['filters', 'rate']);
    expect(errors.filters).toMatch(/>=\s*1|at least|too small/i);
  });
  it('is empty for valid params', () => {
    expect(validateParams(conv, { filters: 8, kernelSize: [3, 3] })).toEqual({});
  });
});
