#!/usr/bin/python3
"""Training from pretrained torchvision weights, checked against torchvision itself.

torchvision builds ARCH with seeded random weights (batch-norm statistics randomised too) and
saves model.state_dict() in the requested LAYOUT:
  new  today's keys, with num_batches_tracked (what torch.save(model.state_dict()) writes now);
  old  the keys of torchvision's published DenseNet files ("denselayerN.norm.1.weight",
       "conv.2.weight", ...) and no num_batches_tracked, which torchvision's own loader accepts
       (checked here with its regex and strict=True).
Then:
1. `resdense import-torchvision` and the training-start path (parity_tool --pretrained) give
   eval logits equal to torchvision's, bit for bit.
2. Gray images: the model for 1-channel images, started from the RGB weights (the stem summed
   over RGB), gives torchvision's logits of the gray image replicated to RGB (within rounding).
3. `resdense train --pretrained imagenet` finds the file in the torch hub cache (TORCH_HOME, or
   XDG_CACHE_HOME), says what it changed, and config.json records the path and SHA-256.
4. Refusals: an empty hub cache (the folder and the one-liner named), another architecture (both
   named, and the first mismatching key); nothing is written to the run folder.
"""
import argparse
import collections
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import torch
import torchvision

from random_norms import randomize_batch_norms

PUBLISHED = {"resnet18": "resnet18-f37072fd.pth", "densenet121": "densenet121-a639ec97.pth"}
OTHER = {"resnet18": "resnet34", "densenet121": "densenet169"}
failures = []


def run(cmd, env=None, want=0):
    print("+", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=env)
    print(done.stdout, end="", flush=True)
    if done.returncode != want:
        sys.exit(f"FAILED (exit {done.returncode}, wanted {want}): {' '.join(cmd)}")
    return done.stdout


def expect(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def old_layout(state):
    """The published DenseNet files' key names, without num_batches_tracked."""
    out = collections.OrderedDict()
    for key, value in state.items():
        if key.endswith("num_batches_tracked"):
            continue
        out[re.sub(r"(denselayer\d+\.(?:norm|conv))([12])\.", r"\1.\2.", key)] = value
    return out


def torchvision_accepts(arch, state):
    """torchvision/models/densenet.py's _load_state_dict, then strict=True."""
    pattern = re.compile(
        r"^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$")
    renamed = collections.OrderedDict()
    for key, value in state.items():
        m = pattern.match(key)
        renamed[m.group(1) + m.group(2) if m else key] = value
    getattr(torchvision.models, arch)().load_state_dict(renamed, strict=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", required=True)
    p.add_argument("--layout", choices=["new", "old"], default="new")
    p.add_argument("--resdense", required=True)
    p.add_argument("--parity-tool", required=True)
    p.add_argument("--workdir", required=True)
    a = p.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    w = lambda name: os.path.join(a.workdir, name)
    torch.set_num_threads(2)
    torch.manual_seed(0)

    model = getattr(torchvision.models, a.arch)()  # 1000 classes, as the ImageNet files
    randomize_batch_norms(model)
    model.eval()
    x = torch.randn(2, 3, 64, 64)
    gray = torch.rand(2, 1, 64, 64)
    with torch.no_grad():
        logits = model(x)
        gray_logits = model(gray.repeat(1, 3, 1, 1))

    state = model.state_dict()
    if a.layout == "old":
        state = old_layout(state)
        assert not any(k.endswith("num_batches_tracked") for k in state)
        assert any(".norm.1." in k for k in state), "no old-style keys"
        torchvision_accepts(a.arch, state)
    weights = w(PUBLISHED[a.arch])
    torch.save(state, weights)
    torch.save({"input": x, "logits": logits}, w("io.pt"))
    torch.save({"input": gray, "logits": gray_logits}, w("io_gray.pt"))

    # 1. Bit for bit, through import-torchvision and through training start.
    run([a.resdense, "import-torchvision", "--arch", a.arch, weights, "--out", w("ours.pt")])
    run([a.parity_tool, w("ours.pt"), w("io.pt"), "0"])
    run([a.parity_tool, "--pretrained", a.arch, "3", weights, w("io.pt"), "0"])
    # 2. Gray images: summed stem == gray replicated to RGB.
    out = run([a.parity_tool, "--pretrained", a.arch, "1", weights, w("io_gray.pt"), "1e-5"])
    expect("RGB weights summed to 1 channel" in out, "the gray stem rule is reported")

    # 3. Training from the torch hub cache.
    hub_home = w("torch-home")
    env = dict(os.environ)
    if a.layout == "old":  # through XDG_CACHE_HOME
        env.pop("TORCH_HOME", None)
        env["XDG_CACHE_HOME"] = w("xdg")
        hub = os.path.join(w("xdg"), "torch", "hub", "checkpoints")
    else:
        env["TORCH_HOME"] = hub_home
        hub = os.path.join(hub_home, "hub", "checkpoints")
    os.makedirs(hub)
    shutil.copy(weights, hub)
    cached = os.path.join(hub, PUBLISHED[a.arch])
    # One batch of 30 gray images; DenseNet-121 trains once (the old layout) to keep this quick.
    common = ["-d", "shapes:40", "--image-size", "32", "--channels", "1", "-e", "1", "-b", "30",
              "--threads", "2", "--val-fraction", "0.25", "--test-limit", "10",
              "--precision", "fp32"]
    if a.arch == "resnet18" or a.layout == "old":
        out = run([a.resdense, "train", "-m", a.arch, "--pretrained", "imagenet", *common,
                   "-o", w("run")], env=env)
        head = "fc" if a.arch.startswith("resnet") else "classifier"
        expect(f"{head}: 1000 → 10 classes, new" in out, "the new head is reported")
        expect("RGB weights summed to 1 channel" in out, "the gray stem is reported")
        recorded = json.load(open(w("run/config.json")))["slots"][0]["pretrained"]
        digest = hashlib.sha256(open(cached, "rb").read()).hexdigest()
        expect(recorded == {"source": "imagenet", "path": cached, "sha256": digest},
               f"config.json records the weights: {recorded}")

    # 4. Refusals write nothing.
    empty = dict(env, TORCH_HOME=w("empty-home"))
    os.makedirs(os.path.join(w("empty-home"), "hub", "checkpoints"))
    out = run([a.resdense, "train", "-m", a.arch, "--pretrained", "imagenet", *common,
               "-o", w("refused")], env=empty, want=1)
    expect(os.path.join(w("empty-home"), "hub", "checkpoints") in out, "the empty cache is named")
    expect(f"python3 -c \"import torchvision; torchvision.models.{a.arch}(weights='DEFAULT')\""
           in out, "the one-liner that fills the cache is given")
    out = run([a.resdense, "train", "-m", OTHER[a.arch], "--pretrained", weights, *common,
               "-o", w("refused")], env=env, want=1)
    expect(f"holds {a.arch} weights" in out and f"({OTHER[a.arch]})" in out
           and "first mismatching key" in out, "another architecture names both and the key")
    expect(not os.path.exists(w("refused")), "nothing written on refusal")

    if failures:
        sys.exit("\n".join(failures))
    print(f"{a.arch} ({a.layout} layout): pretrained parity OK")


if __name__ == "__main__":
    main()
