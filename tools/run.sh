#!/usr/bin/env bash
# Installs every dependency, builds, and runs the main job. Until the Qt workbench lands this
# compares the two default architectures for Fashion-MNIST (1x28x28, 10 classes): ResNet-20
# against DenseNet-BC-100 -- parameters, multiply-accumulates, memory, and per-layer tables.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh
build/app/resdense summary --model resnet20 --model densenet-bc-100 \
  --in-channels 1 --classes 10 --image-size 28 --layers
