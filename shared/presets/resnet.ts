import type { GraphData } from '../graph/types';
import { convBnAct } from '../blocks/expansion';
import { PresetBuilder } from './builder';

const DEPTHS = {
  resnet18: { blocks: [2, 2, 2, 2], bottleneck: false },
  resnet34: { blocks: [3, 4, 6, 3], bottleneck: false },
  resnet50: { blocks: [3, 4, 6, 3], bottleneck: true },
  resnet101: { blocks: [3, 4, 23, 3], bottleneck: true },
  resnet152: { blocks: [3, 8, 36, 3], bottleneck: true },
} as const;
export type ResNetName = keyof typeof DEPTHS;

/**
 * torchvision's ResNets: 7×7/2 conv + BN + ReLU, 3×3/2 max-pool (PyTorch pads 1; after a ReLU zero
 * padding is exact), four stages of basic or bottleneck blocks (64·2^i wide, stride 2 from stage 2, the
 * projection shortcut appears on its own), global average pool, 1000-way dense.
 */
export function resnet(name: ResNetName): GraphData {
  const { blocks, bottleneck } = DEPTHS[name];
  const b = new PresetBuilder();
  let x = b.input([224, 224, 3]);
  x = b.inline(x, (e, i) => convBnAct(e, 'conv1', i, { filters: 64, kernel: 7, stride: 2, pad: 3 }, { epsilon: 1e-5 }));
  x = b.layer('maxpool_pad', 'ZeroPadding2D', { padding: [1, 1] }, x);
  x = b.layer('maxpool', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'valid' }, x);
  blocks.forEach((n, stage) => {
    for (let i = 0; i < n; i++) {
      const strides = stage > 0 && i === 0 ? 2 : 1;
      const template = bottleneck ? 'ResidualBottleneck' : 'ResidualBasic';
      x = b.block(`layer${stage + 1}_${i}`, template, { filters: 64 << stage, strides }, x);
    }
  });
  x = b.layer('avgpool', 'GlobalAveragePooling2D', {}, x);
  b.layer('fc', 'Dense', { units: 1000, activation: 'softmax', useBias: true }, x);
  return b.build();
}
