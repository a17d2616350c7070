#!/usr/bin/python3
"""Parity with torchvision, both directions.

1. torchvision builds ARCH with seeded random weights (batch-norm statistics randomised too, so
   eval-mode normalisation is exercised), saves model.state_dict() with torch.save (an
   OrderedDict, as real torchvision checkpoints are) and the logits of a fixed input.
2. `resdense import-torchvision` turns it into a ResDense checkpoint; parity_tool runs our
   model on the same input: the logits must agree to 1e-4 relative.
3. `resdense export-torchvision` writes the weights back; torchvision loads them with
   strict=True and must reproduce its own logits exactly.
"""
import argparse
import collections
import os
import subprocess
import sys

import torch
import torchvision

from random_norms import randomize_batch_norms


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(done.stdout, end="", flush=True)
    if done.returncode != 0:
        sys.exit(f"FAILED ({done.returncode}): {' '.join(cmd)}")
    return done.stdout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", required=True)
    p.add_argument("--resdense", required=True)
    p.add_argument("--parity-tool", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--classes", type=int, default=10)
    a = p.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    torch.set_num_threads(2)
    torch.manual_seed(0)

    model = getattr(torchvision.models, a.arch)(num_classes=a.classes)
    randomize_batch_norms(model)
    model.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        logits = model(x)

    state = model.state_dict()
    assert isinstance(state, collections.OrderedDict)
    weights = os.path.join(a.workdir, "torchvision.pth")
    io_file = os.path.join(a.workdir, "io.pt")
    ours = os.path.join(a.workdir, "ours.pt")
    back = os.path.join(a.workdir, "exported.pth")
    torch.save(state, weights)
    torch.save({"input": x, "logits": logits}, io_file)

    run([a.resdense, "import-torchvision", "--arch", a.arch, weights, "--out", ours])
    run([a.parity_tool, ours, io_file, "1e-4"])
    run([a.resdense, "export-torchvision", ours, "--out", back])

    fresh = getattr(torchvision.models, a.arch)(num_classes=a.classes)
    result = fresh.load_state_dict(torch.load(back), strict=True)
    assert not result.missing_keys and not result.unexpected_keys, result
    fresh.eval()
    with torch.no_grad():
        again = fresh(x)
    assert torch.equal(again, logits), (again - logits).abs().max()
    print(f"{a.arch}: import parity and strict export round trip OK")


if __name__ == "__main__":
    main()
