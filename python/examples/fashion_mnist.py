#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The worked example of docs/python.md: train a small CNN on Fashion-MNIST
for a few epochs, quantize it to int8 (export_qdq), compile it for a
Cortex-M7, and measure the int8 accuracy of the generated C on the test set.

    PYTHONPATH=build/python /usr/bin/python3 python/examples/fashion_mnist.py [--epochs 3] [--out out/fashion]
"""

import argparse
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

import mcunet


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3, stride=2, padding=1)
        self.b1 = nn.BatchNorm2d(8)
        self.c2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.b2 = nn.BatchNorm2d(16)
        self.dw = nn.Conv2d(16, 16, 3, padding=1, groups=16)  # depthwise
        self.pw = nn.Conv2d(16, 16, 1)  # pointwise
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = torch.relu(self.b1(self.c1(x)))
        x = torch.relu(self.b2(self.c2(x)))
        x = x + torch.relu(self.pw(torch.relu(self.dw(x))))  # residual
        return self.fc(torch.flatten(x, 1))


def images(x):
    return torch.from_numpy(x).float().div(255.0).unsqueeze(1)  # (N, 1, 28, 28)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out", default="out/fashion")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)

    x_train, y_train = mcunet.load_fashion_mnist("train")
    x_test, y_test = mcunet.load_fashion_mnist("test")
    train, labels, test = images(x_train), torch.from_numpy(y_train), images(x_test)

    model = SmallCNN()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(train))
        for i in range(0, len(train), 64):
            idx = order[i : i + 64]
            opt.zero_grad()
            nn.functional.cross_entropy(model(train[idx]), labels[idx]).backward()
            opt.step()
        print(f"epoch {epoch + 1}: {time.time() - start:.0f} s")
    model.eval()
    with torch.no_grad():
        float_acc = (model(test).argmax(1).numpy() == y_test).mean()

    # int8: BN folded, per-channel weights, activations calibrated on
    # 1,000 training images.
    Path(args.out).mkdir(parents=True, exist_ok=True)
    onnx_path = mcunet.export_qdq(model, torch.zeros(1, 1, 28, 28),
                                  [train[i : i + 100] for i in range(0, 1000, 100)],
                                  Path(args.out) / "fashion_cnn.onnx")
    compiled = mcunet.compile(onnx_path, target="cortex-m7", sram_budget="64KB")
    compiled.write(args.out)
    print(compiled.report)

    # The generated C, built for this machine, on the whole test set: float
    # images are quantized with the input's scale by run().
    start = time.time()
    logits = compiled.run(test.numpy())
    int8_acc = (logits.argmax(1) == y_test).mean()
    print(f"test images        {len(y_test)} ({time.time() - start:.1f} s through the C)")
    print(f"float accuracy     {float_acc:.4f}")
    print(f"int8 C accuracy    {int8_acc:.4f}  ({100 * (int8_acc - float_acc):+.2f} points)")
    print(f"wrote {args.out}/: fashion_cnn.onnx, {', '.join(sorted(compiled.files))}")


if __name__ == "__main__":
    main()
