#!/usr/bin/env bash
# Reruns every table at a preset through the BullMQ queue on a local Redis, in a
# fixed order (what a code change that makes every result stale needs): starts
# redis-server and one worker if none runs, then enqueues one table after
# another; each `reproduce` waits for its rows and writes its report. Cached
# rows are skipped, so running it again resumes. Logs: results/.work/<table>.log.
# Usage: bash scripts/rerun-all.sh [table ...]
#   SB_PRESET (default cpu), SB_SEEDS (default: the preset's), SB_CONCURRENCY (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
queue=redis://127.0.0.1:6379
tables=("$@")
# The claims' tables first, the most claims per pre-training first (table2: claims 1 and 11,
# table5: 2 and 3, then 4, 6, 10, 9, 7, 8, 5), then the compute axis of claims 1, 2 and 4;
# tables that only add to the story after them.
[ ${#tables[@]} -gt 0 ] || tables=(table2 table5 table4 table6 figure3 table9 table11 table12 table7 compute table3 scaling finetune-search table2-digits table5-digits table13 table10 figure2)
seeds=()
[ -z "${SB_SEEDS:-}" ] || seeds=(--seeds "$SB_SEEDS")
mkdir -p results/.work
redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --save "" --appendonly no
for _ in 1 2 3 4 5; do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
if ! pgrep -f src/cli/worker.ts >/dev/null; then
  nohup npm run -s worker -- --queue "$queue" --concurrency "${SB_CONCURRENCY:-2}" >> results/.work/worker.log 2>&1 &
fi
for t in "${tables[@]}"; do
  nohup npm run -s reproduce -- "$t" --preset "${SB_PRESET:-cpu}" "${seeds[@]}" --queue "$queue" > "results/.work/$t.log" 2>&1 &
  sleep 4 # the queue is first come, first served: keep the tables' order
done
echo "enqueued ${#tables[@]} tables; progress: tail -f results/.work/<table>.log; stop: pkill -f src/cli/reproduce.ts; pkill -f src/cli/worker.ts; redis-cli shutdown nosave"
