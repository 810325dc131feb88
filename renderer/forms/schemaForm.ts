/**
 * Form generation from a layer's zod params schema. We go through zod 4's JSON-Schema export rather than
 * zod internals: it is a documented, stable shape (type/enum/anyOf/prefixItems/minimum…) and handles
 * defaults, unions and nullables uniformly. Pure module: unit-tested without a DOM.
 */
import { z } from 'zod';

export type FieldKind = 'number' | 'integer' | 'enum' | 'boolean' | 'size' | 'numberArray' | 'string' | 'json';

export interface FieldDescriptor {
  name: string;
  kind: FieldKind;
  label: string;
  description?: string;
  options?: string[];
  min?: number;
  max?: number;
  nullable: boolean;
  optional: boolean;
  defaultValue?: unknown;
}

type JsonSchema = Record<string, unknown>;

const SAFE = Number.MAX_SAFE_INTEGER;

function asObj(v: unknown): JsonSchema | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonSchema) : null;
}

function types(s: JsonSchema): string[] {
  const t = s.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function isNumeric(s: JsonSchema): boolean {
  return types(s).some((t) => t === 'number' || t === 'integer');
}

/** Splits an `anyOf` into its non-null members, remembering whether null was allowed. */
function variants(s: JsonSchema): { members: JsonSchema[]; nullable: boolean } {
  const any = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null;
  if (!any) {
    const t = types(s);
    const nullable = t.includes('null');
    if (nullable && t.length > 1) return { members: [{ ...s, type: t.filter((x) => x !== 'null') }], nullable };
    return { members: [s], nullable };
  }
  const members: JsonSchema[] = [];
  let nullable = false;
  for (const m of any) {
    const o = asObj(m);
    if (!o) continue;
    if (types(o).length === 1 && types(o)[0] === 'null') nullable = true;
    else members.push(...variants(o).members);
  }
  return { members, nullable };
}

function bound(v: unknown, exclusive: unknown, dir: 1 | -1): number | undefined {
  if (typeof v === 'number' && Math.abs(v) < SAFE) return v;
  if (typeof exclusive === 'number' && Math.abs(exclusive) < SAFE) return exclusive + dir;
  return undefined;
}

function isPairArray(s: JsonSchema): boolean {
  return types(s).includes('array') && Array.isArray(s.prefixItems) && s.prefixItems.length === 2;
}

function isNumberArray(s: JsonSchema): boolean {
  if (!types(s).includes('array')) return false;
  const items = asObj(s.items);
  if (items && isNumeric(items)) return true;
  return Array.isArray(s.prefixItems) && s.prefixItems.every((p) => asObj(p) && isNumeric(asObj(p)!));
}

/** "kernelSize" → "Kernel size" */
export function humanize(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function describeField(name: string, prop: JsonSchema, required: boolean): FieldDescriptor {
  const { members, nullable } = variants(prop);
  const base = {
    name,
    label: humanize(name),
    description: typeof prop.description === 'string' ? prop.description : undefined,
    nullable,
    optional: !required && !('default' in prop),
    defaultValue: prop.default,
  };
  const numeric = members.find(isNumeric);
  const bounds = (s: JsonSchema) => ({
    min: bound(s.minimum, s.exclusiveMinimum, 1),
    max: bound(s.maximum, s.exclusiveMaximum, -1),
  });
  if (members.length === 2 && numeric && members.some(isPairArray)) {
    return { ...base, kind: 'size', ...bounds(numeric) };
  }
  if (members.length === 1) {
    const m = members[0];
    if (Array.isArray(m.enum) && m.enum.every((e) => typeof e === 'string')) {
      return { ...base, kind: 'enum', options: m.enum as string[] };
    }
    if (m.const !== undefined && typeof m.const === 'string') return { ...base, kind: 'enum', options: [m.const] };
    const t = types(m);
    if (t.includes('boolean')) return { ...base, kind: 'boolean' };
    if (t.includes('integer')) return { ...base, kind: 'integer', ...bounds(m) };
    if (t.includes('number')) return { ...base, kind: 'number', ...bounds(m) };
    if (isNumberArray(m)) {
      const items = asObj(m.items) ?? asObj((m.prefixItems as unknown[])[0]) ?? {};
      return { ...base, kind: 'numberArray', ...bounds(items) };
    }
    if (t.includes('string')) return { ...base, kind: 'string' };
  }
  // A union of string literals from separate members (z.union([z.literal('a'), z.literal('b')])).
  if (members.length > 1 && members.every((m) => typeof m.const === 'string' || Array.isArray(m.enum))) {
    const options = members.flatMap((m) => (Array.isArray(m.enum) ? (m.enum as string[]) : [m.const as string]));
    return { ...base, kind: 'enum', options };
  }
  return { ...base, kind: 'json' };
}

/** Field descriptors for every top-level param of an object schema, in declaration order. */
export function describeSchema(schema: z.ZodType): FieldDescriptor[] {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  } catch {
    return [];
  }
  const props = asObj(json.properties);
  if (!props) return [];
  const required = new Set(Array.isArray(json.required) ? (json.required as string[]) : []);
  return Object.entries(props).map(([name, p]) => describeField(name, asObj(p) ?? {}, required.has(name)));
}

/** Value → text for an input box. */
export function formatFieldValue(field: FieldDescriptor, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'size':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'numberArray':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

export type ParsedField = { ok: true; value: unknown } | { ok: false; error: string };

function parseNumber(text: string, integer: boolean): number | string {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) return `'${text.trim()}' is not a number`;
  if (integer && !Number.isInteger(n)) return `${n} is not a whole number`;
  return n;
}

function parseList(text: string, integer: boolean): number[] | string {
  const parts = text
    .split(/[\s,×x]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return 'enter at least one number';
  const out: number[] = [];
  for (const p of parts) {
    const n = parseNumber(p, integer);
    if (typeof n === 'string') return n;
    out.push(n);
  }
  return out;
}

/** Text (or checkbox state) → value, with a field-level message when it cannot be read at all. */
export function parseFieldInput(field: FieldDescriptor, input: string | boolean): ParsedField {
  if (typeof input === 'boolean') return { ok: true, value: input };
  const text = input.trim();
  if (text === '') {
    if (field.nullable) return { ok: true, value: null };
    if (field.optional) return { ok: true, value: undefined };
    return { ok: false, error: 'required' };
  }
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const n = parseNumber(text, field.kind === 'integer');
      return typeof n === 'string' ? { ok: false, error: n } : { ok: true, value: n };
    }
    case 'size': {
      const l = parseList(text, true);
      if (typeof l === 'string') return { ok: false, error: l };
      if (l.length === 1) return { ok: true, value: l[0] };
      if (l.length === 2) return { ok: true, value: l };
      return { ok: false, error: 'enter one number or a pair "h, w"' };
    }
    case 'numberArray': {
      const l = parseList(text, Number.isInteger(field.min ?? 0) && !text.includes('.'));
      return typeof l === 'string' ? { ok: false, error: l } : { ok: true, value: l };
    }
    case 'enum':
      return field.options?.includes(text) ? { ok: true, value: text } : { ok: false, error: `choose one of ${field.options?.join(', ')}` };
    case 'boolean':
      return { ok: true, value: text === 'true' };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: false, error: 'not valid JSON' };
      }
    default:
      return { ok: true, value: text };
  }
}

/** Validates full params against the schema; returns messages keyed by top-level param name ('' = whole form). */
export function validateParams(schema: z.ZodType, params: Record<string, unknown>): Record<string, string> {
  const r = schema.safeParse(params);
  if (r.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}
