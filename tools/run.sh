#!/usr/bin/env bash
# Installs every dependency, builds, and opens the workbench on Fashion-MNIST (built in, from
# Debian's dataset-fashion-mnist): ResNet-20 in slot A, DenseNet-BC (L=40, k=12) in slot B.
# Press Start (Ctrl+Enter) to train both on the very same batches and watch them learn.
# Without a display (a server, a container) it trains for three minutes on a virtual X display
# instead, then saves a picture of the window to runs/workbench.png and quits.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh -DRESDENSE_GUI=ON
if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
  exec build/app/resdense-workbench "$@"
fi
echo "No display: training on a virtual display (Xvfb) for 3 minutes; the window is saved to runs/workbench.png"
mkdir -p runs
exec xvfb-run -a -s "-screen 0 1600x1000x24" build/app/resdense-workbench --start \
  --quit-after 180 --screenshot runs/workbench.png "$@"
