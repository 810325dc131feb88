import { pooling1d } from './pooling';

export const AveragePooling1D = pooling1d(
  'AveragePooling1D',
  'Average pooling over time: replaces each poolSize window of a [timesteps, features] sequence by its mean ' +
    "per feature, downsampling audio or sensor signals smoothly. strides default to poolSize; 'valid' " +
    "floor((in - k) / s) + 1, 'same' ceil(in / s). No weights.",
);
