#!/usr/bin/python3
"""The forms of weights files people actually have, read by `resdense inspect` /
`import-torchvision`, and the clear messages for the ones we refuse."""
import argparse
import collections
import os
import subprocess
import sys

import torch
import torchvision

failures = []


def check(name, cmd, want_code, want_text):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = done.stdout + done.stderr
    ok = done.returncode == want_code and want_text in out
    print(("ok   " if ok else "FAIL ") + name + f" (exit {done.returncode})\n     " + out.strip().replace("\n", "\n     "))
    if not ok:
        failures.append(f"{name}: wanted exit {want_code} and {want_text!r}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--resdense", required=True)
    p.add_argument("--workdir", required=True)
    a = p.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    w = lambda name: os.path.join(a.workdir, name)
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=10)
    state = model.state_dict()
    n = len(state)

    torch.save(state, w("ordered.pth"))
    torch.save(dict(state), w("plain.pth"))
    torch.save({"epoch": 3, "state_dict": state, "optimizer": {"lr": 0.1}}, w("nested.pth"))
    torch.save(collections.OrderedDict(("module." + k, v) for k, v in state.items()), w("dataparallel.pth"))
    half = collections.OrderedDict((k, v.half() if v.is_floating_point() else v) for k, v in state.items())
    torch.save(half, w("half.pth"))
    torch.save(model, w("whole_model.pth"))
    torch.save(state, w("legacy.pth"), _use_new_zipfile_serialization=False)
    torch.jit.save(torch.jit.script(torchvision.models.resnet18(num_classes=10)), w("scripted.pt"))

    for form in ["ordered", "plain", "nested", "dataparallel", "half"]:
        check(f"inspect {form}", [a.resdense, "inspect", w(form + ".pth")], 0, f"{n} tensors")
        check(f"import {form}", [a.resdense, "import-torchvision", "--arch", "resnet18",
                                 w(form + ".pth"), "--out", w(form + ".pt")], 0, "10 classes")
    check("whole pickled model refused", [a.resdense, "inspect", w("whole_model.pth")], 1,
          "not part of a state dict")
    check("legacy format refused", [a.resdense, "inspect", w("legacy.pth")], 1,
          "before PyTorch 1.6")
    check("TorchScript refused", [a.resdense, "inspect", w("scripted.pt")], 1, "TorchScript")
    check("wrong architecture named", [a.resdense, "import-torchvision", "--arch", "resnet34",
                                       w("ordered.pth"), "--out", w("bad.pt")], 1, "missing")
    check("explicit classes mismatch", [a.resdense, "import-torchvision", "--arch", "resnet18",
                                        "--classes", "100", w("ordered.pth"), "--out", w("bad.pt")],
          1, "fc.weight [10, 512] where the model has [100, 512]")
    if os.path.exists(w("bad.pt")):
        failures.append("a failed import left bad.pt behind")

    # The same refusals when training starts from the file; no run folder is written.
    train = [a.resdense, "train", "-m", "resnet18", "-d", "shapes:20", "--image-size", "16",
             "-e", "1", "--threads", "1", "-o", w("refused-run"), "--pretrained"]
    check("train from a whole pickled model refused", train + [w("whole_model.pth")], 1,
          "not part of a state dict")
    check("train from TorchScript refused", train + [w("scripted.pt")], 1, "TorchScript")
    check("train from a legacy file refused", train + [w("legacy.pth")], 1, "before PyTorch 1.6")
    with open(w("ordered.pth"), "rb") as f:
        data = f.read()
    with open(w("truncated.pth"), "wb") as f:
        f.write(data[: len(data) // 2])
    check("train from a truncated file refused", train + [w("truncated.pth")], 1,
          w("truncated.pth"))
    check("train from a missing file refused", train + [w("nope.pth")], 1, "no such weights file")
    if os.path.exists(w("refused-run")):
        failures.append("a refused --pretrained left a run folder behind")

    # A ResDense checkpoint opens in Python as a plain dict.
    ckpt = torch.load(w("ordered.pt"))
    assert ckpt["format"] == "resdense-checkpoint", ckpt.keys()
    assert set(ckpt["model"]) == set(state), "checkpoint keys differ from torchvision's"

    if failures:
        sys.exit("\n".join(failures))
    print("all torch.save forms handled")


if __name__ == "__main__":
    main()
