/** Identifier helpers: readable, unique, language-safe names derived from node and group names. */

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(' '),
);

/** Names that would shadow the generated code's own imports, helpers or nn.Module/Keras attributes. */
const RESERVED = new Set(
  [
    'self', 'x', 'torch', 'nn', 'F', 'tf', 'keras', 'layers', 'math', 'json', 'os', 'np', 'inputs', 'outputs', 'model',
    'forward', 'training', 'train', 'eval', 'parameters', 'modules', 'children', 'state_dict', 'cuda', 'cpu', 'to', 'type',
    'float', 'double', 'half', 'apply', 'zero_grad', 'register_buffer', 'register_parameter', 'add_module', 'buffers',
    'named_parameters', 'named_modules', 'requires_grad_', 'load_state_dict', 'extra_repr', 'dump_patches', 'call',
    'input', 'print', 'len', 'range', 'list', 'dict', 'max', 'min', 'sum', 'object', 'super', 'main', 'args', 'name',
    'const', 'let', 'var', 'function', 'new', 'delete', 'default', 'export', 'this', 'void', 'typeof', 'instanceof', 'switch',
    'enum', 'interface', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await', 'implements', 'extends', 'do',
  ],
);

/** A snake_case-ish identifier from free text ("Conv 1/3×3" → "conv_1_3x3"). */
export function identifier(text: string, fallback = 'layer'): string {
  let s = text
    .replace(/×/g, 'x')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') s = fallback;
  if (/^[0-9]/.test(s)) s = `${fallback}_${s}`;
  if (PY_KEYWORDS.has(s) || RESERVED.has(s)) s = `${s}_`;
  return s;
}

/** Lower-case file name stem for an exported project: its name, else its preset, else 'model'. */
export function fileStem(meta: { name?: unknown; preset?: unknown }): string {
  return identifier(String(meta.name ?? meta.preset ?? 'model'), 'model').toLowerCase();
}

/** "inception_3a" → "Inception3a" (a class name). */
export function className(text: string, fallback = 'Block'): string {
  const parts = identifier(text, fallback).split('_').filter(Boolean);
  const s = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return /^[A-Za-z]/.test(s) ? s : fallback + s;
}

/** Hands out unique names: the first asker gets `base`, later ones `base_2`, `base_3`… */
export class NameTable {
  private readonly used = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }
  take(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** A string literal valid in both Python and TypeScript (JSON escaping). */
export function quote(s: string): string {
  return JSON.stringify(s);
}

