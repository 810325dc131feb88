"""Reference numbers for the model zoo, computed from the real definitions (never copied into tests).

Prints one JSON object: for every preset name, the trainable parameter count, the logits shape, the
shape (C, H, W) of the feature map that enters the final pooling/flatten, and the multiply-accumulates
of Conv2d + Linear layers for one 224×224 (299×299) sample. torchvision models come from
torchvision.models; LeNet-5 and NiN (not in torchvision) are written here from their papers.
"""
import json
import sys

import torch
import torch.nn as nn
import torchvision
from torchvision import models as tvm


def lenet5():
    # ReLU + max-pool LeNet-5 on 28×28 MNIST, conv1 padded ('same').
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    )


def nin():
    # Network in Network, CIFAR-10 configuration (Lin et al. 2013; the authors' Caffe definition).
    def mlpconv(cin, c, k, c1, c2):
        return [nn.Conv2d(cin, c, k, padding=k // 2), nn.ReLU(), nn.Conv2d(c, c1, 1), nn.ReLU(),
                nn.Conv2d(c1, c2, 1), nn.ReLU()]
    return nn.Sequential(
        *mlpconv(3, 192, 5, 160, 96), nn.MaxPool2d(3, 2, ceil_mode=True), nn.Dropout(0.5),
        *mlpconv(96, 192, 5, 192, 192), nn.AvgPool2d(3, 2, ceil_mode=True), nn.Dropout(0.5),
        *mlpconv(192, 192, 3, 192, 10), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    )


def build(name):
    if name == 'lenet5':
        return lenet5(), 28, 1
    if name == 'nin':
        return nin(), 32, 3
    if name == 'googlenet':
        return tvm.googlenet(weights=None, aux_logits=False, init_weights=False), 224, 3
    if name == 'inception_v3':
        return tvm.inception_v3(weights=None, aux_logits=False, init_weights=False), 299, 3
    return getattr(tvm, name)(weights=None), 224, 3


NAMES = sys.argv[1:] or [
    'lenet5', 'alexnet', 'vgg11', 'vgg16', 'vgg19', 'nin', 'googlenet', 'inception_v3', 'resnet18',
    'resnet34', 'resnet50', 'resnet101', 'resnet152', 'squeezenet1_0', 'squeezenet1_1', 'mobilenet_v2',
    'densenet121',
]


class no_init:
    """Weight initialisation is irrelevant to counts and shapes and costs seconds for VGG: skip it."""
    NAMES = ['kaiming_normal_', 'kaiming_uniform_', 'normal_', 'uniform_', 'constant_', 'trunc_normal_',
             'xavier_uniform_', 'xavier_normal_', 'zeros_', 'ones_']

    def __enter__(self):
        self.saved = {n: getattr(nn.init, n) for n in self.NAMES if hasattr(nn.init, n)}
        for n in self.saved:
            setattr(nn.init, n, lambda tensor, *args, **kwargs: tensor)

    def __exit__(self, *exc):
        for n, f in self.saved.items():
            setattr(nn.init, n, f)


def measure(name):
    with no_init():
        model, size, channels = build(name)
    model.eval()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    macs = [0]
    features = {}

    def count(mod, inp, out):
        if isinstance(mod, nn.Conv2d):
            k = mod.kernel_size[0] * mod.kernel_size[1]
            macs[0] += out.numel() * (mod.in_channels // mod.groups) * k
        elif isinstance(mod, nn.Linear):
            macs[0] += mod.in_features * mod.out_features

    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    # The feature map entering the final pooling / flatten: input of the last adaptive pool or Flatten,
    # else (DenseNet, MobileNetV2 pool functionally) the output of `features`.
    tail = [m for m in model.modules() if isinstance(m, nn.AdaptiveAvgPool2d)] or \
        [m for m in model.modules() if isinstance(m, nn.Flatten)]

    def keep(tensor):
        features['shape'] = list(tensor.shape[1:])  # a hook returning a value would replace the output

    if tail:
        hooks.append(tail[-1].register_forward_hook(lambda m, i, o: keep(i[0])))
    else:
        hooks.append(model.features.register_forward_hook(lambda m, i, o: keep(o)))
    # Shapes only: the 'meta' device runs the forward pass without computing anything.
    model = model.to('meta')
    with torch.no_grad():
        logits = model(torch.zeros(1, channels, size, size, device='meta'))
    for h in hooks:
        h.remove()
    return {'trainable': trainable, 'logits': list(logits.shape[1:]), 'features': features['shape'], 'macs': macs[0]}


torch.set_num_threads(2)
print(json.dumps({
    'torch': torch.__version__,
    'torchvision': torchvision.__version__,
    'models': {name: measure(name) for name in NAMES},
}))
