"""PyTorch reference for `npm run bench:train`: LeNet-5 (same architecture as preset lenet5), 28x28x1,
Adam, hand-written loop, synthetic data. Prints one JSON line: {"samplesPerSec", "samples", "threads", "torch"}.
Usage: /usr/bin/python3 scripts/bench-train-pytorch.py [--samples N] [--batch B] [--threads T] [--warmup W]
"""
import argparse
import json
import time

import torch
import torch.nn as nn


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=9600)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = LeNet5()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert params == 61706, params
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(a.batch, 1, 28, 28)
    y = torch.randint(0, 10, (a.batch,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    steps = max(1, a.samples // a.batch)
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    dt = time.perf_counter() - t0
    print(json.dumps({"samplesPerSec": steps * a.batch / dt, "samples": steps * a.batch, "threads": a.threads,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
