/**
 * Run-or-load for notebooks and scripts: one call gives a table's results
 * (running only the rows not cached yet), their summary beside the paper's
 * numbers, the scaling-law fit where it applies, and the written CSV/HTML.
 * The preset comes from SB_PRESET (default cpu), the results folder from
 * SB_RESULTS (default results/), so CI can run every notebook with
 * SB_PRESET=smoke without touching real results.
 */
import { initBackend } from "../backend";
import { writeTableReport } from "../report/tableReport";
import type { ReportFiles } from "../report/tableReport";
import { childProcessExecutor } from "../run/childExecutor";
import { executeRow } from "../run/executor";
import { getPreset } from "../experiments/presets";
import type { Preset } from "../experiments/presets";
import { projectRoot } from "../util/root";
import { loadResultsAnyVersion } from "../run/cache";
import { DEFAULT_RESULTS_DIR, loadCachedResults, planTable, runTable } from "../run/runner";
import type { RowExecutor, RowResult } from "../run/row";
import { getTable } from "../experiments/tables";
import type { TableDef } from "../experiments/tables";

export interface TableRun extends ReportFiles {
  table: TableDef;
  preset: Preset;
  results: RowResult[];
  /** Planned runs with no result (only when run = false). */
  missing: number;
  /** Results shown from an earlier code version (only with anyVersion; each also has `stale: true`). */
  stale: number;
  /** A "try it" comparison (notebook/tryIt.ts): its gallery is the slider of its two rows, not the static grids. */
  tried?: boolean;
}

export interface RunOrLoadOptions {
  preset?: string;
  seeds?: number;
  dataset?: string;
  resultsDir?: string;
  /** false = only load cached rows (default: run what is missing; SB_RUN=0 turns it off). */
  run?: boolean;
  /**
   * With run = false (default true): where the table has no result from this
   * code version, show the newest ones from an earlier version, marked stale
   * and counted (e.g. the rows committed in results/ by earlier code); false
   * shows current rows only.
   */
  anyVersion?: boolean;
  /** Rows at once, each in its own process when > 1 (default SB_JOBS or 1). */
  jobs?: number;
  quiet?: boolean;
}

export function envPreset(): string {
  return process.env.SB_PRESET || "cpu";
}

/** Seeds per row from SB_SEEDS (run-notebooks.sh sets it to the claims' 5 outside the smoke preset); unset: the preset's. */
export function envSeeds(): number | undefined {
  const v = process.env.SB_SEEDS;
  if (v === undefined || v === "") return undefined;
  if (!/^[1-9]\d*$/.test(v)) throw new Error(`SB_SEEDS: expected a positive integer, got "${v}"`);
  return Number(v);
}

export async function runOrLoad(tableId: string, opts: RunOrLoadOptions = {}): Promise<TableRun> {
  // Tables name files relative to the project (data/real-images/...); notebooks start in notebooks/.
  process.chdir(projectRoot());
  const table = getTable(tableId);
  const preset = getPreset(opts.preset ?? envPreset());
  const resultsDir = opts.resultsDir ?? (process.env.SB_RESULTS || DEFAULT_RESULTS_DIR);
  const jobs = opts.jobs ?? Number(process.env.SB_JOBS || 1);
  const run = opts.run ?? process.env.SB_RUN !== "0";
  const info = await initBackend({ quiet: true });
  // Jupyter shows stderr as an error box, and which backend ran is information, so a notebook prints it on stdout.
  if (!opts.quiet) console.log(`tfjs backend: ${info.name} (${info.provider}, tfjs ${info.tfjsVersion}${info.blas.enabled ? ", OpenBLAS kernels" : ""})`);
  const backend = info.name;
  const plan = { preset, seeds: opts.seeds ?? envSeeds(), dataset: opts.dataset, backend };
  const tasks = planTable(table, plan);
  let results: RowResult[];
  let stale = 0;
  if (run) {
    const executor: RowExecutor = jobs > 1 ? childProcessExecutor(jobs) : executeRow;
    results = await runTable(table, { ...plan, executor, jobs, resultsDir, quiet: opts.quiet });
  } else if (opts.anyVersion ?? true) {
    ({ results, stale } = loadResultsAnyVersion(tasks, resultsDir));
  } else {
    results = loadCachedResults(tasks, resultsDir);
  }
  const missing = tasks.length - results.length;
  const report = await writeTableReport(table, preset, results, resultsDir, false, { stale, missing });
  return { ...report, table, preset, results, missing, stale };
}
