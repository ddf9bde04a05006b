#!/usr/bin/env bash
# Sets up everything the project needs on a fresh Debian machine, idempotently:
# Debian packages, npm packages, the tslab Jupyter kernel and the optional
# OpenBLAS matmul addon. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
[ -d node_modules/@tensorflow/tfjs ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
[ -x tools/jupyter/node_modules/.bin/tslab ] || (cd tools/jupyter && npm ci --no-audit --no-fund)
if [ -f scripts/setup-jupyter.sh ]; then bash scripts/setup-jupyter.sh; fi
if [ -f scripts/build-native.sh ]; then bash scripts/build-native.sh || echo "native OpenBLAS addon not built; the plain wasm path will be used"; fi
echo "setup done"
