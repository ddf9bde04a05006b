#!/usr/bin/env bash
# Installs the tslab (TypeScript) Jupyter kernel, idempotently (SPEC §10): into
# a project-local prefix, .jupyter/prefix (what scripts/run-notebooks.sh uses),
# and into the user's kernel registry, so that a plain
#   /usr/bin/jupyter nbconvert --to notebook --execute notebooks/table5.ipynb
# and JupyterLab find the kernel "tslab" without JUPYTER_PATH.
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
USER_SPEC="$(/usr/bin/python3 -c 'import jupyter_core.paths as p; print(p.jupyter_data_dir())')/kernels/tslab/kernel.json"
if [ ! -f "$USER_SPEC" ] || ! grep -q "$TSLAB" "$USER_SPEC"; then
  "$TSLAB" install --python /usr/bin/python3 --binary "$TSLAB" --user >/dev/null
fi
echo "tslab kernel ready: $SPEC and $USER_SPEC"
