/**
 * Rewrites every table's report (results/<table>/<preset>.csv, .html, .png)
 * from the cached rows alone (nothing trains): current runs, else a table's
 * earlier-version runs, with a note on the page saying so and what is missing.
 * Then results/index.html, the page that links them all with the claims.
 * Rows are planned at the claims' seeds (MORE_SEEDS), as the rerun runs them.
 * Usage: npx tsx scripts/make-reports.ts [--preset cpu] [--results DIR] [--seeds N] [table ...]
 */
import * as fs from "fs";
import * as path from "path";
import { initBackend } from "../src/backend";
import { getPreset } from "../src/experiments/presets";
import { loadResultsAnyVersion } from "../src/run/cache";
import { DEFAULT_RESULTS_DIR, planTable } from "../src/run/runner";
import { getTable, listTables } from "../src/experiments/tables";
import { writeTableReport } from "../src/report/tableReport";
import { writeIndex } from "../src/report/indexPage";
import { buildScoreboard, MORE_SEEDS } from "../src/analysis/scoreboard";
import { positiveInt } from "../src/cli/common";

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`${name}: expected a value`);
  args.splice(i, 2);
  return v;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const preset = getPreset(option(args, "--preset", "cpu"));
  const dir = path.resolve(option(args, "--results", DEFAULT_RESULTS_DIR));
  const seeds = positiveInt("seeds", option(args, "--seeds", String(MORE_SEEDS)));
  // The demo runs at its own preset (cpu-fast); `npm run demo` writes its report.
  const tables = args.length ? args.map((id) => getTable(id).id) : listTables().filter((id) => id !== "demo" && fs.existsSync(path.join(dir, id)));
  const backend = (await initBackend({ quiet: true })).name;
  const entries = [];
  for (const id of tables) {
    const table = getTable(id);
    const tasks = planTable(table, { preset, backend, seeds });
    // Current runs if the table has any, else its earlier-version runs; the page says which, and what is missing.
    const { results, stale } = loadResultsAnyVersion(tasks, dir);
    if (results.length === 0) {
      console.log(`${id}: no run at preset ${preset.name} (backend ${backend}) in ${dir}/${id}/; skipped`);
      continue;
    }
    const report = await writeTableReport(table, preset, results, dir, true, { stale, missing: tasks.length - results.length });
    console.log(`${id}: ${path.relative(process.cwd(), report.html)} (${fs.statSync(report.html).size} bytes)${report.png ? `, ${path.relative(process.cwd(), report.png)}` : ""}${stale ? `, ${stale} earlier-version runs` : ""}`);
    entries.push({ table, rows: report.rows, stale });
  }
  const board = buildScoreboard({ preset: preset.name, backend, resultsDir: dir, anyVersion: true, seeds });
  console.log(`index: ${path.relative(process.cwd(), writeIndex(dir, board, entries))}`);
}

main().catch((e: Error) => {
  process.stderr.write(`make-reports: ${e.message}\n`);
  process.exit(1);
});
