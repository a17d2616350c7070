#!/usr/bin/env bash
# Data-parallel training end to end on loopback (docs/distributed.md): --nproc 2, the environment
# form (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT), a missing peer, a worker killed with SIGKILL
# and the resume afterwards. Seconds on the generated shapes dataset.
set -u
bin=${1:?usage: distributed_test.sh path/to/resdense}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | tail -15 | sed 's/^/     /'; }
json() { $py -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
port() { $py -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }

common=(-d shapes:600 --image-size 16 -b 32 --seed 4 --crop-padding 2 --hflip --precision fp32 --dist-timeout 20)

# --nproc 2: one run folder, written by rank 0 alone.
out=$("$bin" duel --a cifar-resnet:depth=8 --b densenet-bc:depth=16 "${common[@]}" -e 2 --nproc 2 -o "$work/two" 2>&1)
if [[ $? -eq 0 && $(json "$work/two/summary.json" 'd["completed"]') == True ]]; then
  ok "duel --nproc 2 completes"; else bad "duel --nproc 2" "$out"; fi
[[ $(json "$work/two/config.json" 'd["world_size"]') == 2 ]] && ok "config.json records world_size 2" || bad "world_size in config.json"
lines=$(grep -c '"type":"epoch"' "$work/two/metrics.jsonl")
[[ $lines -eq 4 ]] && ok "metrics.jsonl has 2 epochs x 2 models, once" || bad "metrics.jsonl epochs: $lines"
tests=$(($(wc -l < "$work/two/predictions/a-test.csv") - 1))
[[ $tests -gt 0 && $(ls "$work/two/predictions" | wc -l) -ge 4 ]] && ok "test predictions gathered ($tests images)" || bad "predictions" "$(ls $work/two/predictions)"
echo "$out" | grep -q "gradient all-reduce over 2 processes" && ok "all-reduce cost reported" || bad "no all-reduce report" "$out"

# The same with one process: comparable accuracy (batch norm keeps per-rank statistics).
"$bin" duel --a cifar-resnet:depth=8 --b densenet-bc:depth=16 "${common[@]}" -e 2 --threads 1 -o "$work/one" >/dev/null 2>&1
a1=$(json "$work/one/summary.json" 'd["slots"][0]["test_accuracy"]'); a2=$(json "$work/two/summary.json" 'd["slots"][0]["test_accuracy"]')
$py -c "import sys; sys.exit(0 if abs($a1-$a2) < 0.25 else 1)" && ok "comparable accuracy: 1 process $a1, 2 processes $a2" || bad "accuracy 1 process $a1, 2 processes $a2"

# The environment form, as torchrun or a cluster scheduler starts workers.
p=$(port)
for r in 0 1; do
  RANK=$r LOCAL_RANK=$r WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$p \
    "$bin" train -m cifar-resnet:depth=8 "${common[@]}" -e 1 -o "$work/env" >"$work/env-$r.log" 2>&1 &
done
wait %1; rc0=$?; wait %2; rc1=$?
if [[ $rc0 -eq 0 && $rc1 -eq 0 && $(json "$work/env/config.json" 'd["world_size"]') == 2 && -s "$work/env/summary.json" ]]; then
  ok "environment form (RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT)"; else bad "environment form" "$(cat $work/env-*.log)"; fi

# A peer that never arrives: a clear message within the timeout.
start=$SECONDS
out=$(RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$(port) RESDENSE_DIST_TIMEOUT=3 \
      "$bin" train -m cifar-resnet:depth=8 -d shapes:100 -e 1 -o "$work/alone" 2>&1)
rc=$?
if [[ $rc -ne 0 ]] && echo "$out" | grep -q "only 1 of 2 processes arrived" && ((SECONDS - start < 30)); then
  ok "a missing peer is named at the rendezvous"; else bad "missing peer (rc $rc)" "$out"; fi

# A worker killed with SIGKILL: the run stops within 90 s, non-zero, naming the rank, and resumes.
"$bin" duel --a cifar-resnet:depth=8 --b densenet-bc:depth=16 "${common[@]}" -e 6 --nproc 2 -o "$work/killed" >"$work/killed.log" 2>&1 &
launcher=$!
for _ in $(seq 1 600); do
  [[ -e "$work/killed/models/last.json" ]] && break
  sleep 0.05
done
victim=""
for child in $(pgrep -P $launcher); do
  tr '\0' '\n' < /proc/$child/environ 2>/dev/null | grep -qx RANK=1 && victim=$child
done
start=$SECONDS
if [[ -n $victim ]]; then kill -9 "$victim"; fi
wait $launcher; rc=$?
took=$((SECONDS - start))
if [[ -n $victim && $rc -ne 0 && $took -lt 90 ]] && grep -q "worker rank 1 (pid $victim) was killed by signal 9" "$work/killed.log"; then
  ok "SIGKILL of rank 1: the launcher exits $rc after ${took}s, naming it"; else bad "worker loss (victim '$victim', rc $rc, ${took}s)" "$(cat $work/killed.log)"; fi
grep -q "rank 1 stopped" "$work/killed.log" && ok "rank 0 names the lost rank" || bad "rank 0's message" "$(cat $work/killed.log)"
[[ ! -e "$work/killed/summary.json" ]] && ok "the killed run is unfinished" || bad "the killed run finished before the kill"
out=$("$bin" resume "$work/killed" --nproc 1 2>&1)
[[ $? -ne 0 ]] && echo "$out" | grep -q "trained by 2 processes" && ok "resume with another world size is refused" || bad "resume --nproc 1" "$out"
out=$("$bin" resume "$work/killed" 2>&1)
if [[ $? -eq 0 && $(json "$work/killed/summary.json" 'd["completed"]') == True ]]; then
  ok "resume after the worker loss completes (2 processes again)"; else bad "resume after worker loss" "$out"; fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
