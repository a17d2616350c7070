#!/usr/bin/python3
"""The speed race: `resdense bench` against the Python reference (python_reference.py), train
step on Fashion-MNIST-shaped data (1x28x28), interleaved: every repeat runs every variant once,
in an order rotated from repeat to repeat, and the report gives medians (and the range). On a
shared 2-core machine single runs differ by up to 30 %; interleaving spreads the drift over all
variants alike.

    /usr/bin/python3 bench/compare_python.py [--resdense build/app/resdense] [--repeats 5]
        [--models resnet20 densenet-bc-40 densenet-bc-100] [--variants ...] [--json FILE]

Variants:
  py-plain       Python, NCHW fp32 (the usual tutorial script)
  py-tuned       Python, channels-last, bf16 autocast where the CPU has AVX512-BF16/AMX
  py-tuned-fp32  Python, channels-last fp32
  rd             resdense bench, default precision (bf16 where the CPU has it)
  rd-fp32        resdense bench --precision fp32
  rd-unfused     resdense with the fused batch norm + ReLU switched off (RESDENSE_FUSED_BATCH_NORM=0)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
sys.path.insert(0, HERE)
from fair_env import tuned_environment  # noqa: E402  (the same allocator as resdense)
DEFAULT_VARIANTS = ["py-plain", "py-tuned", "py-tuned-fp32", "rd", "rd-fp32", "rd-unfused"]


def has_bf16():
    with open("/proc/cpuinfo") as f:
        flags = f.read()
    return "avx512_bf16" in flags or "amx_bf16" in flags


def command(variant, model, args, steps):
    common = ["--batch-size", str(args.batch_size), "--steps", str(steps), "--threads", str(args.threads)]
    env = dict(os.environ)
    if variant.startswith("py"):
        cmd = [PY, os.path.join(HERE, "python_reference.py"), "--model", model] + common
        if variant == "py-plain":
            cmd += ["--mode", "plain"]
        else:
            cmd += ["--mode", "tuned"] + (["--bf16"] if variant == "py-tuned" and has_bf16() else [])
            env = tuned_environment(env)
        return cmd, env
    cmd = [args.resdense, "bench", "-m", model, "--in-channels", "1", "--classes", "10",
           "--image-size", "28", "--warmup", "3", "--json"] + common
    if variant == "rd-fp32":
        cmd += ["--precision", "fp32"]
    if variant == "rd-unfused":
        env["RESDENSE_FUSED_BATCH_NORM"] = "0"
    return cmd, env


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resdense", default="build/app/resdense")
    p.add_argument("--models", nargs="+", default=["resnet20", "densenet-bc-40", "densenet-bc-100"])
    p.add_argument("--variants", nargs="+", default=DEFAULT_VARIANTS, choices=DEFAULT_VARIANTS)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--steps", type=int, default=20, help="timed steps for resnet20; DenseNets get fewer")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", help="also write every measurement to this file")
    args = p.parse_args()

    results = {}
    for model in args.models:
        steps = args.steps if model.startswith("resnet") else max(3, args.steps // (2 if model.endswith("-40") else 4))
        runs = {v: [] for v in args.variants}
        for r in range(args.repeats):
            k = r % len(args.variants)
            for v in args.variants[k:] + args.variants[:k]:
                cmd, env = command(v, model, args, steps)
                out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
                runs[v].append(json.loads(out)["train_images_per_second"])
                print(f"  {model} repeat {r + 1}/{args.repeats} {v}: {runs[v][-1]:.1f} img/s", file=sys.stderr, flush=True)
        med = {v: statistics.median(x) for v, x in runs.items()}
        results[model] = {"steps": steps, "images_per_second": runs, "median": med}
        print(f"{model} (batch {args.batch_size}, {args.threads} threads, {steps} timed steps, "
              f"{args.repeats} interleaved repeats), median img/s [min-max]:")
        for v, x in runs.items():
            print(f"  {v:14s} {med[v]:8.1f}  [{min(x):.1f}-{max(x):.1f}]")

        def ratio(a, b, label):
            if a in med and b in med:
                print(f"  {label:44s} {med[a] / med[b]:.2f}x")
        ratio("rd", "py-plain", "resdense / Python plain")
        ratio("rd", "py-tuned", "resdense / Python tuned (same precision)")
        ratio("rd-fp32", "py-plain", "resdense fp32 / Python plain")
        ratio("rd-fp32", "py-tuned-fp32", "resdense fp32 / Python tuned fp32")
        ratio("rd", "rd-unfused", "fused batch norm + ReLU / unfused")
        sys.stdout.flush()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
