#!/usr/bin/env bash
# Installs everything ResDense Workbench needs to build, run and test on Debian 12.
# Runs apt-get as root, or through sudo otherwise.
set -euo pipefail
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config
  # engine and command line
  libtorch-dev libopencv-dev nlohmann-json3-dev libcli11-dev zlib1g-dev libssl-dev libgloo-dev
  # the built-in dataset (Fashion-MNIST, IDX files)
  dataset-fashion-mnist
  # tests: GoogleTest; torchvision for the parity tests and SciPy for the statistics check
  # (run with /usr/bin/python3)
  googletest libgtest-dev libgmock-dev python3-torch python3-torchvision python3-scipy
  # fuzzing the file parsers (libFuzzer)
  clang libclang-rt-14-dev
  # the workbench: Qt 6 Widgets, QCustomPlot, SVG export and icons; Xvfb for screenshots
  qt6-base-dev libqcustomplot-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools libgl-dev
  qt6-translations-l10n xvfb xauth imagemagick
  # the translations: lupdate and lrelease (Qt Linguist's tools), and fonts for the Chinese UI
  qt6-l10n-tools fonts-noto-cjk
  # packaging: the resdense(1) man page, checks of the desktop files and of the .deb
  help2man desktop-file-utils appstream lintian
)

# Skip apt entirely when everything is already there (CI reruns, developer machines).
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  "${as_root[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
