#!/usr/bin/python3
"""The tutorial's models at the tutorial's size: torchvision's resnet18 and densenet121, 3 x 224 x
224, batch 64, 10 classes, timed in resdense (`resdense bench`) and in Python (torchvision, with
python_reference.py), interleaved as compare_python.py does (every repeat runs every variant
once, in an order rotated from repeat to repeat; medians and ranges reported).

Two measurements per variant:
  train  a fine-tuning step through the whole model (forward, backward, SGD with momentum)
  infer  an eval forward pass (what a frozen backbone costs per image in a linear probe)

    /usr/bin/python3 bench/transfer_python.py [--resdense build/app/resdense] [--repeats 3]

Variants:
  py-plain   the tutorial's script as written: NCHW fp32
  py-tuned   channels-last, bf16 autocast where the CPU has AVX512-BF16/AMX, the same allocator
  rd         resdense bench, default precision (bf16 where the CPU has it)
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
from compare_python import has_bf16  # noqa: E402
from fair_env import tuned_environment  # noqa: E402

VARIANTS = ["py-plain", "py-tuned", "rd"]


def command(variant, model, kind, args):
    common = ["--batch-size", str(args.batch_size), "--steps", str(args.steps),
              "--threads", str(args.threads), "--warmup", "1"]
    env = dict(os.environ)
    if variant.startswith("py"):
        cmd = [PY, os.path.join(HERE, "python_reference.py"), "--model", model,
               "--image-size", "224", "--in-channels", "3"] + common
        if kind == "infer":
            cmd.append("--eval")
        if variant == "py-plain":
            cmd += ["--mode", "plain"]
        else:
            cmd += ["--mode", "tuned"] + (["--bf16"] if has_bf16() else [])
            env = tuned_environment(env)
        return cmd, env
    return [args.resdense, "bench", "-m", model, "--in-channels", "3", "--classes", "10",
            "--image-size", "224", "--channels-last", "--json"] + common, env


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resdense", default="build/app/resdense")
    p.add_argument("--models", nargs="+", default=["resnet18", "densenet121"])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", help="also write every measurement to this file")
    args = p.parse_args()

    results = {}
    for model in args.models:
        runs = {(v, k): [] for v in VARIANTS for k in ("train", "infer")}
        for r in range(args.repeats):
            shift = r % len(VARIANTS)
            for v in VARIANTS[shift:] + VARIANTS[:shift]:
                # One resdense bench run times both; Python runs once per kind.
                for kind in ("train",) if v == "rd" else ("train", "infer"):
                    cmd, env = command(v, model, kind, args)
                    text = subprocess.run(cmd, env=env, check=True, capture_output=True,
                                          text=True).stdout
                    out = json.loads(text[text.index("{"):])  # resdense prints it indented
                    for k in ("train", "infer") if v == "rd" else (kind,):
                        runs[(v, k)].append(out[f"{k}_images_per_second"])
                        print(f"  {model} {r + 1}/{args.repeats} {v} {k}: "
                              f"{runs[(v, k)][-1]:.1f} img/s", file=sys.stderr, flush=True)
        med = {f"{v} {k}": statistics.median(x) for (v, k), x in runs.items() if x}
        results[model] = {"median": med, "runs": {f"{v} {k}": x for (v, k), x in runs.items()}}
        print(f"{model} at 224 px (batch {args.batch_size}, {args.threads} threads, {args.steps} "
              f"timed steps, {args.repeats} interleaved repeats), median img/s [min-max]:")
        for (v, k), x in runs.items():
            if x:
                print(f"  {v:9s} {k:5s} {statistics.median(x):8.1f}  [{min(x):.1f}-{max(x):.1f}]")
        for k in ("train", "infer"):
            for ref in ("py-plain", "py-tuned"):
                print(f"  resdense / {ref} ({k}): {med[f'rd {k}'] / med[f'{ref} {k}']:.2f}x")
        sys.stdout.flush()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
