#!/usr/bin/python3
"""One training step of a default model, in ResDense and in plain PyTorch, must agree.

The models here are written from the papers with torch.nn only (no ResDense code), under the
engine's state-dict names, so a ResDense checkpoint's "model" loads with strict=True:

* ResNet-20 for CIFAR (He et al. 2016, section 4.2), option-A shortcuts: every second pixel,
  channels zero-padded evenly in front and behind.
* DenseNet-BC (Huang et al. 2017), depth 40, growth 12, compression 0.5, bottleneck 4k, the
  small-image stem (a 3x3 convolution to 2k channels, no pooling).

1. This script saves a seeded batch (N x 1 x 28 x 28 float, int64 labels) with torch.save.
2. train_step_tool builds the preset (1 input channel, 10 classes, channels-last, fp32, seeded),
   writes its initial checkpoint, runs SlotRun::train_step once (cross entropy, backward, the
   engine's FusedSGD from make_optimizer: lr 0.1, momentum 0.9, weight decay 5e-4, none on 1-D
   parameters) and writes the loss, the gradients and the state dict after the step. It runs
   once with the fused batch-norm kernels at their default policy and once with
   RESDENSE_FUSED_BATCH_NORM=always.
3. Here the initial weights go into the reference model, which takes the same step with
   torch.optim.SGD and the same parameter groups in float64: the exact answer that any float32
   step approximates. The engine's step must match it
   * forward: the loss to 1e-4 relative; every running mean and variance to 1e-4, as
     max|ours - reference| / max|reference| per tensor; num_batches_tracked exactly;
   * backward: the gradients, all together to 2% (relative L2 error) and each tensor to 20% of
     its largest value;
   * optimizer: torch.optim.SGD with the same groups, stepping from the same initial weights with
     the engine's gradients, must give the engine's parameters after the step, to 1e-4 per tensor
     as above, and the step's change (after - before) to 1e-3 per tensor.
   The gradients cannot be held to 1e-4: a float32 backward pass differs from the exact one by
   up to a few percent in some tensors, PyTorch's own float32 step as much as the engine's (the
   script prints both). The gradient of a ReLU network jumps where a pre-activation crosses zero,
   and float32 rounding moves one or a few of the 5-25 million pre-activations of a step across
   it (counted: 0-1 for ResNet-20, 1-7 for DenseNet-BC-40, float32 against float64); and with
   training-mode batch norm the gradients of the norm biases and of the first convolution are
   sums that mostly cancel. Over seeds 1-6 the engine's worst were: loss 2e-7, statistics 2e-5,
   gradients together 5e-3, worst gradient 6e-2 (PyTorch float32: 6e-8, 1e-6, 4e-3, 6e-2); its
   optimizer step was bit for bit torch.optim.SGD's.
"""
import argparse
import math
import os
import subprocess
import sys

import torch
import torchvision
import torch.nn as nn
import torch.nn.functional as F

# Tolerances (the module docstring says why the gradients' are wider).
TOLERANCE = 1e-4  # the loss; each tensor, max|ours - reference| / max|reference|
GLOBAL_TOLERANCE = 0.02  # all gradients together: relative L2 error
GRAD_TOLERANCE = 0.2  # each gradient, relative to its largest value
CHANGE_TOLERANCE = 1e-3  # each parameter's change in the step (float32 rounding of the result)


# --- CIFAR ResNet, option A -------------------------------------------------------------------


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv3x3(cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv3x3(cout, cout)
        self.bn2 = nn.BatchNorm2d(cout)
        self.stride = stride
        self.pad_before = (cout - cin) // 2
        self.pad_after = cout - cin - self.pad_before

    def shortcut(self, x):
        if self.stride == 1 and self.pad_before + self.pad_after == 0:
            return x
        x = x[:, :, :: self.stride, :: self.stride]
        return F.pad(x, (0, 0, 0, 0, self.pad_before, self.pad_after))

    def forward(self, x):
        out = self.conv2(F.relu(self.bn1(self.conv1(x))))
        return F.relu(self.bn2(out) + self.shortcut(x))


class CifarResNet(nn.Module):
    def __init__(self, depth=20, in_channels=1, num_classes=10):
        super().__init__()
        n = (depth - 2) // 6
        widths = [16, 32, 64]
        self.conv1 = conv3x3(in_channels, widths[0])
        self.bn1 = nn.BatchNorm2d(widths[0])
        cin = widths[0]
        for stage, width in enumerate(widths):
            blocks = []
            for i in range(n):
                stride = 2 if stage > 0 and i == 0 else 1
                blocks.append(BasicBlock(cin, width, stride))
                cin = width
            setattr(self, f"layer{stage + 1}", nn.Sequential(*blocks))
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# --- DenseNet-BC, small-image stem -------------------------------------------------------------


class DenseLayer(nn.Module):
    def __init__(self, cin, growth, bn_size):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, bn_size * growth, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        out = self.conv1(F.relu(self.norm1(x)))
        return self.conv2(F.relu(self.norm2(out)))


class Transition(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm = nn.BatchNorm2d(cin)
        self.conv = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return F.avg_pool2d(self.conv(F.relu(self.norm(x))), 2, 2)


class DenseNetBC(nn.Module):
    def __init__(self, depth=40, growth=12, compression=0.5, bn_size=4, in_channels=1,
                 num_classes=10):
        super().__init__()
        per_block = (depth - 4) // 6  # two convolutions per bottleneck layer
        channels = 2 * growth
        self.features = nn.Module()
        self.features.conv0 = nn.Conv2d(in_channels, channels, 3, padding=1, bias=False)
        self.blocks, self.transitions = [], []
        for b in range(3):
            block = nn.Module()
            layers = []
            for i in range(per_block):
                layer = DenseLayer(channels, growth, bn_size)
                block.add_module(f"denselayer{i + 1}", layer)
                layers.append(layer)
                channels += growth
            self.features.add_module(f"denseblock{b + 1}", block)
            self.blocks.append(layers)
            if b < 2:
                out = int(math.floor(compression * channels))
                t = Transition(channels, out)
                self.features.add_module(f"transition{b + 1}", t)
                self.transitions.append(t)
                channels = out
        self.features.norm4 = nn.BatchNorm2d(channels)
        self.classifier = nn.Linear(channels, num_classes)

    def forward(self, x):
        x = self.features.conv0(x)
        for b, layers in enumerate(self.blocks):
            for layer in layers:
                x = torch.cat([x, layer(x)], 1)
            if b < len(self.transitions):
                x = self.transitions[b](x)
        x = F.relu(self.features.norm4(x))
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


MODELS = {"resnet20": lambda: CifarResNet(20), "densenet-bc-40": lambda: DenseNetBC(40)}
# The transfer-learning models are torchvision's own (the engine uses their state-dict names):
# one fine-tuning step must be torchvision's + torch.optim.SGD's. Colour images, 64 px.
TORCHVISION = {"resnet18": lambda: torchvision.models.resnet18(num_classes=10),
               "densenet121": lambda: torchvision.models.densenet121(num_classes=10)}
MODELS.update(TORCHVISION)


def input_shape(preset):
    """Channels and side of the batch the step trains on."""
    return (3, 64) if preset in TORCHVISION else (1, 28)


# --- the step ----------------------------------------------------------------------------------


def sgd(model):
    """The engine's optimizer as torch.optim.SGD: weight decay on weights of 2 and more
    dimensions only (make_optimizer without decay_norm_and_bias)."""
    decay = [p for p in model.parameters() if p.dim() > 1]
    no_decay = [p for p in model.parameters() if p.dim() <= 1]
    return torch.optim.SGD(
        [{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0.0}],
        lr=0.1, momentum=0.9, weight_decay=5e-4)


def reference_step(model, images, labels):
    """The engine's step: train mode, cross entropy, backward, SGD. Returns the loss and the
    gradients."""
    optimizer = sgd(model)
    model.train()
    optimizer.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    grads = {k: p.grad.detach().clone() for k, p in model.named_parameters()}
    optimizer.step()
    return loss.item(), grads


def reference(preset, initial, images, labels, dtype):
    """The step from the initial state in dtype: {"loss", "state" after, "grad"}."""
    model = MODELS[preset]()
    result = model.load_state_dict(initial, strict=True)
    assert not result.missing_keys and not result.unexpected_keys, result
    model.to(dtype)
    loss, grads = reference_step(model, images.to(dtype), labels)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return {"loss": loss, "state": state, "grad": grads}


def optimizer_step(preset, initial, grads):
    """torch.optim.SGD's step (float32) from the initial state with the given gradients."""
    model = MODELS[preset]()
    model.load_state_dict(initial, strict=True)
    for k, p in model.named_parameters():
        p.grad = grads[k].to(p.dtype).contiguous()
    sgd(model).step()
    return {k: p.detach().clone() for k, p in model.named_parameters()}


def max_relative(ours, ref):
    """max|ours - ref| / max|ref| (integer tensors: 0 when equal, else infinity)."""
    if not ref.is_floating_point():
        return 0.0 if torch.equal(ours.to(ref.dtype), ref) else math.inf
    ours, ref = ours.double(), ref.double()
    return ((ours - ref).abs().max() / max(ref.abs().max().item(), 1e-12)).item()


def compare(label, ours, ref, fp32, stepped):
    """Checks the engine's step (ours: "loss", "state", "grad") against the float64 reference
    (ref), printing the worst tensor of each check beside what PyTorch's own float32 step (fp32)
    shows on the same check; stepped is torch.optim.SGD's step with the engine's gradients.
    Returns whether every check passed."""
    if set(ours["state"]) != set(ref["state"]) or set(ours["grad"]) != set(ref["grad"]):
        print(f"{label}: FAIL the tensors' names differ: ours only "
              f"{sorted(set(ours['state']) - set(ref['state']))[:5]}, reference only "
              f"{sorted(set(ref['state']) - set(ours['state']))[:5]}")
        return False
    ok = True

    def report(what, worst, worst_fp32, tolerance):
        nonlocal ok
        passed = worst[0] <= tolerance
        ok &= passed
        context = f"; PyTorch float32: {worst_fp32[0]:.3g}" if worst_fp32 else ""
        print(f"{label}: {'ok  ' if passed else 'FAIL'} {what}: worst {worst[1]} {worst[0]:.3g} "
              f"(tolerance {tolerance:g}{context})")

    # The forward pass: the loss, and the running statistics that the batch statistics update.
    def loss_error(run):
        return (abs(run["loss"] - ref["loss"]) / abs(ref["loss"]), "loss")

    report("loss", loss_error(ours), loss_error(fp32), TOLERANCE)
    buffers = [k for k in ref["state"] if k not in ref["grad"]]

    def buffer_error(run):
        return max((max_relative(run["state"][k], ref["state"][k]), k) for k in buffers)

    report("running statistics, per tensor", buffer_error(ours), buffer_error(fp32), TOLERANCE)

    # The backward pass: every parameter's gradient.
    names = list(ref["grad"])

    def grad_errors(run):
        g = {k: run["grad"][k].double() for k in names}
        r = {k: ref["grad"][k].double() for k in names}
        num = sum(float(((g[k] - r[k]) ** 2).sum()) for k in names)
        den = sum(float((r[k] ** 2).sum()) for k in names)
        return (math.sqrt(num / den), "all"), max((max_relative(g[k], r[k]), k) for k in names)

    ours_all, ours_worst = grad_errors(ours)
    fp32_all, fp32_worst = grad_errors(fp32)
    report("gradients together (relative L2)", ours_all, fp32_all, GLOBAL_TOLERANCE)
    report("gradients, per tensor", ours_worst, fp32_worst, GRAD_TOLERANCE)

    # The optimizer: from the same weights and gradients, torch.optim.SGD's step. Each tensor
    # after the step, and the step's change (after - before) itself.
    initial = ours["initial"]
    report("parameters after the step, per tensor",
           max((max_relative(ours["state"][k], stepped[k]), k) for k in names), None, TOLERANCE)
    report("parameter changes, per tensor",
           max((max_relative(ours["state"][k].double() - initial[k].double(),
                             stepped[k].double() - initial[k].double()), k) for k in names),
           None, CHANGE_TOLERANCE)
    return ok


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--preset", required=True, choices=sorted(MODELS))
    p.add_argument("--tool", required=True, help="train_step_tool")
    p.add_argument("--workdir", required=True)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=3)
    a = p.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    torch.set_num_threads(2)
    torch.manual_seed(a.seed)

    channels, side = input_shape(a.preset)
    images = torch.randn(a.batch, channels, side, side)
    labels = torch.randint(0, 10, (a.batch,), dtype=torch.int64)
    batch_file = os.path.join(a.workdir, "batch.pt")
    torch.save({"images": images, "labels": labels}, batch_file)

    all_ok = True
    for policy in ("default", "always"):
        env = dict(os.environ)
        env.pop("RESDENSE_FUSED_BATCH_NORM", None)
        if policy == "always":
            env["RESDENSE_FUSED_BATCH_NORM"] = "always"
        initial_file = os.path.join(a.workdir, f"initial-{policy}.pt")
        result_file = os.path.join(a.workdir, f"result-{policy}.pt")
        cmd = [a.tool, a.preset, str(a.seed), batch_file, initial_file, result_file]
        print("+", " ".join(cmd), f"(fused batch norm: {policy})", flush=True)
        done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
        print(done.stdout, end="", flush=True)
        if done.returncode != 0:
            sys.exit(f"FAILED ({done.returncode}): {' '.join(cmd)}")

        initial = torch.load(initial_file)["model"]
        ref = reference(a.preset, initial, images, labels, torch.float64)
        fp32 = reference(a.preset, initial, images, labels, torch.float32)
        result = torch.load(result_file)
        ours = {"loss": result["result"]["loss"].item(), "state": result["model"],
                "grad": result["grad"], "initial": initial}
        stepped = optimizer_step(a.preset, initial, result["grad"])
        all_ok &= compare(f"{a.preset} [{policy}]", ours, ref, fp32, stepped)
    if not all_ok:
        sys.exit(f"{a.preset}: the engine's training step differs from the PyTorch reference")
    print(f"{a.preset}: one training step matches the PyTorch reference")


if __name__ == "__main__":
    main()
