/**
 * Loading what a notebook shows. A notebook executed to refresh its committed
 * outputs runs with SB_RUN=0: it shows what is in the results folder and
 * says which planned runs are missing, instead of training them for hours.
 */
import * as path from "path";
import type { Preset } from "../experiments/presets";
import { loadResultsAnyVersion } from "../run/cache";
import { loadCachedResults, planTable } from "../run/runner";
import type { TableRun } from "./session";
import { summarize } from "../analysis/summary";
import type { SummaryRow } from "../analysis/summary";
import { getTable } from "../experiments/tables";

/** The results folder a run was loaded from (its CSV is `<dir>/<table>/<preset>.csv`). */
export function resultsDirOf(run: TableRun): string {
  return path.dirname(path.dirname(run.csv));
}

/**
 * One line saying which planned runs have no result yet, or null. A table with
 * current runs shows only those (never earlier-version ones beside them), so a
 * partly rerun table shows its missing rows as "—"; this line and the prose say so.
 */
export function missingLine(run: TableRun): string | null {
  if (run.missing === 0 || run.stale > 0) return null;
  const planned = run.results.length + run.missing;
  return `${run.table.id} at preset ${run.preset.name}: ${run.missing} of ${planned} planned runs are not in ${resultsDirOf(run)}/${run.table.id}/ yet (\`npm run reproduce -- ${run.table.id} --preset ${run.preset.name}\` runs them); their rows show as "—"`;
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
