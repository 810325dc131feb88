import type { GraphData } from '../graph/types';
import { convBnAct } from '../blocks/expansion';
import { PresetBuilder } from './builder';

/**
 * SqueezeNet 1.0 and 1.1 as in torchvision. Its max-pools are 3×3/2 with ceil_mode: on odd sizes that is
 * 'valid', on even sizes TF's 'same' (which pads one row/column at the end, like ceil mode).
 */
export function squeezenet(version: '1_0' | '1_1'): GraphData {
  const b = new PresetBuilder();
  let x = b.input([224, 224, 3]);
  const pool = (id: string, padding: 'valid' | 'same') => {
    x = b.layer(id, 'MaxPooling2D', { poolSize: 3, strides: 2, padding }, x);
  };
  const fires = (from: number, specs: [number, number][]) =>
    specs.forEach(([squeeze, expand], i) => {
      x = b.block(`fire${from + i}`, 'Fire', { squeeze, expand1x1: expand, expand3x3: expand }, x);
    });
  const conv1 = version === '1_0' ? { filters: 96, kernelSize: 7 } : { filters: 64, kernelSize: 3 };
  x = b.layer('conv1', 'Conv2D', { ...conv1, strides: 2, padding: 'valid', activation: 'relu', useBias: true }, x);
  if (version === '1_0') {
    pool('maxpool1', 'valid'); // 109 → 54
    fires(2, [[16, 64], [16, 64], [32, 128]]);
    pool('maxpool2', 'same'); // 54 → 27
    fires(5, [[32, 128], [48, 192], [48, 192], [64, 256]]);
    pool('maxpool3', 'valid'); // 27 → 13
    fires(9, [[64, 256]]);
  } else {
    pool('maxpool1', 'valid'); // 111 → 55
    fires(2, [[16, 64], [16, 64]]);
    pool('maxpool2', 'valid'); // 55 → 27
    fires(4, [[32, 128], [32, 128]]);
    pool('maxpool3', 'valid'); // 27 → 13
    fires(6, [[48, 192], [48, 192], [64, 256], [64, 256]]);
  }
  x = b.layer('dropout', 'Dropout', { rate: 0.5 }, x);
  x = b.layer('final_conv', 'Conv2D', { filters: 1000, kernelSize: 1, strides: 1, padding: 'valid', activation: 'relu', useBias: true }, x);
  x = b.layer('avgpool', 'GlobalAveragePooling2D', {}, x);
  b.layer('softmax', 'Activation', { activation: 'softmax' }, x);
  return b.build();
}

/** torchvision's MobileNetV2 (width 1.0): [t, c, n, s] rows of inverted residuals between two conv stems. */
const MOBILENET_V2: [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

export function mobilenetV2(): GraphData {
  const b = new PresetBuilder();
  const eps = { epsilon: 1e-5 };
  let x = b.input([224, 224, 3]);
  x = b.inline(x, (e, i) => convBnAct(e, 'stem', i, { filters: 32, kernel: 3, stride: 2, pad: 1 }, eps, 'relu6'));
  let k = 1;
  for (const [expansion, filters, n, s] of MOBILENET_V2)
    for (let i = 0; i < n; i++) x = b.block(`block${k++}`, 'InvertedResidual', { expansion, filters, strides: i === 0 ? s : 1 }, x);
  x = b.inline(x, (e, i) => convBnAct(e, 'last', i, { filters: 1280, kernel: 1 }, eps, 'relu6'));
  x = b.layer('avgpool', 'GlobalAveragePooling2D', {}, x);
  x = b.layer('dropout', 'Dropout', { rate: 0.2 }, x);
  b.layer('classifier', 'Dense', { units: 1000, activation: 'softmax', useBias: true }, x);
  return b.build();
}

/**
 * torchvision's DenseNet-121: growth 32, bn_size 4, blocks of 6/12/24/16 layers, transitions halving the
 * channels, final BN + ReLU, global average pool, dense classifier.
 */
export function densenet121(): GraphData {
  const b = new PresetBuilder();
  const eps = { epsilon: 1e-5 };
  let x = b.input([224, 224, 3]);
  x = b.inline(x, (e, i) => convBnAct(e, 'conv0', i, { filters: 64, kernel: 7, stride: 2, pad: 3 }, eps));
  x = b.layer('pool0_pad', 'ZeroPadding2D', { padding: [1, 1] }, x);
  x = b.layer('pool0', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'valid' }, x);
  [6, 12, 24, 16].forEach((numLayers, i) => {
    x = b.block(`denseblock${i + 1}`, 'DenseBlock', { numLayers, growthRate: 32, bnSize: 4 }, x);
    if (i < 3) x = b.block(`transition${i + 1}`, 'DenseTransition', { filters: Math.floor(x.channels / 2) }, x);
  });
  x = b.layer('norm5', 'BatchNormalization', { epsilon: 1e-5, momentum: 0.9 }, x);
  x = b.layer('relu5', 'Activation', { activation: 'relu' }, x);
  x = b.layer('avgpool', 'GlobalAveragePooling2D', {}, x);
  b.layer('classifier', 'Dense', { units: 1000, activation: 'softmax', useBias: true }, x);
  return b.build();
}
