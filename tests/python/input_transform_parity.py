"""The engine's resize-and-crop against torchvision's Resize + CenterCrop on the same tensors.

Shapes: Fashion-MNIST-sized gray images and CIFAR-sized colour images enlarged to 256 and cut to
224 (the pretrained recipe), a wide image shrunk (antialiased), and a centre crop whose offset is
an exact half (torchvision rounds half to even).
"""
import argparse
import os
import subprocess
import sys

import torch
import torchvision.transforms.functional as TF

CASES = [
    # (batch, channels, height, width, resize, crop)
    (2, 1, 28, 28, 256, 224),
    (2, 3, 32, 32, 256, 224),
    (1, 3, 300, 200, 256, 224),
    (1, 3, 40, 40, 35, 30),
]


def reference(x, resize, crop):
    y = TF.resize(x, resize, interpolation=TF.InterpolationMode.BILINEAR, antialias=True)
    return TF.center_crop(y, [crop, crop])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    torch.manual_seed(0)
    failures = 0
    for n, c, h, w, resize, crop in CASES:
        x = torch.rand(n, c, h, w)
        path = os.path.join(args.workdir, f"io-{c}x{h}x{w}-{resize}-{crop}.pt")
        torch.save({"input": x, "expected": reference(x, resize, crop).contiguous()}, path)
        r = subprocess.run([args.tool, path, str(resize), str(crop)], capture_output=True,
                           text=True)
        print(f"{c}x{h}x{w} -> resize {resize}, crop {crop}: {r.stdout.strip()} {r.stderr.strip()}")
        failures += r.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
