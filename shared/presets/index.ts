import type { GraphData, UserBlock } from '../graph/types';
import { alexnet, lenet5, nin, vgg } from './classic';
import { googlenet, inceptionV3 } from './inception';
import { resnet } from './resnet';
import { densenet121, mobilenetV2, squeezenet } from './mobile';

export interface PresetInfo {
  title: string;
  description: string;
  paper: string;
  inputShape: number[];
  dataset?: 'mnist' | 'fashion-mnist';
}

interface Preset extends PresetInfo {
  build(): GraphData;
}

const IMAGENET = [224, 224, 3];
const TV = "Matches torchvision's definition (trainable parameter count checked against it).";

const PRESETS: Record<string, Preset> = {
  lenet5: {
    title: 'LeNet-5',
    description:
      'The classic digit recogniser in its modern form: two 5×5 convs (6, 16 filters) with ReLU and 2×2 ' +
      'max-pooling, then dense 120 → 84 → 10. 61,706 parameters; ~99% on MNIST in a few epochs.',
    paper: 'LeCun, Bottou, Bengio, Haffner. Gradient-Based Learning Applied to Document Recognition. Proc. IEEE, 1998.',
    inputShape: [28, 28, 1],
    dataset: 'mnist',
    build: lenet5,
  },
  alexnet: {
    title: 'AlexNet',
    description:
      'Won ImageNet 2012 and started the deep-learning era: ReLU, dropout, overlapping max-pooling, data ' +
      "augmentation, GPUs. This is torchvision's single-tower variant (64-192-384-256-256 filters, no LRN). " +
      TV,
    paper: 'Krizhevsky, Sutskever, Hinton. ImageNet Classification with Deep Convolutional Neural Networks. NeurIPS 2012.',
    inputShape: IMAGENET,
    build: alexnet,
  },
  vgg11: vggInfo('VGG-11', 'A', 8, 'vgg11'),
  vgg16: vggInfo('VGG-16', 'D', 13, 'vgg16'),
  vgg19: vggInfo('VGG-19', 'E', 16, 'vgg19'),
  nin: {
    title: 'Network in Network (CIFAR-10)',
    description:
      'Three mlpconv layers — a spatial conv followed by two 1×1 convs, i.e. a small MLP slid over the ' +
      'image — and global average pooling instead of dense layers. The CIFAR-10 configuration of the paper ' +
      '(32×32×3 input, 10 classes, ~0.97M parameters); torchvision has no NiN.',
    paper: 'Lin, Chen, Yan. Network In Network. ICLR 2014 (arXiv:1312.4400).',
    inputShape: [32, 32, 3],
    build: nin,
  },
  googlenet: {
    title: 'GoogLeNet (Inception v1)',
    description:
      'Nine Inception modules: parallel 1×1, 3×3, 5×5 and pool branches with 1×1 bottlenecks, 22 layers ' +
      "deep with 12× fewer parameters than AlexNet. torchvision's variant: batch norm, 3×3 instead of 5×5 " +
      'in the third branch, no auxiliary classifiers. ' +
      TV,
    paper: 'Szegedy et al. Going Deeper with Convolutions. CVPR 2015.',
    inputShape: IMAGENET,
    build: googlenet,
  },
  inception_v3: {
    title: 'Inception-v3',
    description:
      'Factorised convolutions (5×5 → two 3×3, n×n → 1×n + n×1), efficient grid reduction and batch norm ' +
      'throughout; 299×299 input, no auxiliary classifier. ' +
      TV,
    paper: 'Szegedy, Vanhoucke, Ioffe, Shlens, Wojna. Rethinking the Inception Architecture for Computer Vision. CVPR 2016.',
    inputShape: [299, 299, 3],
    build: inceptionV3,
  },
  resnet18: resnetInfo(18, 'basic'),
  resnet34: resnetInfo(34, 'basic'),
  resnet50: resnetInfo(50, 'bottleneck'),
  resnet101: resnetInfo(101, 'bottleneck'),
  resnet152: resnetInfo(152, 'bottleneck'),
  squeezenet1_0: squeezeInfo('1_0', 'SqueezeNet 1.0', 'AlexNet-level accuracy with 50× fewer parameters (~1.25M): Fire modules squeeze to few channels, then expand with 1×1 and 3×3 convs.'),
  squeezenet1_1: squeezeInfo('1_1', 'SqueezeNet 1.1', 'The revised SqueezeNet: 3×3 stem with 64 filters and earlier pooling, 2.4× less computation than 1.0 at the same accuracy.'),
  mobilenet_v2: {
    title: 'MobileNetV2',
    description:
      'Inverted residuals with linear bottlenecks: 1×1 expand ×6, depthwise 3×3, 1×1 project, residual ' +
      'between the thin ends; ReLU6. ~3.5M parameters, ~300M MACs at 224×224. ' +
      TV,
    paper: 'Sandler, Howard, Zhu, Zhmoginov, Chen. MobileNetV2: Inverted Residuals and Linear Bottlenecks. CVPR 2018.',
    inputShape: IMAGENET,
    build: mobilenetV2,
  },
  densenet121: {
    title: 'DenseNet-121',
    description:
      'Dense blocks (6, 12, 24, 16 layers) where every layer sees all earlier feature maps and adds 32 ' +
      'channels; transitions halve the channels and the grid. ~8M parameters. ' +
      TV,
    paper: 'Huang, Liu, van der Maaten, Weinberger. Densely Connected Convolutional Networks. CVPR 2017.',
    inputShape: IMAGENET,
    build: densenet121,
  },
};

function vggInfo(title: string, config: string, convs: number, name: 'vgg11' | 'vgg16' | 'vgg19'): Preset {
  return {
    title,
    description:
      `Configuration ${config}: ${convs} 3×3 conv layers in five stages (64 → 512 filters, 2×2 max-pool ` +
      'after each) and three dense layers; stacks of small kernels instead of big ones. No batch norm. ' +
      TV,
    paper: 'Simonyan, Zisserman. Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015.',
    inputShape: IMAGENET,
    build: () => vgg(name),
  };
}

function resnetInfo(depth: 18 | 34 | 50 | 101 | 152, kind: 'basic' | 'bottleneck'): Preset {
  const blocks = kind === 'basic' ? 'basic blocks (two 3×3 convs)' : 'bottleneck blocks (1×1 reduce, 3×3, 1×1 expand ×4)';
  return {
    title: `ResNet-${depth}`,
    description:
      `${depth} layers of ${blocks} with identity shortcuts, and 1×1 projection shortcuts where the shape ` +
      'changes. The shortcuts are why it trains at this depth. ' +
      TV,
    paper: 'He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016.',
    inputShape: IMAGENET,
    build: () => resnet(`resnet${depth}`),
  };
}

function squeezeInfo(version: '1_0' | '1_1', title: string, text: string): Preset {
  return {
    title,
    description: `${text} ${TV}`,
    paper: 'Iandola et al. SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size. arXiv:1602.07360, 2016.',
    inputShape: IMAGENET,
    build: () => squeezenet(version),
  };
}

/** Names accepted by `buildPreset`, in classroom order. */
export const presetNames: readonly string[] = Object.keys(PRESETS);

export function presetInfo(name: string): PresetInfo | undefined {
  const p = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!p) return undefined;
  const { title, description, paper, inputShape, dataset } = p;
  return dataset ? { title, description, paper, inputShape: [...inputShape], dataset } : { title, description, paper, inputShape: [...inputShape] };
}

/**
 * A fresh copy of the preset's graph (composite blocks as collapsed groups, laid out top to bottom).
 * `blocks` holds user blocks shipped with a preset; the zoo's presets use only built-in templates.
 */
export function buildPreset(name: string): { graph: GraphData; blocks?: Record<string, UserBlock> } {
  if (!Object.hasOwn(PRESETS, name)) throw new Error(`Unknown preset '${name}'. Valid presets: ${presetNames.join(', ')}`);
  return { graph: PRESETS[name].build() };
}
