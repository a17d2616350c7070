#!/usr/bin/env bash
# Soak test (issue 20; not in CI): the workbench trains the default duel (ResNet-20 vs
# DenseNet-BC-40 on Fashion-MNIST) offscreen for MINUTES minutes while an image is dropped on the
# window every 5 s (classified by both models' latest weights, snapshots included); resident
# memory (VmRSS) is recorded every 10 s. Passes when resident memory after the first epoch stays
# within 5 % of its value then.
#
#   tests/soak/soak.sh [MINUTES] [BUILD_DIR]     (defaults: 30, build)
#   SOAK_CSV=rss.csv   where the samples go (default: soak-rss-<date>.csv here)
#   SOAK_NICE=10       run at a lower priority (default 0)
#   SOAK_LIMIT=6000    train on this many images only: short epochs (default: all 54,000, an
#                      epoch of 7-17 min on a 2-core machine; the check needs a finished epoch)
#
# Settings and runs go to a temporary HOME, so the user's own are untouched; it is removed at the
# end. Exit status: the driver's (0 flat, 1 not flat, 2 could not train, 3 no epoch finished).
set -euo pipefail
minutes=${1:-30}
build=${2:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
[[ $build = /* ]] || build="$root/$build"
driver="$build/tests/soak/soak_driver"
if [[ ! -x $driver ]]; then
  echo "building soak_driver in $build"
  cmake --build "$build" --target soak_driver
fi
csv=${SOAK_CSV:-$PWD/soak-rss-$(date +%Y%m%d-%H%M%S).csv}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
echo "soak: ${minutes} min, samples in $csv"
HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  XDG_CACHE_HOME="$home/.cache" QT_QPA_PLATFORM=offscreen \
  nice -n "${SOAK_NICE:-0}" "$driver" --seconds "$((minutes * 60))" --csv "$csv" \
  --drop-every 5 --sample-every 10 --tolerance 0.05 --limit "${SOAK_LIMIT:-0}"
