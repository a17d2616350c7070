#!/usr/bin/env bash
# Configures and builds into build/ (Release, Ninja, ccache when installed). Extra arguments go
# to CMake's configure step, e.g. tools/build.sh -DRESDENSE_OPENCV=OFF
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
# Two jobs at most: each LibTorch translation unit takes 1-2 GiB of memory to compile.
cmake --build build -j "$(( $(nproc) < 2 ? 1 : 2 ))"
