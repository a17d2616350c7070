#!/usr/bin/python3
"""Time to accuracy: ResNet-20 on Fashion-MNIST, 2 epochs, one-cycle SGD (peak 0.2), random
horizontal flips, batch 128, all 60,000 training images, 2 threads; `resdense train` against the
tuned Python reference (python_reference.py --time-to-accuracy: channels-last, bf16 autocast where
the CPU has it) in interleaved repeats. Wall time is the whole process, from launch to exit, for
both (start-up and imports, loading, training, checkpoints, test): what a user waits for. Each
program's own timer (resdense: summary.json wall_seconds, after its start-up; Python: after its
imports) is printed too, with its ratio.

    /usr/bin/python3 bench/time_to_accuracy.py [--resdense build/app/resdense] [--repeats 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fair_env import tuned_environment  # noqa: E402  (the same allocator as resdense)


def has_bf16():
    with open("/proc/cpuinfo") as f:
        flags = f.read()
    return "avx512_bf16" in flags or "amx_bf16" in flags


def run_resdense(binary, epochs, threads, lr):
    out = tempfile.mkdtemp(prefix="resdense-tta-")
    try:
        start = time.perf_counter()
        subprocess.run([binary, "train", "-m", "resnet20", "--hflip", "-e", str(epochs), "--val-fraction", "0",
                        "--lr", str(lr), "--threads", str(threads), "-o", out], check=True, capture_output=True)
        wall = time.perf_counter() - start
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        return wall, summary["wall_seconds"], summary["slots"][0]["test_accuracy"]
    finally:
        shutil.rmtree(out, ignore_errors=True)


def run_python(epochs, threads, lr):
    cmd = ["/usr/bin/python3", os.path.join(HERE, "python_reference.py"), "--time-to-accuracy",
           "--epochs", str(epochs), "--threads", str(threads), "--lr", str(lr)] + (["--bf16"] if has_bf16() else [])
    start = time.perf_counter()
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                    env=tuned_environment(dict(os.environ))).stdout)
    wall = time.perf_counter() - start
    return wall, out["wall_seconds"], out["test_accuracy"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resdense", default="build/app/resdense")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--lr", type=float, default=0.2, help="one-cycle peak learning rate, for both")
    args = p.parse_args()
    runs = {"resdense": [], "python": []}
    for r in range(args.repeats):
        order = ["resdense", "python"] if r % 2 == 0 else ["python", "resdense"]
        for who in order:
            wall, own, acc = run_resdense(args.resdense, args.epochs, args.threads, args.lr) if who == "resdense" \
                else run_python(args.epochs, args.threads, args.lr)
            runs[who].append((wall, own, acc))
            print(f"  repeat {r + 1}/{args.repeats} {who}: {wall:.1f} s (own timer {own:.1f} s), "
                  f"test accuracy {100 * acc:.2f}%", flush=True)
    for who, x in runs.items():
        walls = [w for w, _, _ in x]
        owns = [o for _, o, _ in x]
        accs = [a for _, _, a in x]
        print(f"{who:9s} median {statistics.median(walls):.1f} s [{min(walls):.1f}-{max(walls):.1f}], "
              f"own timer {statistics.median(owns):.1f} s [{min(owns):.1f}-{max(owns):.1f}], "
              f"test accuracy median {100 * statistics.median(accs):.2f}% [{100 * min(accs):.2f}-{100 * max(accs):.2f}]")
    for i, what in ((0, "whole-process wall time"), (1, "own timers")):
        ratio = statistics.median(x[i] for x in runs["resdense"]) / statistics.median(x[i] for x in runs["python"])
        print(f"resdense / Python, {what}: {ratio:.2f}x (target <= 0.7x)")
    pairs = [a[0] / b[0] for a, b in zip(runs["resdense"], runs["python"])]
    print("per repeat (whole process): " + " ".join(f"{p:.2f}" for p in pairs))


if __name__ == "__main__":
    main()
