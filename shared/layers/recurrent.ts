/**
 * Recurrent layers share one shape rule ([steps, features] → [steps, units] or [units]) and one cost model:
 * per step each gate is a dense layer on [x_t, h_{t-1}], i.e. gates·units·(features + units) multiply-adds.
 */
import { z } from 'zod';
import type { LayerSpec } from './types';
import { activationParam, boolParam, defineLayer, intParam, needsOne, needsSequence, numParam } from './common';

const common = {
  units: intParam(32, 'Size of the hidden state (output features)', 1 << 16),
  activation: activationParam('tanh', 'Activation of the candidate state / output'),
  useBias: boolParam(true, 'Learn biases'),
  returnSequences: boolParam(false, 'Output every step [steps, units] instead of only the last [units]'),
  dropout: numParam(0, 'Dropout on the inputs during training', 0, 1, true),
  recurrentDropout: numParam(0, 'Dropout on the recurrent state during training', 0, 1, true),
};
const gated = { ...common, recurrentActivation: activationParam('sigmoid', 'Activation of the gates') };

const simpleSchema = z.object(common);
const lstmSchema = z.object({ ...gated, unitForgetBias: boolParam(true, 'Initialise the forget-gate bias to 1 (Jozefowicz et al. 2015)') });
const gruSchema = z.object({ ...gated, resetAfter: boolParam(true, 'Apply the reset gate after the recurrent matmul (Keras 2+/cuDNN/PyTorch convention; one extra bias per gate)') });

interface Recurrent {
  type: string;
  doc: string;
  gates: number;
  /** Bias vectors per gate: 2 for GRU with resetAfter (input and recurrent biases), else 1. */
  biases: (p: Record<string, unknown>) => number;
}

function recurrentLayer<S extends z.ZodObject<typeof common>>(r: Recurrent, schema: S): LayerSpec {
  return defineLayer({
    type: r.type,
    category: 'Recurrent',
    doc: r.doc,
    paramsSchema: schema as unknown as z.ZodType<z.output<typeof simpleSchema> & Record<string, unknown>>,
    arity: { min: 1, max: 1 },
    inferShape: (inputs, p) => {
      const bad = needsOne(r.type, inputs) ?? needsSequence(r.type, inputs[0]);
      if (bad) return bad;
      return { shape: p.returnSequences ? [inputs[0][0], p.units] : [p.units] };
    },
    paramCounts: (inputs, p) => {
      const u = p.units;
      return { trainable: r.gates * (u * (inputs[0][1] + u) + (p.useBias ? r.biases(p) * u : 0)), nonTrainable: 0 };
    },
    macs: (inputs, _out, p) => inputs[0][0] * r.gates * p.units * (inputs[0][1] + p.units),
    summary: (p) => `${p.units}${p.returnSequences ? ' seq' : ''}`,
  });
}

export const SimpleRNN = recurrentLayer(
  {
    type: 'SimpleRNN',
    gates: 1,
    biases: () => 1,
    doc:
      'Fully connected recurrent layer (Elman 1990): h_t = activation(W·x_t + U·h_{t-1} + b), run over the ' +
      'sequence. Simple but hard to train over long spans because gradients vanish or explode (Bengio et ' +
      'al. 1994), which motivated LSTM and GRU. Weights: units·(features + units) + units (PyTorch nn.RNN ' +
      'keeps two bias vectors, one more per unit).',
  },
  simpleSchema,
);

export const LSTM = recurrentLayer(
  {
    type: 'LSTM',
    gates: 4,
    biases: () => 1,
    doc:
      'Long short-term memory (Hochreiter & Schmidhuber 1997, forget gate by Gers et al. 2000): a cell state ' +
      'with input, forget and output gates lets gradients flow across many steps, so it learns long-range ' +
      'dependencies that a simple RNN cannot. Four gates, each a dense layer on [x_t, h_{t-1}]: weights ' +
      '4·(units·(features + units) + units) as Keras (PyTorch nn.LSTM has a second bias: + 4·units).',
  },
  lstmSchema,
);

export const GRU = recurrentLayer(
  {
    type: 'GRU',
    gates: 3,
    biases: (p) => (p.resetAfter ? 2 : 1),
    doc:
      'Gated recurrent unit (Cho et al. 2014): update and reset gates and no separate cell state, about as ' +
      'good as LSTM with three instead of four gates. With resetAfter (the Keras 2+ default, cuDNN- and ' +
      'PyTorch-compatible) each gate has an input and a recurrent bias: weights 3·(units·(features + units) ' +
      '+ 2·units), equal to PyTorch nn.GRU; without it 3·(units·(features + units) + units).',
  },
  gruSchema,
);
