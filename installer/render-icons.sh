#!/usr/bin/env bash
# Renders resources/icons/resdense-workbench.svg into the hicolor PNG sizes that are committed
# (resources/icons/hicolor/NxN/apps/resdense-workbench.png). Run it after editing the SVG;
# needs rsvg-convert (apt-get install librsvg2-bin). The output carries no time stamps.
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }
for n in 16 24 32 48 64 128 256; do
  mkdir -p "hicolor/${n}x${n}/apps"
  rsvg-convert -w "$n" -h "$n" resdense-workbench.svg -o "hicolor/${n}x${n}/apps/resdense-workbench.png"
  echo "hicolor/${n}x${n}/apps/resdense-workbench.png"
done
