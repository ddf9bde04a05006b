#!/usr/bin/env bash
# Executes every notebook headless; exits 1 if any cell of any notebook fails. CI default:
# the smoke preset, results in out/notebook-results (real results/ untouched).
# Usage: bash scripts/run-notebooks.sh [notebooks/x.ipynb ...]
#   SB_PRESET=cpu SB_RESULTS=results bash scripts/run-notebooks.sh   # the real thing
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-jupyter.sh >/dev/null
export JUPYTER_PATH="$PWD/.jupyter/prefix/share/jupyter"
export SB_PRESET="${SB_PRESET:-smoke}"
export SB_RESULTS="${SB_RESULTS:-$PWD/out/notebook-results}"
OUTDIR="$PWD/out/notebooks"
mkdir -p "$OUTDIR"
notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/*.ipynb)
failed=()
for nb in "${notebooks[@]}"; do
  start=$(date +%s)
  if /usr/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=1800 \
    --ExecutePreprocessor.kernel_name=tslab --output-dir "$OUTDIR" "$nb" --log-level=WARN 2>"$OUTDIR/$(basename "$nb").log"; then
    echo "ok    $nb ($(( $(date +%s) - start )) s, preset $SB_PRESET)"
  else
    echo "FAIL  $nb: see $OUTDIR/$(basename "$nb").log (rerun with --allow-errors to see the cell output)"
    failed+=("$nb")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "${#failed[@]} notebook(s) failed: ${failed[*]}"
  exit 1
fi
