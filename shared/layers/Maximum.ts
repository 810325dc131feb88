import { elementwiseMerge } from './merge';

export const Maximum = elementwiseMerge(
  'Maximum',
  'Maximum takes the element-wise maximum of its inputs (Keras broadcasting). With the inputs being ' +
    'linear pieces it builds a maxout unit (Goodfellow et al. 2013). No weights.',
);
