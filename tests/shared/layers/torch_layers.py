"""Builds the PyTorch equivalent of Keras-style layer configs and reports what torch computes.

Reads a JSON list of cases on stdin: {"type", "params", "inputs": [[...NHWC shape without batch], ...]}
(params already normalised, defaults filled). For each case it builds the torch module, runs a forward
pass on a batch of 1 and prints, as JSON: output shape in channels-last layout without the batch dim,
trainable parameter count, and multiply-accumulates of Conv/Linear layers (forward hooks), or an error.
The Keras -> torch mapping is the only knowledge here; every number comes from torch itself.
"""
import json
import math
import sys

import torch
import torch.nn as nn


def pair(v):
    return (v, v) if isinstance(v, int) else (v[0], v[1])


def edges(v):
    """Keras n | [h, w] | [[t, b], [l, r]] -> (top, bottom, left, right)."""
    if isinstance(v, int):
        return v, v, v, v
    h, w = v
    (t, b) = (h, h) if isinstance(h, int) else h
    (l, r) = (w, w) if isinstance(w, int) else w
    return t, b, l, r


ACT = {
    'linear': nn.Identity, 'relu': nn.ReLU, 'relu6': nn.ReLU6, 'elu': nn.ELU, 'selu': nn.SELU,
    'tanh': nn.Tanh, 'sigmoid': nn.Sigmoid, 'swish': nn.SiLU, 'silu': nn.SiLU, 'gelu': nn.GELU,
    'leakyRelu': lambda: nn.LeakyReLU(0.2), 'softmax': lambda: nn.Softmax(dim=-1),
}


class ChannelsLast(nn.Module):
    """Runs a channels-first torch module on channels-last data (NHWC <-> NCHW, N L C <-> N C L)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        perm_in = (0, x.dim() - 1, *range(1, x.dim() - 1))
        y = self.inner(x.permute(*perm_in))
        perm_out = (0, *range(2, y.dim()), 1)
        return y.permute(*perm_out)


def conv_padding(p, k, d):
    """Keras padding at stride 1 -> torch padding (same = d*(k-1)/2 each side, odd effective kernels)."""
    if p['padding'] == 'valid':
        return 0
    return 'same'


def build(case):
    t, p, inputs = case['type'], case['params'], case['inputs']
    x = inputs[0]
    if t == 'Conv2D':
        k, s, d = pair(p['kernelSize']), pair(p['strides']), pair(p['dilationRate'])
        conv = nn.Conv2d(x[2], p['filters'], k, s, conv_padding(p, k, d), d, bias=p['useBias'])
        return ChannelsLast(nn.Sequential(conv, ACT[p['activation']]()))
    if t == 'Conv1D':
        conv = nn.Conv1d(x[1], p['filters'], p['kernelSize'], p['strides'], conv_padding(p, p['kernelSize'], p['dilationRate']), p['dilationRate'], bias=p['useBias'])
        return ChannelsLast(conv)
    if t == 'DepthwiseConv2D':
        k, s, d = pair(p['kernelSize']), pair(p['strides']), pair(p['dilationRate'])
        c = x[2]
        return ChannelsLast(nn.Conv2d(c, c * p['depthMultiplier'], k, s, conv_padding(p, k, d), d, groups=c, bias=p['useBias']))
    if t == 'SeparableConv2D':
        k, s, d = pair(p['kernelSize']), pair(p['strides']), pair(p['dilationRate'])
        c, m = x[2], p['depthMultiplier']
        dw = nn.Conv2d(c, c * m, k, s, conv_padding(p, k, d), d, groups=c, bias=False)
        pw = nn.Conv2d(c * m, p['filters'], 1, bias=p['useBias'])
        return ChannelsLast(nn.Sequential(dw, pw))
    if t == 'Conv2DTranspose':
        k, s = pair(p['kernelSize']), pair(p['strides'])
        pads, outs = [], []
        for ki, si in zip(k, s):
            # torch: (in-1)s - 2pad + k + out_pad; Keras valid: in*s + max(k-s, 0); same: in*s.
            if p['padding'] == 'valid':
                pad, op = 0, max(si - ki, 0)
            elif ki >= si:
                pad = math.ceil((ki - si) / 2)
                op = 2 * pad - (ki - si)
            else:
                pad, op = 0, si - ki
            pads.append(pad)
            outs.append(op)
        return ChannelsLast(nn.ConvTranspose2d(x[2], p['filters'], k, s, tuple(pads), tuple(outs), bias=p['useBias']))
    if t in ('MaxPooling2D', 'AveragePooling2D'):
        k = pair(p['poolSize'])
        s = pair(p['strides'] if p['strides'] is not None else p['poolSize'])
        cls = nn.MaxPool2d if t == 'MaxPooling2D' else nn.AvgPool2d
        return ChannelsLast(cls(k, s))
    if t in ('MaxPooling1D', 'AveragePooling1D'):
        s = p['strides'] if p['strides'] is not None else p['poolSize']
        cls = nn.MaxPool1d if t == 'MaxPooling1D' else nn.AvgPool1d
        return ChannelsLast(cls(p['poolSize'], s))
    if t == 'GlobalAveragePooling2D':
        return nn.Sequential(ChannelsLast(nn.AdaptiveAvgPool2d(1)), nn.Flatten())
    if t == 'ZeroPadding2D':
        top, bottom, left, right = edges(p['padding'])
        return ChannelsLast(nn.ZeroPad2d((left, right, top, bottom)))
    if t == 'UpSampling2D':
        sh, sw = pair(p['size'])
        return ChannelsLast(nn.Upsample(scale_factor=(float(sh), float(sw)), mode='nearest'))
    if t == 'Dense':
        return nn.Linear(x[-1], p['units'], bias=p['useBias'])
    if t == 'Flatten':
        return nn.Flatten()
    if t == 'BatchNormalization':
        bn = nn.BatchNorm2d(x[2], affine=True) if len(x) == 3 else nn.BatchNorm1d(x[-1])
        return ChannelsLast(bn) if len(x) == 3 else bn
    if t == 'LayerNormalization':
        return nn.LayerNorm(x[-1], elementwise_affine=p['center'] and p['scale'])
    if t == 'LRN':
        return ChannelsLast(nn.LocalResponseNorm(2 * p['depthRadius'] + 1, p['alpha'], p['beta'], p['bias']))
    if t == 'Embedding':
        return nn.Embedding(p['inputDim'], p['outputDim'])
    if t in ('SimpleRNN', 'LSTM', 'GRU'):
        cls = {'SimpleRNN': nn.RNN, 'LSTM': nn.LSTM, 'GRU': nn.GRU}[t]
        rnn = cls(x[1], p['units'], batch_first=True, bias=p['useBias'])
        seq = p['returnSequences']

        class Last(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = rnn

            def forward(self, v):
                out = self.rnn(v)[0]
                return out if seq else out[:, -1]

        return Last()
    if t == 'MultiHeadAttention':
        e = p['numHeads'] * p['keyDim']
        v = inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        mha = nn.MultiheadAttention(e, p['numHeads'], bias=p['useBias'], kdim=k[-1], vdim=v[-1], batch_first=True)

        class Attn(nn.Module):
            def __init__(self):
                super().__init__()
                self.mha = mha

            def forward(self, q, val, key=None):
                return self.mha(q, val if key is None else key, val, need_weights=False)[0]

        return Attn()
    if t == 'Concatenate':
        class Cat(nn.Module):
            def forward(self, *xs):
                return torch.cat(xs, dim=-1)
        return Cat()
    if t == 'Add':
        class Sum(nn.Module):
            def forward(self, *xs):
                out = xs[0]
                for v in xs[1:]:
                    out = out + v
                return out
        return Sum()
    raise ValueError(f'no torch mapping for {t}')


def count_macs(module, run):
    macs = [0]

    def conv_hook(m, inp, out):
        per_out = (m.in_channels // m.groups) * math.prod(m.kernel_size)
        if isinstance(m, nn.ConvTranspose2d):
            # Scatter form: every input element meets kh*kw*out_channels/groups weights.
            macs[0] += inp[0][0].numel() * math.prod(m.kernel_size) * m.out_channels // m.groups
        else:
            macs[0] += out[0].numel() * per_out

    def linear_hook(m, inp, out):
        macs[0] += out[0].numel() * m.in_features

    hooks = []
    for m in module.modules():
        if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d)):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    y = run()
    for h in hooks:
        h.remove()
    return y, macs[0]


def main():
    torch.manual_seed(0)
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            module = build(case).eval()
            if case['type'] == 'Embedding':
                xs = [torch.randint(0, case['params']['inputDim'], (1, *case['inputs'][0]))]
            else:
                xs = [torch.randn(1, *shape) for shape in case['inputs']]
            with torch.no_grad():
                y, macs = count_macs(module, lambda: module(*xs))
            trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
            results.append({'shape': list(y.shape[1:]), 'trainable': trainable, 'macs': macs})
        except Exception as e:  # report per case; the test shows which config torch refused
            results.append({'error': f'{type(e).__name__}: {e}'})
    json.dump({'torch': torch.__version__, 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
