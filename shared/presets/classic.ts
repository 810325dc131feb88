import type { GraphData } from '../graph/types';
import { torchConv } from '../blocks/expansion';
import { PresetBuilder, type Ref } from './builder';

const relu = { activation: 'relu' };
const dense = (units: number, activation = 'relu') => ({ units, activation, useBias: true });
const maxPool = (poolSize: number, strides: number, padding = 'valid') => ({ poolSize, strides, padding });

/** LeNet-5 in its modern form (ReLU + max-pool), on 28×28 MNIST with 'same' padding on conv1: 61,706 params. */
export function lenet5(): GraphData {
  const b = new PresetBuilder();
  b.chain(b.input([28, 28, 1]), [
    ['conv1', 'Conv2D', { filters: 6, kernelSize: 5, strides: 1, padding: 'same', ...relu, useBias: true }],
    ['pool1', 'MaxPooling2D', maxPool(2, 2)],
    ['conv2', 'Conv2D', { filters: 16, kernelSize: 5, strides: 1, padding: 'valid', ...relu, useBias: true }],
    ['pool2', 'MaxPooling2D', maxPool(2, 2)],
    ['flatten', 'Flatten', {}],
    ['fc1', 'Dense', dense(120)],
    ['fc2', 'Dense', dense(84)],
    ['fc3', 'Dense', dense(10, 'softmax')],
  ]);
  return b.build();
}

/**
 * torchvision's AlexNet (the single-GPU "one weird trick" variant: 64-192-384-256-256 filters, no LRN).
 * AdaptiveAvgPool(6×6) is the identity at 224×224, so it is omitted.
 */
export function alexnet(): GraphData {
  const b = new PresetBuilder();
  let x = b.input([224, 224, 3]);
  x = b.inline(x, (e, i) => torchConv(e, 'conv1', i, { filters: 64, kernel: 11, stride: 4, pad: 2, activation: 'relu' }));
  x = b.layer('pool1', 'MaxPooling2D', maxPool(3, 2), x);
  x = b.inline(x, (e, i) => torchConv(e, 'conv2', i, { filters: 192, kernel: 5, pad: 2, activation: 'relu' }));
  x = b.layer('pool2', 'MaxPooling2D', maxPool(3, 2), x);
  for (const [id, filters] of [['conv3', 384], ['conv4', 256], ['conv5', 256]] as const)
    x = b.inline(x, (e, i) => torchConv(e, id, i, { filters, kernel: 3, pad: 1, activation: 'relu' }));
  x = b.layer('pool5', 'MaxPooling2D', maxPool(3, 2), x);
  return head(b, x, [['dropout1'], ['fc1', 4096], ['dropout2'], ['fc2', 4096], ['fc3', 1000]]);
}

const VGG: Record<'vgg11' | 'vgg16' | 'vgg19', number[]> = {
  vgg11: [1, 1, 2, 2, 2],
  vgg16: [2, 2, 3, 3, 3],
  vgg19: [2, 2, 4, 4, 4],
};

/** VGG-11/16/19 (configurations A, D, E; no batch norm) as five VGGBlock stages. */
export function vgg(depth: keyof typeof VGG): GraphData {
  const b = new PresetBuilder();
  let x = b.input([224, 224, 3]);
  VGG[depth].forEach((numConvs, i) => {
    x = b.block(`stage${i + 1}`, 'VGGBlock', { numConvs, filters: Math.min(64 << i, 512) }, x);
  });
  return head(b, x, [['fc1', 4096], ['dropout1'], ['fc2', 4096], ['dropout2'], ['fc3', 1000]]);
}

/** Flatten then the dense classifier; `[id]` is Dropout(0.5), `[id, units]` a Dense (last one softmax). */
function head(b: PresetBuilder, x: Ref, layers: ([string] | [string, number])[]): GraphData {
  x = b.layer('flatten', 'Flatten', {}, x);
  layers.forEach(([id, units], i) => {
    const last = i === layers.length - 1;
    x = units === undefined ? b.layer(id, 'Dropout', { rate: 0.5 }, x) : b.layer(id, 'Dense', dense(units, last ? 'softmax' : 'relu'), x);
  });
  return b.build();
}

/**
 * Network in Network for CIFAR-10 as in the paper (Lin et al. 2013, and the authors' published Caffe
 * definition): three mlpconv layers (192 5×5 → 160 → 96; 192 5×5 → 192 → 192; 192 3×3 → 192 → 10), 3×3/2
 * max-pool then avg-pool with dropout 0.5 between them, and global average pooling instead of dense layers.
 */
export function nin(): GraphData {
  const b = new PresetBuilder();
  let x = b.input([32, 32, 3]);
  x = b.block('mlpconv1', 'MlpConv', { filters: 192, kernelSize: 5, filters1x1: [160, 96] }, x);
  x = b.layer('pool1', 'MaxPooling2D', maxPool(3, 2, 'same'), x);
  x = b.layer('dropout1', 'Dropout', { rate: 0.5 }, x);
  x = b.block('mlpconv2', 'MlpConv', { filters: 192, kernelSize: 5, filters1x1: [192, 192] }, x);
  x = b.layer('pool2', 'AveragePooling2D', maxPool(3, 2, 'same'), x);
  x = b.layer('dropout2', 'Dropout', { rate: 0.5 }, x);
  x = b.block('mlpconv3', 'MlpConv', { filters: 192, kernelSize: 3, filters1x1: [192, 10] }, x);
  x = b.layer('gap', 'GlobalAveragePooling2D', {}, x);
  b.layer('softmax', 'Activation', { activation: 'softmax' }, x);
  return b.build();
}
