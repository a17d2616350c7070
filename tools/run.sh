#!/usr/bin/env bash
# Installs every dependency, builds, and runs the main job. Until the Qt workbench lands this
# compares ResNet-20 and DenseNet-BC (L=40, k=12) for Fashion-MNIST and then trains both on the
# very same batches for one epoch into runs/ (Ctrl-C stops cleanly; resdense resume continues).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh
build/app/resdense summary --model resnet20 --model densenet-bc-40 --in-channels 1 --classes 10 --image-size 28
build/app/resdense duel --a resnet20 --b densenet-bc-40 --dataset fashion-mnist --epochs 1 --hflip
