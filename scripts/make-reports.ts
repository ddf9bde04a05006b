/**
 * Rewrites every table's report (results/<table>/<preset>.csv, .html, .png)
 * from the cached rows alone: nothing trains, and a missing row is an error.
 * Usage: npx tsx scripts/make-reports.ts [--preset cpu] [--results DIR] [table ...]
 */
import * as fs from "fs";
import * as path from "path";
import { initBackend } from "../src/backend";
import { getPreset } from "../src/experiments/presets";
import { DEFAULT_RESULTS_DIR, loadCachedResults, planTable } from "../src/experiments/runner";
import { getTable, listTables } from "../src/experiments/tables";
import { writeTableReport } from "../src/report/tableReport";

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
  const tables = args.length ? args.map((id) => getTable(id).id) : listTables().filter((id) => fs.existsSync(path.join(dir, id)));
  const backend = (await initBackend({ quiet: true })).name;
  for (const id of tables) {
    const table = getTable(id);
    const tasks = planTable(table, { preset, backend });
    const results = loadCachedResults(tasks, dir);
    if (results.length < tasks.length) {
      throw new Error(`${id}: ${tasks.length - results.length} of ${tasks.length} runs at preset ${preset.name} (backend ${backend}) are not in ${dir}/${id}/; run \`npm run reproduce -- ${id} --preset ${preset.name}\` first`);
    }
    const report = await writeTableReport(table, preset, results, dir, true);
    console.log(`${id}: ${path.relative(process.cwd(), report.html)} (${fs.statSync(report.html).size} bytes)${report.png ? `, ${path.relative(process.cwd(), report.png)}` : ""}`);
  }
}

main().catch((e: Error) => {
  process.stderr.write(`make-reports: ${e.message}\n`);
  process.exit(1);
});
