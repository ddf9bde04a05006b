/**
 * npm run reproduce -- <table> [--preset smoke|cpu|paper] [--seeds N] [--dataset NAME]
 *                              [--jobs N] [--row INDEX|HASH] [--results DIR] [--no-png]
 *
 * Runs (or loads from cache) every row of a paper table and prints ours
 * (mean ± sd over seeds) beside the paper's numbers; writes
 * results/<table>/<preset>.csv, .html (offline plotly) and .png (chromium).
 */
import * as os from "os";
import { getPreset, listPresets } from "../experiments/presets";
import { DEFAULT_RESULTS_DIR, runTable } from "../experiments/runner";
import type { RowExecutor } from "../experiments/runner";
import { describeFit } from "../experiments/scalingLaw";
import { formatSummary } from "../experiments/summary";
import { getTable, listTables } from "../experiments/tables";
import { writeTableReport } from "../report/tableReport";

export interface ReproduceArgs {
  table: string;
  preset: string;
  seeds?: number;
  dataset?: string;
  jobs: number;
  row?: string;
  resultsDir: string;
  png: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run reproduce -- <table> [--preset ${listPresets().join("|")}] [--seeds N] [--dataset NAME] [--jobs N] [--row INDEX|HASH] [--results DIR] [--no-png]
tables: ${listTables().join(", ")}`;

/** Two rows at once when there are two cores and room for two training processes. */
export function defaultJobs(): number {
  return os.cpus().length >= 2 && os.freemem() >= 3 * 2 ** 30 ? 2 : 1;
}

function positiveInt(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
  return n;
}

export function parseArgs(argv: string[]): ReproduceArgs {
  const args: Partial<ReproduceArgs> = { preset: "cpu", resultsDir: DEFAULT_RESULTS_DIR, png: true };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a}: missing value`);
      return v;
    };
    switch (a) {
      case "--preset": args.preset = value(); break;
      case "--seeds": args.seeds = positiveInt(a, value()); break;
      case "--dataset": args.dataset = value(); break;
      case "--jobs": args.jobs = positiveInt(a, value()); break;
      case "--row": args.row = value(); break;
      case "--results": args.resultsDir = value(); break;
      case "--no-png": args.png = false; break;
      default:
        if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? "which table?" : `one table at a time, got ${positional.join(" ")}`);
  const table = positional[0];
  if (!listTables().includes(table)) throw new UsageError(`unknown table "${table}" (valid: ${listTables().join(", ")})`);
  if (!listPresets().includes(args.preset!)) throw new UsageError(`unknown preset "${args.preset}" (valid: ${listPresets().join(", ")})`);
  return { ...args, table, jobs: args.jobs ?? defaultJobs() } as ReproduceArgs;
}

export async function reproduce(args: ReproduceArgs): Promise<void> {
  const table = getTable(args.table);
  const preset = getPreset(args.preset);
  const { initBackend } = await import("../backend");
  const backend = await initBackend();
  let executor: RowExecutor;
  if (args.jobs > 1) executor = (await import("../experiments/childExecutor")).childProcessExecutor(args.jobs);
  else executor = (await import("../experiments/executor")).executeRow;
  const results = await runTable(table, {
    preset, seeds: args.seeds, dataset: args.dataset, backend: backend.name, executor, jobs: args.jobs, only: args.row, resultsDir: args.resultsDir,
  });
  const report = await writeTableReport(table, preset, results, args.resultsDir, args.png);
  process.stdout.write(`\n${formatSummary(table, report.rows)}\n\n`);
  if (report.fit) {
    const nMax = Math.max(...report.rows.map((r) => r.x ?? 0));
    process.stdout.write(`scaling law: ${describeFit(report.fit, nMax)}\n`);
  }
  process.stdout.write(`preset ${preset.name}, backend ${backend.name}\nwrote ${report.csv}\nwrote ${report.html}\n${report.png ? `wrote ${report.png}\n` : ""}`);
}

/** Runs the CLI; usage errors exit 2, failures exit 1. */
export async function main(argv: string[]): Promise<void> {
  let args: ReproduceArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  try {
    await reproduce(args);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv.slice(2));
