import { globalPooling } from './pooling';

export const GlobalMaxPooling1D = globalPooling(
  'GlobalMaxPooling1D',
  2,
  'Keeps the maximum of each feature over all timesteps, turning [timesteps, features] into [features]: the ' +
    '"max-over-time pooling" of CNNs for sentence classification (Collobert et al. 2011, Kim 2014). No weights.',
);
