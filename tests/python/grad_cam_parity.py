#!/usr/bin/python3
"""Grad-CAM against an independent reference: forward and backward hooks on torchvision's model.

torchvision builds ARCH with seeded random weights (batch-norm statistics randomised too), at
224 px. Hooks on the target layer (resnet: `layer4`; densenet: `features.norm5`, before the
functional ReLU that follows it) keep its output A and the gradient of a class logit y_c with
respect to it; the map is ReLU(sum_k mean(dy_c/dA_k) A_k) divided by its maximum. The weights go
through `resdense import-torchvision`, and grad_cam_tool computes ResDense's maps for the same
input and classes: every value must agree within 1e-4.
"""
import argparse
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


def reference_cams(model, layer, x, classes):
    store = {}

    def forward_hook(module, inputs, output):
        store["activation"] = output.detach()
        output.register_hook(lambda grad: store.__setitem__("grad", grad.detach()))
        # A copy goes on, so that an in-place ReLU after the layer (DenseNet's) cannot change A.
        return output.clone()

    handle = layer.register_forward_hook(forward_hook)
    logits = model(x)
    handle.remove()
    cams = []
    for c in classes:
        model.zero_grad()
        logits[0, c].backward(retain_graph=True)
        a, g = store["activation"][0], store["grad"][0]
        weights = g.mean(dim=(1, 2))
        cam = torch.relu((weights[:, None, None] * a).sum(0))
        peak = cam.max()
        cams.append(cam / peak if peak > 0 else cam)
    return logits.detach(), torch.stack(cams)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", required=True)
    p.add_argument("--resdense", required=True)
    p.add_argument("--tool", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--size", type=int, default=224)
    a = p.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    torch.set_num_threads(2)
    torch.manual_seed(0)

    model = getattr(torchvision.models, a.arch)(num_classes=10)
    randomize_batch_norms(model)
    model.eval()
    layer = model.layer4 if a.arch.startswith("resnet") else model.features.norm5
    x = torch.randn(1, 3, a.size, a.size)
    with torch.no_grad():
        top = model(x)[0].topk(3).indices.tolist()
    classes = top + [c for c in (0, 9) if c not in top]
    logits, cams = reference_cams(model, layer, x, classes)
    assert cams.shape[1:] == (a.size // 32, a.size // 32), cams.shape
    assert all(float(c.max()) in (0.0, 1.0) for c in cams)

    weights = os.path.join(a.workdir, "torchvision.pth")
    ours = os.path.join(a.workdir, "ours.pt")
    io_file = os.path.join(a.workdir, "cam-io.pt")
    torch.save(model.state_dict(), weights)
    torch.save({"input": x, "classes": torch.tensor(classes, dtype=torch.int64), "cams": cams},
               io_file)
    run([a.resdense, "import-torchvision", "--arch", a.arch, weights, "--out", ours])
    run([a.tool, ours, io_file, "1e-4"])
    print(f"{a.arch}: Grad-CAM of classes {classes} matches the hooked reference within 1e-4")


if __name__ == "__main__":
    main()
