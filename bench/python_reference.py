#!/usr/bin/python3
"""The same models and training steps as `resdense bench`, written the way the usual PyTorch
tutorial scripts write them, timed two ways:

  plain  NCHW, fp32, the thread count given (what a tutorial script does)
  tuned  channels-last (the 1-channel stem's weights too), bf16 autocast when --bf16, foreach SGD,
         gradients set to None, resdense's initialisation; its launchers give it the glibc
         allocator settings resdense gives itself (fair_env.py)

Train step: forward, cross-entropy, backward, SGD step, on random data of Fashion-MNIST's shape.
Prints one JSON object per line. Use Debian's /usr/bin/python3 (python3-torch).
With --time-to-accuracy it instead trains ResNet-20 on Fashion-MNIST (2 epochs, one-cycle SGD,
random flips) and reports test accuracy and wall time.
"""
import argparse
import resource
import gzip
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---- ResNet for CIFAR-sized inputs (He et al. 2016, option A), as in akamaster's script ----
class LambdaLayer(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            pad = (planes - in_planes) // 2
            self.shortcut = LambdaLayer(lambda x: F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, pad, pad)))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, depth=20, in_channels=1, num_classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(in_channels, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, in_planes = [], 16
        for planes, stride in [(16, 1), (32, 2), (64, 2)]:
            for i in range(n):
                layers.append(BasicBlock(in_planes, planes, stride if i == 0 else 1))
                in_planes = planes
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(64, num_classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layers(out)
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.linear(out)


# ---- DenseNet-BC for small images (Huang et al. 2017), as in the common PyTorch ports ----
class Bottleneck(nn.Module):
    def __init__(self, in_planes, growth):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv1 = nn.Conv2d(in_planes, 4 * growth, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(4 * growth)
        self.conv2 = nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        out = self.conv1(F.relu(self.bn1(x)))
        out = self.conv2(F.relu(self.bn2(out)))
        return torch.cat([out, x], 1)


class EfficientBottleneck(Bottleneck):
    """torchvision's memory_efficient dense layer: takes the block's feature list and recomputes
    cat + bn1 + relu + conv1 in the backward pass (torch.utils.checkpoint)."""

    def bn_function(self, *inputs):
        return self.conv1(F.relu(self.bn1(torch.cat(inputs, 1))))

    def forward(self, features):
        if self.training and any(f.requires_grad for f in features):
            out = torch.utils.checkpoint.checkpoint(self.bn_function, *features, use_reentrant=False) \
                if CHECKPOINT_HAS_REENTRANT else torch.utils.checkpoint.checkpoint(self.bn_function, *features)
        else:
            out = self.bn_function(*features)
        return self.conv2(F.relu(self.bn2(out)))


class Transition(nn.Module):
    def __init__(self, in_planes, out_planes):
        super().__init__()
        self.bn = nn.BatchNorm2d(in_planes)
        self.conv = nn.Conv2d(in_planes, out_planes, 1, bias=False)

    def forward(self, x):
        return F.avg_pool2d(self.conv(F.relu(self.bn(x))), 2)


class DenseNetBC(nn.Module):
    def __init__(self, depth=100, growth=12, in_channels=1, num_classes=10, reduction=0.5,
                 memory_efficient=False):
        super().__init__()
        self.memory_efficient = memory_efficient
        n = (depth - 4) // 6
        planes = 2 * growth
        self.conv1 = nn.Conv2d(in_channels, planes, 3, padding=1, bias=False)
        blocks = []
        for b in range(3):
            for _ in range(n):
                blocks.append((EfficientBottleneck if memory_efficient else Bottleneck)(planes, growth))
                planes += growth
            if b < 2:
                out = int(math.floor(planes * reduction))
                blocks.append(Transition(planes, out))
                planes = out
        self.blocks = nn.Sequential(*blocks)
        self.bn = nn.BatchNorm2d(planes)
        self.linear = nn.Linear(planes, num_classes)

    def forward(self, x):
        if not self.memory_efficient:
            out = self.blocks(self.conv1(x))
        else:  # feature lists within a block, one concatenation before each transition
            features = [self.conv1(x)]
            for block in self.blocks:
                if isinstance(block, Transition):
                    features = [block(torch.cat(features, 1))]
                else:
                    features.append(block(features))
            out = torch.cat(features, 1)
        out = F.adaptive_avg_pool2d(F.relu(self.bn(out)), 1).flatten(1)
        return self.linear(out)


def init_like_resdense(model):
    """resdense's initialisation: He-normal (fan-in) convolutions and linear weights for the CIFAR
    ResNet; He-normal fan-out convolutions, unit norms and a zero classifier bias for DenseNet."""
    dense = isinstance(model, DenseNetBC)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            if dense:
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            else:
                nn.init.kaiming_normal_(m.weight)
        elif isinstance(m, nn.Linear):
            if dense:
                nn.init.zeros_(m.bias)
            else:
                nn.init.kaiming_normal_(m.weight)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def truly_channels_last(model):
    """model.to(channels_last) leaves a 1-input-channel stem's weight as it is (its NCHW strides
    pass the channels-last test), and oneDNN then runs the stem in NCHW and converts: give every
    4-D parameter real NHWC strides, as resdense does."""
    model = model.to(memory_format=torch.channels_last)
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 4:
                p.data = torch.empty_like(p, memory_format=torch.channels_last).copy_(p)
    return model


CHECKPOINT_HAS_REENTRANT = "use_reentrant" in __import__("inspect").signature(
    __import__("torch.utils.checkpoint", fromlist=["checkpoint"]).checkpoint).parameters


TORCHVISION = ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
               "densenet121", "densenet161", "densenet169", "densenet201")


def build(name, memory_efficient=False):
    if name in TORCHVISION:  # the tutorial's models, as torchvision builds them
        import torchvision
        return getattr(torchvision.models, name)(num_classes=10)
    if name.startswith("resnet"):
        return ResNet(depth=int(name[len("resnet"):]))
    if name.startswith("densenet-bc-"):
        return DenseNetBC(depth=int(name[len("densenet-bc-"):]), memory_efficient=memory_efficient)
    raise SystemExit(f"unknown model {name}")


def bench(args):
    torch.manual_seed(0)
    model = build(args.model, args.memory_efficient)
    x = torch.randn(args.batch_size, args.in_channels, args.image_size, args.image_size)
    y = torch.randint(10, (args.batch_size,))
    tuned = args.mode == "tuned"
    if tuned:
        if args.model not in TORCHVISION:
            model = init_like_resdense(model)
        model = truly_channels_last(model)
        x = x.contiguous(memory_format=torch.channels_last)
    bf16 = tuned and args.bf16
    if args.eval:  # inference (a frozen backbone's feature extraction plus the head)
        model.eval()
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for i in range(args.warmup + args.steps):
                if i == args.warmup:
                    start = time.perf_counter()
                model(x)
        seconds = time.perf_counter() - start
        print(json.dumps({"model": args.model, "mode": args.mode, "precision": "bf16" if bf16 else "fp32",
                          "threads": torch.get_num_threads(), "batch_size": args.batch_size,
                          "infer_images_per_second": args.batch_size * args.steps / seconds}), flush=True)
        return
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, foreach=tuned)
    model.train()
    for i in range(args.warmup + args.steps):
        if i == args.warmup:
            start = time.perf_counter()
        opt.zero_grad(set_to_none=args.mode == "tuned")  # PyTorch's tuning guide; default from 2.0
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            out = model(x)
        F.cross_entropy(out.float(), y).backward()
        opt.step()
    seconds = time.perf_counter() - start
    print(json.dumps({"model": args.model, "mode": args.mode, "precision": "bf16" if bf16 else "fp32",
                      "threads": torch.get_num_threads(), "batch_size": args.batch_size,
                      "memory_efficient": args.memory_efficient,
                      "train_images_per_second": args.batch_size * args.steps / seconds,
                      "peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}),
          flush=True)


def load_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[2] == 8 and data[3] == 3:
        n, h, w = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, h, w)
    return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)


def time_to_accuracy(args):
    """ResNet-20, 2 epochs, one-cycle SGD (peak --lr, momentum 0.9 held constant: resdense does
    not cycle momentum, so cycle_momentum=False here; nesterov off, wd 5e-4 on weights only),
    random horizontal flips, batch 128, resdense's initialisation, as `resdense train` runs it."""
    root = "/usr/share/datasets/fashion-mnist/"
    start = time.perf_counter()
    xtr = torch.from_numpy(load_idx(root + "train-images-idx3-ubyte.gz").copy())
    ytr = torch.from_numpy(load_idx(root + "train-labels-idx1-ubyte.gz").copy())
    xte = torch.from_numpy(load_idx(root + "t10k-images-idx3-ubyte.gz").copy())
    yte = torch.from_numpy(load_idx(root + "t10k-labels-idx1-ubyte.gz").copy())
    mean, std = xtr.float().mean() / 255, xtr.float().std() / 255
    torch.manual_seed(0)
    model = truly_channels_last(init_like_resdense(ResNet(20)))
    decay = [p for p in model.parameters() if p.dim() > 1]
    no_decay = [p for p in model.parameters() if p.dim() <= 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0}],
                          lr=args.lr, momentum=0.9, foreach=True)
    steps = args.epochs * (len(xtr) // args.batch_size + (len(xtr) % args.batch_size > 0))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.25,
                                                cycle_momentum=False)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), args.batch_size):
            idx = perm[i:i + args.batch_size]
            xb = (xtr[idx].float() / 255 - mean) / std
            flip = torch.rand(len(idx)) < 0.5
            xb[flip] = xb[flip].flip(3)
            xb = xb.contiguous(memory_format=torch.channels_last)
            opt.zero_grad(set_to_none=True)  # PyTorch's tuning guide; the default from 2.0
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                out = model(xb)
            F.cross_entropy(out.float(), ytr[idx]).backward()
            opt.step()
            sched.step()
    model.eval()
    correct = 0
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
        for i in range(0, len(xte), 512):
            xb = ((xte[i:i + 512].float() / 255 - mean) / std).contiguous(memory_format=torch.channels_last)
            correct += (model(xb).float().argmax(1) == yte[i:i + 512]).sum().item()
    print(json.dumps({"model": "resnet20", "mode": "time-to-accuracy", "precision": "bf16" if args.bf16 else "fp32",
                      "epochs": args.epochs, "threads": torch.get_num_threads(),
                      "test_accuracy": correct / len(xte), "wall_seconds": time.perf_counter() - start}), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="resnet20")
    p.add_argument("--mode", choices=["plain", "tuned"], default="plain")
    p.add_argument("--bf16", action="store_true", help="tuned mode: bf16 autocast")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--image-size", type=int, default=28)
    p.add_argument("--in-channels", type=int, default=1)
    p.add_argument("--eval", action="store_true", help="time inference instead of training")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--time-to-accuracy", action="store_true")
    p.add_argument("--memory-efficient", action="store_true",
                   help="DenseNet-BC: recompute concatenations in backward (torchvision's memory_efficient)")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--lr", type=float, default=0.2, help="time to accuracy: one-cycle peak learning rate")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    if args.time_to_accuracy:
        time_to_accuracy(args)
    else:
        bench(args)


if __name__ == "__main__":
    main()
