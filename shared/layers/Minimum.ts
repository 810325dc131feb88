import { elementwiseMerge } from './merge';

export const Minimum = elementwiseMerge(
  'Minimum',
  'Minimum takes the element-wise minimum of its inputs (Keras broadcasting), the counterpart of Maximum; ' +
    'e.g. to clip one branch by another or build min-pooling across branches. No weights.',
);
