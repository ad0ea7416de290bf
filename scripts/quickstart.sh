#!/usr/bin/env bash
# One command on a fresh Debian machine with Node 20: system packages, npm packages, build, launch.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
if ! npm install; then
  # Electron's postinstall downloads its runtime; where that is impossible, install without it
  # and the station runs in the browser host instead (npm start says so).
  echo "Electron's runtime could not be downloaded: installing without it."
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install
fi
npm start
