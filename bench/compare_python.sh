#!/usr/bin/env bash
# The speed race: the Python reference (plain and tuned) and `resdense bench`, in turn, in one
# run, on Fashion-MNIST-shaped data (1x28x28, batch 128, 2 threads). Prints each figure and the
# ratios. Usage: bench/compare_python.sh [build/app/resdense] [STEPS]
set -euo pipefail
bin=${1:-build/app/resdense}
steps=${2:-20}
here=$(dirname "$0")
py=/usr/bin/python3
threads=2
bf16=""
grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo && bf16="--bf16"
for model in ${MODELS:-resnet20 densenet-bc-40 densenet-bc-100}; do
  s=$steps; [[ $model == densenet* ]] && s=$(( steps / 2 > 3 ? steps / 2 : 3 ))
  plain=$($py "$here/python_reference.py" --model "$model" --mode plain --steps "$s" --threads $threads)
  tuned=$($py "$here/python_reference.py" --model "$model" --mode tuned $bf16 --steps "$s" --threads $threads)
  # The same allocator settings resdense applies to itself (see keep_freed_memory), for Python too.
  tuned_malloc=$(MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
    $py "$here/python_reference.py" --model "$model" --mode tuned $bf16 --steps "$s" --threads $threads)
  ours=$("$bin" bench -m "$model" --in-channels 1 --classes 10 --image-size 28 -b 128 --steps "$s" --warmup 3 --threads $threads --json)
  ours32=$("$bin" bench -m "$model" --in-channels 1 --classes 10 --image-size 28 -b 128 --steps "$s" --warmup 3 --threads $threads --precision fp32 --json)
  $py - "$model" "$plain" "$tuned" "$ours" "$ours32" "$tuned_malloc" <<'PY'
import json, sys
model, plain, tuned, ours, ours32, tuned_malloc = sys.argv[1], *(json.loads(a) for a in sys.argv[2:])
r = lambda d: d["train_images_per_second"]
print(f"{model}: python plain {r(plain):.0f} img/s (NCHW fp32) | python tuned {r(tuned):.0f} img/s "
      f"(channels-last {tuned['precision']}) | resdense {r(ours):.0f} img/s ({ours['precision']}) | "
      f"resdense fp32 {r(ours32):.0f} img/s")
print(f"{model}: python tuned with resdense's allocator settings {r(tuned_malloc):.0f} img/s")
print(f"{model}: resdense / plain = {r(ours)/r(plain):.2f}x, resdense / tuned = {r(ours)/r(tuned):.2f}x, "
      f"resdense / tuned with the same allocator settings = {r(ours)/r(tuned_malloc):.2f}x, "
      f"resdense fp32 / plain = {r(ours32)/r(plain):.2f}x")
PY
done
