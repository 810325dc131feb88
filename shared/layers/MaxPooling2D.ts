import { pooling2d } from './pooling';

export const MaxPooling2D = pooling2d(
  'MaxPooling2D',
  'Max pooling keeps the largest value of each poolSize window per channel, shrinking the feature map ' +
    'and giving some translation invariance. Popularised by Ranzato et al. (2007) and AlexNet (2012), which ' +
    'used overlapping 3×3 windows with stride 2; VGG uses 2×2 / 2. strides default to poolSize ' +
    "(non-overlapping). Output size as convolutions: 'valid' floor((in - k) / s) + 1, 'same' ceil(in / s). No weights.",
);
