#!/usr/bin/env bash
# End-to-end checks of the resdense command line: exit codes (0 ok, 2 bad usage, 1 failure),
# one-line messages on stderr, and the JSON and table outputs.
set -u
bin=${1:?usage: cli_test.sh path/to/resdense}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# expect NAME CODE PATTERN -- command...   (PATTERN is a grep -E over stdout+stderr)
expect() {
  local name=$1 code=$2 pattern=$3
  shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [[ $rc -eq $code ]] && grep -qE -- "$pattern" <<<"$out"; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name (exit $rc, wanted $code and /$pattern/)"; echo "$out" | head -20 | sed 's/^/     /'
  fi
}

expect "version" 0 '^resdense [0-9]+\.[0-9]+\.[0-9]+ \(LibTorch' -- "$bin" --version
expect "help lists commands" 0 'summary' -- "$bin" --help
expect "no command is bad usage" 2 'subcommand' -- "$bin"
expect "unknown flag is bad usage" 2 'nope' -- "$bin" summary --model resnet20 --nope
expect "summary table" 0 'layer3\.2\.conv2 +Conv2d +64x8x8' -- "$bin" summary --model resnet20
expect "summary totals" 0 'parameters +269,722' -- "$bin" summary --model resnet20
expect "gray 28px densenet" 0 'parameters +768,730' -- "$bin" summary --model densenet-bc-100 --in-channels 1 --image-size 28
expect "compare two families" 0 'densenet-bc-100 +769,162' -- "$bin" summary -m resnet20 -m densenet-bc-100
expect "unknown model lists valid ones" 1 "unknown model 'resnet21'.*resnet20.*densenet121" -- "$bin" summary --model resnet21
expect "bad depth says why" 1 'depth must be 6n\+2.*got 21' -- "$bin" summary --model resnet20 --depth 21
expect "bad compression says why" 1 'compression theta must be in \(0, 1\]; got 1.5' -- "$bin" summary --model densenet-bc --compression 1.5
expect "zero classes" 1 'classes must be at least 1' -- "$bin" summary --model resnet18 --classes 0
expect "bad stem is bad usage" 2 'stem' -- "$bin" summary --model resnet18 --stem huge
expect "image too small" 1 'too small' -- "$bin" summary --model densenet121 --image-size 4

json=$("$bin" summary --model resnet18 --classes 10 --json 2>&1)
if /usr/bin/python3 - "$json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["params"] == 11181642, d["params"]
assert d["image_size"] == 224 and d["layers"][0]["name"] == "conv1", d["layers"][0]
assert abs(d["macs"] / 1e9 - 1.81) < 0.01, d["macs"]
PY
then passed=$((passed + 1)); echo "ok   summary --json"; else failed=$((failed + 1)); echo "FAIL summary --json"; fi

json=$("$bin" summary -m resnet20 -m densenet40 --json 2>&1)
if /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert [m["params"] for m in d["models"]]==[269722,1019722]' "$json"
then passed=$((passed + 1)); echo "ok   summary --json with two models"; else failed=$((failed + 1)); echo "FAIL summary --json with two models"; fi

echo "not a checkpoint" > "$work/text.pt"
expect "export of a text file" 1 'text.pt: not a PyTorch zip archive' -- "$bin" export-torchvision "$work/text.pt" --out "$work/x.pth"
expect "import of a missing file is bad usage" 2 'does not exist' -- "$bin" import-torchvision --arch resnet18 "$work/none.pth" --out "$work/x.pt"
[[ ! -e "$work/x.pth" && ! -e "$work/x.pt" ]] && { passed=$((passed + 1)); echo "ok   failed commands wrote nothing"; } || { failed=$((failed + 1)); echo "FAIL failed commands left files"; }

# Data commands, on the generated shapes and on files made here.
expect "data info shapes" 0 'validation +120' -- "$bin" data info --dataset shapes:600 --val-fraction 0.2
expect "data info json" 0 '"per_class"' -- "$bin" data info --dataset shapes:100 --json
expect "data preview" 0 'wrote' -- "$bin" data preview --dataset shapes:100 --crop-padding 4 --hflip --erase 0.5 -o "$work/grid.png" -n 12
[[ $(head -c 8 "$work/grid.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] && { passed=$((passed + 1)); echo "ok   preview is a PNG"; } || { failed=$((failed + 1)); echo "FAIL preview is not a PNG"; }
expect "unknown dataset" 1 "unknown dataset 'nope'.*shapes" -- "$bin" data info --dataset nope
expect "missing mnist folder" 1 'MNIST not found' -- "$bin" data info --dataset "mnist:$work/none"
mkdir -p "$work/idx"
printf 'garbage!garbage!garbage!' > "$work/idx/train-images-idx3-ubyte"
printf 'garbage!' > "$work/idx/train-labels-idx1-ubyte"
cp "$work/idx/train-images-idx3-ubyte" "$work/idx/t10k-images-idx3-ubyte"
cp "$work/idx/train-labels-idx1-ubyte" "$work/idx/t10k-labels-idx1-ubyte"
expect "corrupt IDX names the file" 1 'train-images-idx3-ubyte: not an IDX image file' -- "$bin" data info --dataset "mnist:$work/idx"
mkdir -p "$work/folder/a"
printf 'not an image' > "$work/folder/a/x.png"
expect "folder without images" 1 'no readable images' -- "$bin" data info --dataset "folder:$work/folder"
expect "bad val fraction is bad usage" 2 'val-fraction' -- "$bin" data info --dataset shapes --val-fraction 2
expect "preview to an unwritable place" 1 'cannot write' -- "$bin" data preview --dataset shapes:50 -o /proc/nope/grid.png

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
