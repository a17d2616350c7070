#!/usr/bin/env bash
# Installs every dependency, builds, and runs all tests (engine, CLI, torchvision parity).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh -DRESDENSE_TESTS=ON -DRESDENSE_REQUIRE_PARITY=ON
# The parsers' libFuzzer targets: a small clang build of their own, each fuzzer run briefly.
cmake -S tests/fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DRESDENSE_FUZZ_SECONDS=15
cmake --build build-fuzz
ctest --test-dir build-fuzz --output-on-failure -j "$(nproc)"
ctest --test-dir build --output-on-failure -j "$(nproc)"
