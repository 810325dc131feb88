/** Python helpers the PyTorch export defines only when a layer needs them (Keras semantics torch lacks). */
import type { TorchHelper } from './pytorchLayers';

export const TORCH_HELPERS: Record<TorchHelper, string> = {
  avg_pool_same: `def avg_pool_same(x, kernel, stride, pads):
    """TF 'same' average pooling: zero-pad (left, right, top, bottom), divide by the count of real pixels."""
    ones = F.pad(x.new_ones((1, 1) + tuple(x.shape[2:])), pads)
    return F.avg_pool2d(F.pad(x, pads), kernel, stride) / F.avg_pool2d(ones, kernel, stride)`,

  PReLUKeras: `class PReLUKeras(nn.Module):
    """Keras PReLU: one learned slope per element of the input (no shared axes), initialised to 0."""

    def __init__(self, shape):
        super().__init__()
        self.alpha = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        return torch.where(x >= 0, x, self.alpha * x)`,

  GaussianNoise: `class GaussianNoise(nn.Module):
    """Adds N(0, stddev²) noise while training; identity at inference (Keras GaussianNoise)."""

    def __init__(self, stddev):
        super().__init__()
        self.stddev = stddev

    def forward(self, x):
        return x + torch.randn_like(x) * self.stddev if self.training else x`,

  GaussianDropout: `class GaussianDropout(nn.Module):
    """Multiplies by N(1, rate / (1 - rate)) noise while training; identity at inference (Keras)."""

    def __init__(self, rate):
        super().__init__()
        self.rate = rate

    def forward(self, x):
        if not self.training or self.rate <= 0:
            return x
        return x * (1 + torch.randn_like(x) * math.sqrt(self.rate / (1 - self.rate)))`,

  MultiHeadAttentionKeras: `class MultiHeadAttentionKeras(nn.Module):
    """Keras MultiHeadAttention on (N, steps, features): per-head key/value sizes independent of the inputs'."""

    def __init__(self, query_dim, key_dim_in, value_dim_in, num_heads, key_dim, value_dim, out_dim, dropout, bias):
        super().__init__()
        self.h, self.kd, self.vd = num_heads, key_dim, value_dim
        self.query = nn.Linear(query_dim, num_heads * key_dim, bias=bias)
        self.key = nn.Linear(key_dim_in, num_heads * key_dim, bias=bias)
        self.value = nn.Linear(value_dim_in, num_heads * value_dim, bias=bias)
        self.out = nn.Linear(num_heads * value_dim, out_dim, bias=bias)
        self.dropout = nn.Dropout(dropout)

    def forward(self, query, value, key=None):
        key = value if key is None else key
        n, tq, tv = query.shape[0], query.shape[1], value.shape[1]
        q = self.query(query).view(n, tq, self.h, self.kd).transpose(1, 2)
        k = self.key(key).view(n, tv, self.h, self.kd).transpose(1, 2)
        v = self.value(value).view(n, tv, self.h, self.vd).transpose(1, 2)
        scores = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.kd), dim=-1)
        y = (self.dropout(scores) @ v).transpose(1, 2).reshape(n, tq, self.h * self.vd)
        return self.out(y)`,
};

/** Helpers in a stable order (the order above). */
export function helperCode(used: ReadonlySet<TorchHelper>): string[] {
  return (Object.keys(TORCH_HELPERS) as TorchHelper[]).filter((h) => used.has(h)).map((h) => TORCH_HELPERS[h]);
}
