#!/usr/bin/env bash
# Data-parallel speed on this machine (bench/distributed.md): the same global batch (128) and the
# same ~200 steps of ResNet-20 on generated shapes, as 1 process x 2 threads and as 2 processes
# x 1 thread; then the gradient all-reduce per step of ResNet-20 and DenseNet-BC-100 as the
# trainer reports it. Usage: bench/distributed_bench.sh path/to/resdense
set -eu
bin=${1:?usage: distributed_bench.sh path/to/resdense}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
data=(-d shapes:28000 --image-size 32 --test-limit 1000 -b 128 -e 1 --seed 1 --precision fp32 --val-every 0)

for form in "one:--threads 2" "two:--nproc 2"; do
  name=${form%%:*}; flags=${form#*:}
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$bin" train -m cifar-resnet:depth=20 "${data[@]}" $flags -o "$work/$name" > "$work/$name.log" 2>&1
  end=$(date +%s.%N)
  echo "resnet20, $flags: $(json "$work/$name/summary.json" 'round(d["slots"][0]["images_per_second"],1)') training images/s," \
       "test acc $(json "$work/$name/summary.json" 'd["slots"][0]["test_accuracy"]'), wall $(python3 -c "print(round($end-$start,1))") s"
  grep "all-reduce" "$work/$name.log" || true
done

"$bin" train -m densenet-bc:depth=100 -d shapes:2900 --image-size 32 --test-limit 100 -b 128 -e 1 --seed 1 \
  --precision fp32 --nproc 2 -o "$work/dense" > "$work/dense.log" 2>&1
echo "densenet-bc-100, --nproc 2: $(json "$work/dense/summary.json" 'round(d["slots"][0]["images_per_second"],1)') training images/s"
grep "all-reduce" "$work/dense.log" || true
