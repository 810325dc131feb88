import { globalPooling } from './pooling';

export const GlobalAveragePooling1D = globalPooling(
  'GlobalAveragePooling1D',
  2,
  'Averages each feature over all timesteps, turning [timesteps, features] into [features] — the sequence ' +
    'counterpart of Network-in-Network\'s global average pooling (Lin et al. 2013), e.g. to classify text ' +
    'from averaged word embeddings (fastText, Joulin et al. 2016). No weights.',
);
