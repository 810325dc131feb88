/** Literal and call formatting for the Keras (Python) and TF.js (TypeScript) targets. */
import type { Arg, Flavour, LayerCall } from './kerasLayers';

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function literal(v: Arg, f: Flavour): string {
  if (v === null) return f === 'keras' ? 'None' : 'null';
  if (typeof v === 'boolean') return f === 'keras' ? (v ? 'True' : 'False') : String(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, f)).join(', ')}]`;
  const items = v.tuple.map((x) => literal(x, f));
  if (f === 'tfjs') return `[${items.join(', ')}]`;
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** TF.js: a capitalised class is one of ours, defined in the generated file (tf.layers factories are camelCase). */
export const isOwnTfjsClass = (className: string): boolean => /^[A-Z]/.test(className);

/** `layers.Conv2D(32, kernel_size=3, …)` or `tf.layers.conv2d({ filters: 32, … })`. */
export function constructor(c: LayerCall, f: Flavour): string {
  if (f === 'keras') {
    const parts = [...(c.positional !== undefined ? [literal(c.positional, f)] : []), ...c.args.map(([k, v]) => `${snake(k)}=${literal(v, f)}`)];
    return `layers.${c.className}(${parts.join(', ')})`;
  }
  const obj = `{ ${c.args.map(([k, v]) => `${k}: ${literal(v, f)}`).join(', ')} }`;
  return isOwnTfjsClass(c.className) ? `new ${c.className}(${obj})` : `tf.layers.${c.className}(${obj})`;
}
