import { elementwiseMerge } from './merge';

export const Average = elementwiseMerge(
  'Average',
  'Average takes the element-wise mean of its inputs (Keras broadcasting), e.g. to ensemble the outputs ' +
    'of several branches or classifier heads inside one model. No weights.',
);
