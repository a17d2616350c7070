#!/usr/bin/python3
"""`resdense stats` against an independent computation from the predictions files.

A duel repeated over two seeds on the generated shapes; then, from predictions/<slot>-test.csv
alone, SciPy recomputes McNemar's exact test (a two-sided binomial test on the discordant pairs),
the accuracy difference, and the paired t-test across the seeds. Every figure `resdense stats
--json` prints must match.
"""
import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys

from scipy import stats


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        print(done.stdout, done.stderr)
        sys.exit(f"FAILED ({done.returncode}): {' '.join(cmd)}")
    return done.stdout


def correct(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["index"]) for r in rows] == list(range(len(rows))), path
    return [r["label"] == r["predicted"] for r in rows]


def close(a, b, rel=1e-9, what=""):
    if not math.isclose(a, b, rel_tol=rel, abs_tol=1e-12):
        sys.exit(f"MISMATCH {what}: resdense {a!r}, scipy {b!r}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--resdense", required=True)
    p.add_argument("--workdir", required=True)
    a = p.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    out = os.path.join(a.workdir, "repeats")
    run([a.resdense, "duel", "--a", "resnet20", "--b", "densenet-bc-40", "-d", "shapes:900",
         "--image-size", "16", "--epochs", "2", "--threads", "1", "--seeds", "0,1", "-o", out])
    runs = [os.path.join(out, f"seed-{s}") for s in (0, 1)]
    report = json.loads(run([a.resdense, "stats", "--json", *runs]))

    acc_a, acc_b = [], []
    for run_dir, r in zip(runs, report["runs"]):
        ca = correct(os.path.join(run_dir, "predictions", "a-test.csv"))
        cb = correct(os.path.join(run_dir, "predictions", "b-test.csv"))
        a_only = sum(x and not y for x, y in zip(ca, cb))
        b_only = sum(y and not x for x, y in zip(ca, cb))
        n = a_only + b_only
        p_ref = stats.binomtest(a_only, n, 0.5).pvalue if n else 1.0
        assert r["a_only_correct"] == a_only and r["b_only_correct"] == b_only, r
        close(r["mcnemar_exact_p"], p_ref, what=f"{run_dir} McNemar p")
        pa, pb = 100 * sum(ca) / len(ca), 100 * sum(cb) / len(cb)
        close(r["a"]["accuracy"], pa, what="accuracy A")
        close(r["difference_points"], pb - pa, what="B - A")
        assert r["difference_ci95_low"] <= pb - pa <= r["difference_ci95_high"], r
        acc_a.append(pa)
        acc_b.append(pb)
        print(f"{run_dir}: a_only {a_only}, b_only {b_only}, p {p_ref:.6g} (matches)")

    t = stats.ttest_rel(acc_b, acc_a)
    tt = report["paired_t_test"]
    if math.isfinite(t.pvalue):
        close(tt["p_value"], t.pvalue, rel=1e-7, what="paired t-test p")
        close(tt["t"], t.statistic, rel=1e-9, what="paired t")
    mean_a = sum(acc_a) / 2
    close(report["across_runs"]["test_accuracy"]["a"]["mean"], mean_a, what="mean A")
    print("verdict:", report["verdict"]["sentence"])
    print("ok")


if __name__ == "__main__":
    main()
