import { elementwiseMerge } from './merge';

export const Subtract = elementwiseMerge(
  'Subtract',
  'Subtract computes input 0 minus input 1 element-wise (exactly two inputs, order matters; Keras ' +
    'broadcasting). Used for differences of features, e.g. Siamese networks comparing two embeddings. No weights.',
  2,
);
