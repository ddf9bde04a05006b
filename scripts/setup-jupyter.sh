#!/usr/bin/env bash
# Installs the tslab (TypeScript) Jupyter kernel into a project-local prefix,
# .jupyter/prefix, idempotently (SPEC §10). Notebooks then run with
#   JUPYTER_PATH=.jupyter/prefix/share/jupyter /usr/bin/jupyter nbconvert --execute ...
set -euo pipefail
cd "$(dirname "$0")/.."
TSLAB="$PWD/tools/jupyter/node_modules/.bin/tslab"
PREFIX="$PWD/.jupyter/prefix"
SPEC="$PREFIX/share/jupyter/kernels/tslab/kernel.json"
[ -x "$TSLAB" ] || (cd tools/jupyter && npm ci --no-audit --no-fund)
# The kernel spec holds absolute paths: reinstall when the checkout has moved.
if [ ! -f "$SPEC" ] || ! grep -q "$TSLAB" "$SPEC"; then
  "$TSLAB" install --python /usr/bin/python3 --binary "$TSLAB" --prefix "$PREFIX" >/dev/null
fi
echo "tslab kernel ready: $SPEC"
