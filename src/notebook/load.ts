/**
 * Loading what a notebook shows. A notebook executed to refresh its committed
 * outputs runs with SB_RUN=0: every row must already be in the results folder,
 * and a missing one stops the notebook instead of training for minutes.
 */
import * as path from "path";
import type { Preset } from "../experiments/presets";
import { loadResultsAnyVersion } from "../experiments/cache";
import { loadCachedResults, planTable } from "../experiments/runner";
import type { TableRun } from "../experiments/session";
import { summarize } from "../experiments/summary";
import type { SummaryRow } from "../experiments/summary";
import { getTable } from "../experiments/tables";

/** The results folder a run was loaded from (its CSV is `<dir>/<table>/<preset>.csv`). */
export function resultsDirOf(run: TableRun): string {
  return path.dirname(path.dirname(run.csv));
}

/** Stops on a missing row; a table shown from earlier runs may lack rows added since (its note says so). */
export function requireComplete(run: TableRun): void {
  if (run.missing === 0 || run.stale > 0) return;
  const planned = run.results.length + run.missing;
  throw new Error(`${run.table.id} at preset ${run.preset.name}: ${run.missing} of ${planned} runs are not in ${resultsDirOf(run)}/${run.table.id}/ and SB_RUN=0 forbids training them; run \`npm run reproduce -- ${run.table.id} --preset ${run.preset.name}\` first`);
}

/**
 * Another table's summary from the cached rows only (nothing runs); rows
 * without runs have no value. `anyVersion` as the table it is shown beside:
 * a current table is never explained with stale rows, nor the other way round.
 */
export function loadSummary(tableId: string, preset: Preset, resultsDir: string, backend: string, anyVersion: boolean): SummaryRow[] {
  const table = getTable(tableId);
  const tasks = planTable(table, { preset, backend });
  const results = anyVersion ? loadResultsAnyVersion(tasks, resultsDir).results.filter((r) => r.stale) : loadCachedResults(tasks, resultsDir);
  return summarize(table, results, preset);
}
