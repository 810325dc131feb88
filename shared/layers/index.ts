/**
 * The layer registry: one spec per TF.js/Keras class name, as tfjs-layers registers classes.
 * Adding a layer = one spec file + one line in SPECS + tests.
 *
 * Conventions every spec follows:
 * - Shapes are NHWC without the batch dimension; `axis` params are Keras axes (-1 = last, positive axes
 *   count the batch axis as 0, so 3 is the channels of an image).
 * - Sizes (kernelSize, strides, poolSize, dilationRate, size) are n or [h, w], kept as the user wrote them;
 *   pooling `strides: null` means poolSize.
 * - inferShape/paramCounts/macs take params already normalised by parseLayerParams; they never parse,
 *   never throw and allocate at most the output shape. Errors are `{ error, fix? }`; merge errors name
 *   inputs as {in0}, {in1}… for the analyzer to substitute.
 * - paramCounts are Keras' (BatchNormalization: γ, β trainable, moving mean/variance non-trainable, which
 *   makes the trainable count torchvision's); macs are multiply-accumulates per sample.
 */
import { z } from 'zod';
import type { LayerSpec } from './types';
import { closest } from './common';
import { Activation } from './Activation';
import { Add } from './Add';
import { AlphaDropout } from './AlphaDropout';
import { Average } from './Average';
import { AveragePooling1D } from './AveragePooling1D';
import { AveragePooling2D } from './AveragePooling2D';
import { BatchNormalization } from './BatchNormalization';
import { Concatenate } from './Concatenate';
import { Conv1D } from './Conv1D';
import { Conv2D } from './Conv2D';
import { Conv2DTranspose } from './Conv2DTranspose';
import { Cropping2D } from './Cropping2D';
import { Dense } from './Dense';
import { DepthwiseConv2D } from './DepthwiseConv2D';
import { Dropout } from './Dropout';
import { ELU } from './ELU';
import { Embedding } from './Embedding';
import { Flatten } from './Flatten';
import { GRU } from './GRU';
import { GaussianDropout } from './GaussianDropout';
import { GaussianNoise } from './GaussianNoise';
import { GlobalAveragePooling1D } from './GlobalAveragePooling1D';
import { GlobalAveragePooling2D } from './GlobalAveragePooling2D';
import { GlobalMaxPooling1D } from './GlobalMaxPooling1D';
import { GlobalMaxPooling2D } from './GlobalMaxPooling2D';
import { Input } from './Input';
import { LRN } from './LRN';
import { LSTM } from './LSTM';
import { LayerNormalization } from './LayerNormalization';
import { LeakyReLU } from './LeakyReLU';
import { MaxPooling1D } from './MaxPooling1D';
import { MaxPooling2D } from './MaxPooling2D';
import { Maximum } from './Maximum';
import { Minimum } from './Minimum';
import { MultiHeadAttention } from './MultiHeadAttention';
import { Multiply } from './Multiply';
import { PReLU } from './PReLU';
import { Permute } from './Permute';
import { ReLU } from './ReLU';
import { RepeatVector } from './RepeatVector';
import { Reshape } from './Reshape';
import { SeparableConv2D } from './SeparableConv2D';
import { SimpleRNN } from './SimpleRNN';
import { Softmax } from './Softmax';
import { SpatialDropout1D } from './SpatialDropout1D';
import { SpatialDropout2D } from './SpatialDropout2D';
import { Subtract } from './Subtract';
import { UpSampling2D } from './UpSampling2D';
import { ZeroPadding2D } from './ZeroPadding2D';

const SPECS: readonly LayerSpec[] = [
  Input,
  Conv1D,
  Conv2D,
  DepthwiseConv2D,
  SeparableConv2D,
  Conv2DTranspose,
  MaxPooling2D,
  AveragePooling2D,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  MaxPooling1D,
  AveragePooling1D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  Dense,
  Flatten,
  Reshape,
  Permute,
  RepeatVector,
  ZeroPadding2D,
  UpSampling2D,
  Cropping2D,
  BatchNormalization,
  LayerNormalization,
  LRN,
  Dropout,
  SpatialDropout2D,
  SpatialDropout1D,
  GaussianNoise,
  GaussianDropout,
  AlphaDropout,
  Activation,
  ReLU,
  LeakyReLU,
  PReLU,
  ELU,
  Softmax,
  Add,
  Subtract,
  Multiply,
  Average,
  Maximum,
  Minimum,
  Concatenate,
  Embedding,
  SimpleRNN,
  LSTM,
  GRU,
  MultiHeadAttention,
];

export const layerRegistry: ReadonlyMap<string, LayerSpec> = new Map(SPECS.map((s) => [s.type, s]));
export const layerTypes: readonly string[] = SPECS.map((s) => s.type);

export function getLayerSpec(type: string): LayerSpec | undefined {
  return layerRegistry.get(type);
}

export type ParseLayerParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; issues: { path: string; message: string }[] };

/** "kernelSize[0]", "padding[1][0]": the path form shared/format splits back into JSON paths. */
function pathString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const quoted = (names: string[]) => names.map((n) => `'${n}'`).join(', ');

/**
 * Validates and normalises a node's params with the layer's zod schema (defaults filled in). Unknown
 * types and unknown param names are errors with the closest known names, so typos never pass silently.
 * Missing params (undefined/null) mean "all defaults".
 */
export function parseLayerParams(type: string, raw: unknown): ParseLayerParamsResult {
  const spec = layerRegistry.get(type);
  if (!spec) {
    const near = closest(type, layerTypes);
    const hint = near.length ? `; did you mean ${quoted(near)}?` : `; known types: ${layerTypes.join(', ')}`;
    return { ok: false, issues: [{ path: '', message: `unknown layer type '${type}'${hint}` }] };
  }
  const value = raw ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, issues: [{ path: '', message: `${type} params must be an object, got ${show(value)}` }] };
  }
  const issues: { path: string; message: string }[] = [];
  const schema = spec.paramsSchema;
  if (schema instanceof z.ZodObject) {
    const known = Object.keys(schema.shape);
    for (const key of Object.keys(value)) {
      if (key in schema.shape) continue;
      const near = closest(key, known, 1);
      const hint = near.length ? ` (did you mean '${near[0]}'?)` : known.length ? ` (${type} params: ${known.join(', ')})` : ` (${type} has no params)`;
      issues.push({ path: key, message: `unknown ${type} param '${key}'${hint}` });
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      issues.push({ path: pathString(i.path), message: `${i.message} (got ${show(valueAt(value, i.path))})` });
    }
  }
  if (issues.length || !parsed.success) return { ok: false, issues };
  return { ok: true, params: parsed.data };
}
