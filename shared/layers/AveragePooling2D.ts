import { pooling2d } from './pooling';

export const AveragePooling2D = pooling2d(
  'AveragePooling2D',
  'Average pooling replaces each poolSize window by its mean per channel. It is the subsampling of ' +
    'LeNet-5 (LeCun et al. 1998, there with a learned scale) and the transition layer of DenseNet. strides ' +
    "default to poolSize. With padding 'same', Keras averages over the valid (unpadded) cells only. No weights.",
);
