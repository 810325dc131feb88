import { globalPooling } from './pooling';

export const GlobalAveragePooling2D = globalPooling(
  'GlobalAveragePooling2D',
  3,
  'Global average pooling averages each channel over all positions, turning [h, w, c] into [c]. ' +
    'Introduced by Network in Network (Lin et al. 2013) to replace the heavy fully connected classifier: ' +
    'with one channel per class it needs no weights at all; GoogLeNet, ResNet and MobileNet use it before ' +
    'the final dense layer, and SE blocks use it as their "squeeze". No weights.',
);
