import type { GraphData } from '../graph/types';
import { convBnAct } from '../blocks/expansion';
import { PresetBuilder, type Ref } from './builder';

const BN3 = { epsilon: 0.001 };

/** Inception v1 table from the paper: [#1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj]. */
const GOOGLENET: Record<string, number[]> = {
  inception3a: [64, 96, 128, 16, 32, 32],
  inception3b: [128, 128, 192, 32, 96, 64],
  inception4a: [192, 96, 208, 16, 48, 64],
  inception4b: [160, 112, 224, 24, 64, 64],
  inception4c: [128, 128, 256, 24, 64, 64],
  inception4d: [112, 144, 288, 32, 64, 64],
  inception4e: [256, 160, 320, 32, 128, 128],
  inception5a: [256, 160, 320, 32, 128, 128],
  inception5b: [384, 192, 384, 48, 128, 128],
};

/**
 * torchvision's GoogLeNet (batch-norm variant, no auxiliary heads): BasicConv2d = conv without bias →
 * BN(eps 0.001) → ReLU, and 3×3 kernels in the "5×5" branches. Its ceil-mode 3×3/2 max-pools on even
 * sizes give exactly TF's 'same' windows; the 2×2/2 one is 'valid'.
 */
export function googlenet(): GraphData {
  const b = new PresetBuilder();
  let x = b.input([224, 224, 3]);
  x = b.inline(x, (e, i) => convBnAct(e, 'conv1', i, { filters: 64, kernel: 7, stride: 2, pad: 3 }, BN3));
  x = b.layer('maxpool1', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, x);
  x = b.inline(x, (e, i) => convBnAct(e, 'conv2', i, { filters: 64, kernel: 1 }, BN3));
  x = b.inline(x, (e, i) => convBnAct(e, 'conv3', i, { filters: 192, kernel: 3, pad: 1 }, BN3));
  x = b.layer('maxpool2', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, x);
  const stage = (names: string[]) => {
    for (const name of names) x = inceptionV1(b, name, x);
  };
  stage(['inception3a', 'inception3b']);
  x = b.layer('maxpool3', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, x);
  stage(['inception4a', 'inception4b', 'inception4c', 'inception4d', 'inception4e']);
  x = b.layer('maxpool4', 'MaxPooling2D', { poolSize: 2, strides: 2, padding: 'valid' }, x);
  stage(['inception5a', 'inception5b']);
  x = b.layer('avgpool', 'GlobalAveragePooling2D', {}, x);
  x = b.layer('dropout', 'Dropout', { rate: 0.2 }, x);
  b.layer('fc', 'Dense', { units: 1000, activation: 'softmax', useBias: true }, x);
  return b.build();
}

function inceptionV1(b: PresetBuilder, name: string, x: Ref): Ref {
  const [b1x1, b3x3Reduce, b3x3, b5x5Reduce, b5x5, poolProj] = GOOGLENET[name];
  const params = { b1x1, b3x3Reduce, b3x3, b5x5Reduce, b5x5, poolProj, fiveKernel: 3, batchNorm: true, bnEpsilon: 0.001 };
  return b.block(name, 'Inception', params, x);
}

/**
 * torchvision's Inception-v3 (no auxiliary classifier), 299×299 input. Stem convs are unpadded except
 * Conv2d_2b (padding 1 = 'same'); modules A–E are the InceptionV3* templates.
 */
export function inceptionV3(): GraphData {
  const b = new PresetBuilder();
  let x = b.input([299, 299, 3]);
  const stem = (id: string, filters: number, kernel: number, stride = 1, pad = 0) => {
    x = b.inline(x, (e, i) => convBnAct(e, id, i, { filters, kernel, stride, pad }, BN3));
  };
  stem('Conv2d_1a_3x3', 32, 3, 2);
  stem('Conv2d_2a_3x3', 32, 3);
  stem('Conv2d_2b_3x3', 64, 3, 1, 1);
  x = b.layer('maxpool1', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'valid' }, x);
  stem('Conv2d_3b_1x1', 80, 1);
  stem('Conv2d_4a_3x3', 192, 3);
  x = b.layer('maxpool2', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'valid' }, x);
  x = b.block('Mixed_5b', 'InceptionV3A', { poolFeatures: 32 }, x);
  x = b.block('Mixed_5c', 'InceptionV3A', { poolFeatures: 64 }, x);
  x = b.block('Mixed_5d', 'InceptionV3A', { poolFeatures: 64 }, x);
  x = b.block('Mixed_6a', 'InceptionV3B', {}, x);
  x = b.block('Mixed_6b', 'InceptionV3C', { channels7x7: 128 }, x);
  x = b.block('Mixed_6c', 'InceptionV3C', { channels7x7: 160 }, x);
  x = b.block('Mixed_6d', 'InceptionV3C', { channels7x7: 160 }, x);
  x = b.block('Mixed_6e', 'InceptionV3C', { channels7x7: 192 }, x);
  x = b.block('Mixed_7a', 'InceptionV3D', {}, x);
  x = b.block('Mixed_7b', 'InceptionV3E', {}, x);
  x = b.block('Mixed_7c', 'InceptionV3E', {}, x);
  x = b.layer('avgpool', 'GlobalAveragePooling2D', {}, x);
  x = b.layer('dropout', 'Dropout', { rate: 0.5 }, x);
  b.layer('fc', 'Dense', { units: 1000, activation: 'softmax', useBias: true }, x);
  return b.build();
}
