#!/usr/bin/env bash
# Installs what the project needs from Debian, idempotently: Fashion-MNIST (the
# downstream set), OpenBLAS (fast matmul addon), PyTorch (speed peer), Jupyter
# (notebook execution), Chromium (static chart export) and Redis (queue mode:
# `npm run worker`; the tests start their own redis-server, so no service is enabled).
set -euo pipefail
pkgs=(dataset-fashion-mnist libopenblas-dev python3-torch jupyter-nbconvert jupyter-client python3-ipykernel chromium redis-server)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "system packages ready: ${pkgs[*]}"
