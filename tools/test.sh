#!/usr/bin/env bash
# Installs every dependency, builds, and runs all tests (engine, CLI, torchvision parity).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh -DRESDENSE_TESTS=ON -DRESDENSE_REQUIRE_PARITY=ON
ctest --test-dir build --output-on-failure -j "$(nproc)"
