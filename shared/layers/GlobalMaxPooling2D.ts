import { globalPooling } from './pooling';

export const GlobalMaxPooling2D = globalPooling(
  'GlobalMaxPooling2D',
  3,
  'Global max pooling keeps the maximum of each channel over all positions, turning [h, w, c] into [c]: ' +
    '"is this feature present anywhere?". A variant of Network-in-Network\'s global average pooling, common ' +
    'in weakly supervised localisation and in CBAM channel attention. No weights.',
);
