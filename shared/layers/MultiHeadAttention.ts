import { z } from 'zod';
import type { Shape } from '../graph/types';
import { boolParam, defineLayer, fmt, intParam, last, numParam, product } from './common';

const nullableInt = (description: string) =>
  z.number({ error: 'expected a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(1 << 16).nullable().default(null).describe(description);

const schema = z.object({
  numHeads: intParam(8, 'Number of attention heads', 1024),
  keyDim: intParam(64, 'Size of each head for query and key', 1 << 16),
  valueDim: nullableInt('Size of each head for value; null = keyDim'),
  dropout: numParam(0, 'Dropout on the attention weights during training', 0, 1, true),
  useBias: boolParam(true, 'Learn biases in the four projections'),
  outputShape: nullableInt('Output features; null = the query\'s last dimension'),
});

/** [.., d] inputs: query, value, optional key (defaults to value). */
function parts(inputs: Shape[]) {
  const q = inputs[0];
  const v = inputs[1];
  const k = inputs.length > 2 ? inputs[2] : v;
  return { q, v, k };
}

export const MultiHeadAttention = defineLayer({
  type: 'MultiHeadAttention',
  category: 'Attention',
  doc:
    'Multi-head scaled dot-product attention from the Transformer (Vaswani et al. 2017, "Attention is all ' +
    'you need"): query, key and value are projected into numHeads heads, each computes softmax(QKᵀ/√keyDim)·V, ' +
    'and the heads are concatenated and projected to the output. Inputs: port 0 query [Tq, dq], port 1 ' +
    'value [Tv, dv], optional port 2 key [Tv, dk] (defaults to value); self-attention connects one tensor to ' +
    'both. Output [Tq, outputShape ?? dq]. Weights and costs as Keras: four dense projections, plus QKᵀ and ' +
    'attention·V multiply-adds.',
  paramsSchema: schema,
  arity: { min: 2, max: 3 },
  inferShape: (inputs, p) => {
    if (inputs.length < 2 || inputs.length > 3) return { error: `MultiHeadAttention takes 2 or 3 inputs (query, value[, key]), got ${inputs.length}` };
    const { q, v, k } = parts(inputs);
    if (q.length < 2) return { error: `MultiHeadAttention query {in0} must be at least 2-D [steps, features], got ${fmt(q)}` };
    if (v.length < 2) return { error: `MultiHeadAttention value {in1} must be at least 2-D [steps, features], got ${fmt(v)}` };
    if (k.length !== v.length) return { error: `MultiHeadAttention key ${fmt(k)} from {in2} and value ${fmt(v)} from {in1} must have the same rank` };
    for (let i = 0; i < v.length - 1; i++) {
      if (k[i] !== v[i]) return { error: `MultiHeadAttention needs key and value with the same steps: ${fmt(v)} from {in1} vs ${fmt(k)} from {in2}` };
    }
    const out = q.slice();
    out[out.length - 1] = p.outputShape ?? last(q);
    return { shape: out };
  },
  paramCounts: (inputs, p) => {
    const { q, v, k } = parts(inputs);
    const h = p.numHeads;
    const kd = p.keyDim;
    const vd = p.valueDim ?? kd;
    const out = p.outputShape ?? last(q);
    const b = p.useBias ? 1 : 0;
    return {
      trainable: last(q) * h * kd + b * h * kd + last(k) * h * kd + b * h * kd + last(v) * h * vd + b * h * vd + h * vd * out + b * out,
      nonTrainable: 0,
    };
  },
  macs: (inputs, output, p) => {
    const { q, v, k } = parts(inputs);
    const tq = product(q, 0, q.length - 1);
    const tv = product(v, 0, v.length - 1);
    const h = p.numHeads;
    const kd = p.keyDim;
    const vd = p.valueDim ?? kd;
    const projections = tq * last(q) * h * kd + tv * last(k) * h * kd + tv * last(v) * h * vd + tq * h * vd * last(output);
    return projections + h * tq * tv * kd + h * tq * tv * vd;
  },
  summary: (p) => `${p.numHeads}×${p.keyDim}`,
});
