import { pooling1d } from './pooling';

export const MaxPooling1D = pooling1d(
  'MaxPooling1D',
  'Max pooling over time: keeps the largest value of each poolSize window per feature of a [timesteps, ' +
    'features] sequence, as in the CNNs for text of Kim (2014) and Collobert et al. (2011). strides default ' +
    "to poolSize; 'valid' floor((in - k) / s) + 1, 'same' ceil(in / s). No weights.",
);
