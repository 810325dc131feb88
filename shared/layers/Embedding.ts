import { z } from 'zod';
import { defineLayer, fmt, intParam } from './common';

const schema = z.object({
  inputDim: intParam(1000, 'Vocabulary size: inputs are integer ids 0..inputDim-1', 1 << 26),
  outputDim: intParam(64, 'Length of each embedding vector', 1 << 16),
});

export const Embedding = defineLayer({
  type: 'Embedding',
  category: 'Embedding',
  doc:
    'Looks up a learned vector for each integer id (a word or token index): [steps] ids become ' +
    '[steps, outputDim]. Equivalent to a one-hot input times a weight matrix, without the multiplications. ' +
    'Learned word vectors go back to Bengio et al.\'s neural language model (2003) and word2vec (Mikolov ' +
    'et al. 2013). Weights: inputDim·outputDim; no multiply-adds (a gather).',
  paramsSchema: schema,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    if (inputs.length !== 1) return { error: `Embedding takes exactly 1 input, got ${inputs.length}` };
    const x = inputs[0];
    if (x.length === 0) return { error: `Embedding needs a [steps] input of token ids, got ${fmt(x)}` };
    const out = x.slice();
    out.push(p.outputDim);
    return { shape: out };
  },
  paramCounts: (_inputs, p) => ({ trainable: p.inputDim * p.outputDim, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => `${p.inputDim}→${p.outputDim}`,
});
