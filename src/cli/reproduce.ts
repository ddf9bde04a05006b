/**
 * npm run reproduce -- <table> [flags]   (--help lists tables, presets and flags)
 *
 * Runs (or loads from cache) every row of a paper table and prints ours
 * (mean ± sd over seeds) beside the paper's numbers; writes
 * results/<table>/<preset>.csv, .html (offline plotly) and .png (chromium).
 * With --queue redis://HOST:PORT the rows that are not cached are enqueued for
 * `npm run worker` on any number of machines, and their results collected.
 * Every flag is checked before any work starts.
 */
import * as os from "os";
import { DOWNSTREAM_NAMES, listDownstream } from "../datasets/downstream";
import type { DownstreamName } from "../datasets/downstream";
import { getPreset, listPresets, PRESETS } from "../experiments/presets";
import { DEFAULT_RESULTS_DIR, loadCachedResults, planTable, runTable } from "../run/runner";
import type { RowExecutor, RowTask } from "../run/row";
import { resolveParams } from "../sources";
import { checkMemory, describeCost, setCost } from "../sources/cost";
import type { SetCost } from "../sources/cost";
import { describeFit } from "../analysis/scalingLaw";
import { formatSummary } from "../analysis/summary";
import { getTable, listTables } from "../experiments/tables";
import { aligned, checkWritableDir, describeFlags, oneOf, parseFlags, positiveInt, runMain, UsageError } from "./common";
import type { FlagSpec } from "./common";
import { parseRedisUrl } from "../run/redis";
import { parseAssignment } from "../config/assign";
import { stableHash } from "../util/hash";
import type { Assignment } from "../config/assign";

export { UsageError };

export const BACKENDS = ["tensorflow", "wasm", "cpu"] as const;

export interface ReproduceArgs {
  table: string;
  preset: string;
  seeds?: number;
  dataset?: string;
  jobs: number;
  row?: string;
  resultsDir: string;
  png: boolean;
  queue?: string;
  backend?: (typeof BACKENDS)[number];
  sets: Assignment[];
  help: boolean;
}

/** Two rows at once when there are two cores and room for two training processes. */
export function defaultJobs(): number {
  return os.cpus().length >= 2 && os.freemem() >= 3 * 2 ** 30 ? 2 : 1;
}

type Opts = Partial<ReproduceArgs>;

export const FLAGS: FlagSpec<Opts>[] = [
  { name: "preset", value: "NAME", defaultText: "cpu", help: "scale of every row (see presets below)", apply: (o, v) => { o.preset = oneOf("preset", v, listPresets()); } },
  { name: "seeds", value: "N", defaultText: "the preset's", help: "seeds per row, 0..N-1", apply: (o, v) => { o.seeds = positiveInt("seeds", v); } },
  { name: "dataset", value: "NAME", defaultText: "the table's", help: `downstream set of every row (${DOWNSTREAM_NAMES.join(", ")})`, apply: (o, v) => { o.dataset = oneOf("dataset", v, DOWNSTREAM_NAMES); } },
  { name: "jobs", value: "N", defaultText: "2 with 2+ cores and 3 GiB free, else 1", help: "rows at once, each in its own process when > 1", apply: (o, v) => { o.jobs = positiveInt("jobs", v); } },
  {
    name: "row", value: "INDEX|HASH", defaultText: "every row", help: "run only this row (0-based index) or run (16-hex hash)",
    apply: (o, v) => {
      if (!/^(\d+|[0-9a-f]{16})$/.test(v)) throw new UsageError(`--row: expected a row index or a 16-hex-digit hash, got ${JSON.stringify(v)}`);
      o.row = v;
    },
  },
  { name: "results", value: "DIR", defaultText: DEFAULT_RESULTS_DIR, help: "result cache and reports", apply: (o, v) => { o.resultsDir = v; } },
  { name: "no-png", defaultText: "PNG written", help: "skip the chart PNG (needs chromium)", apply: (o) => { o.png = false; } },
  { name: "queue", value: "redis://HOST:PORT", defaultText: "run here", help: "enqueue uncached rows for `npm run worker` and collect their results", apply: (o, v) => { parseRedisUrl(v); o.queue = v; } },
  { name: "backend", value: "NAME", defaultText: "SB_BACKEND, else the first that loads", help: `tfjs backend (${BACKENDS.join(", ")}); part of every row's key`, apply: (o, v) => { o.backend = oneOf("backend", v, BACKENDS); } },
  {
    name: "set", value: "PATH=VALUE", defaultText: "none", help: "override a field of every row's config that has it, e.g. pretrain.baseLr=5e-4 or source.params.delta=0.01 (JSON values; repeatable; part of each row's key)",
    apply: (o, v) => { o.sets = [...(o.sets ?? []), parseAssignment(v)]; },
  },
  { name: "help", defaultText: "off", help: "print this help", apply: (o) => { o.help = true; } },
];

export function usage(): string {
  const tables = aligned(listTables().map((id) => [id, getTable(id).caption]));
  const presets = aligned(listPresets().map((name) => [name, `${PRESETS[name].description}; cost: ${PRESETS[name].cost}`]));
  return `usage: npm run reproduce -- <table> [options]\n\ntables:\n${tables}\n\npresets:\n${presets}\n\noptions:\n${describeFlags(FLAGS)}`;
}

/** Parses and checks every flag (nothing is created): a bad one is a UsageError naming it. */
export function parseArgs(argv: string[]): ReproduceArgs {
  const o: Opts = { preset: "cpu", resultsDir: DEFAULT_RESULTS_DIR, png: true, help: false, sets: [] };
  const positional = parseFlags(argv, FLAGS, o);
  if (o.help) return { ...o, table: positional[0] ?? "", jobs: o.jobs ?? 1 } as ReproduceArgs;
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? "which table? (--help lists them)" : `one table at a time, got ${positional.join(" ")}`);
  const table = positional[0];
  if (!listTables().includes(table)) throw new UsageError(`unknown table "${table}" (valid: ${listTables().join(", ")})`);
  if (o.queue && o.jobs !== undefined) throw new UsageError("--jobs: not used with --queue (workers choose their own --concurrency)");
  checkWritableDir("results", o.resultsDir!);
  if (o.dataset) {
    const d = listDownstream().find((x) => x.name === (o.dataset as DownstreamName))!;
    if (!d.available) throw new UsageError(`--dataset ${o.dataset}: missing ${d.missing.join(", ")}`);
  }
  // Every --set must fit some row: planned here (no backend, no code version needed) so a bad path stops before any work.
  if (o.sets!.length > 0) planTable(table, { preset: o.preset!, seeds: 1, dataset: o.dataset, backend: "", codeVersion: "", sets: o.sets });
  return { ...o, table, jobs: o.jobs ?? defaultJobs() } as ReproduceArgs;
}

export async function reproduce(args: ReproduceArgs): Promise<void> {
  const table = getTable(args.table);
  const preset = getPreset(args.preset);
  if (args.backend) process.env.SB_BACKEND = args.backend;
  const { initBackend } = await import("../backend");
  const backend = await initBackend();
  let executor: RowExecutor;
  let close = async () => {};
  let jobs = args.jobs;
  if (args.queue) {
    const q = await (await import("../run/queueClient")).queueExecutor(args.queue);
    executor = q.executor;
    close = async () => {
      process.stderr.write(`queue: ${q.added()} row(s) enqueued by this run\n`);
      await q.close();
    };
    jobs = Number.MAX_SAFE_INTEGER; // every uncached row waits on its job at once
  } else if (args.jobs > 1) executor = (await import("../run/childExecutor")).childProcessExecutor(args.jobs);
  else executor = (await import("../run/executor")).executeRow;
  const plan = planTable(table, { preset, seeds: args.seeds, dataset: args.dataset, backend: backend.name, sets: args.sets });
  if (!args.queue) checkRowMemory(plan, jobs);
  let results;
  try {
    results = await runTable(table, {
      preset, seeds: args.seeds, dataset: args.dataset, backend: backend.name, sets: args.sets, executor, jobs, only: args.row, resultsDir: args.resultsDir,
      onProgress: args.queue ? queueProgressLine() : undefined, where: args.queue ? `queue ${args.queue}` : undefined,
    });
  } finally {
    await close();
  }
  // The report covers the whole table: with --row, the other rows come from the cache.
  const all = args.row === undefined ? results : loadCachedResults(plan, args.resultsDir);
  const { writeTableReport } = await import("../report/tableReport");
  // Overridden rows get their own report files, so the preset's report stays the preset's.
  const named = args.sets.length === 0 ? preset : { ...preset, name: `${preset.name}+set-${stableHash(args.sets.map((a) => a.text)).slice(0, 8)}`, description: `${preset.description}; with ${args.sets.map((a) => `--set ${a.text}`).join(" ")}` };
  const report = await writeTableReport(table, named, all, args.resultsDir, args.png, { stale: 0, missing: plan.length - all.length });
  process.stdout.write(`\n${formatSummary(table, report.rows)}\n\n`);
  if (report.fit) {
    const nMax = Math.max(...report.rows.map((r) => r.x ?? 0));
    process.stdout.write(`scaling law: ${describeFit(report.fit, nMax)}\n`);
  }
  process.stdout.write(`preset ${named.name}, backend ${backend.name}\nwrote ${report.csv}\nwrote ${report.html}\n${report.png ? `wrote ${report.png}\n` : ""}`);
}

/** Stops before any work when the biggest row's set, times the rows running at once, cannot be held in memory. */
function checkRowMemory(plan: RowTask[], jobs: number): void {
  let worst: { task: RowTask; cost: SetCost } | null = null;
  for (const task of plan) {
    const src = task.config.source;
    const cost = src && setCost(resolveParams(src.name, src.params));
    if (cost && (!worst || cost.bytes > worst.cost.bytes)) worst = { task, cost };
  }
  if (!worst) return;
  const running = Math.min(jobs, plan.length);
  checkMemory(`row "${worst.task.label}" (${worst.task.config.source!.name}: ${describeCost(worst.cost)}${running > 1 ? `, ${running} rows at once` : ""})`, worst.cost.bytes * running);
}

/** One line per row and phase change, at most every 10 s per row: worker progress in queue mode. */
function queueProgressLine() {
  const last = new Map<string, { phase: string; at: number }>();
  return (task: { hash: string; label: string; seed: number }, p: { phase: string; step: number; total: number }) => {
    const prev = last.get(task.hash);
    const now = Date.now();
    if (prev && prev.phase === p.phase && now - prev.at < 10_000 && p.step < p.total) return;
    last.set(task.hash, { phase: p.phase, at: now });
    process.stderr.write(`[queue] ${task.label} seed ${task.seed}: ${p.phase} ${p.step}/${p.total}\n`);
  };
}

/** Runs the CLI: bad input exits 2 with one line, a failure exits 1 with one line (SB_DEBUG=1: stacks). */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(usage() + "\n");
    return 0;
  }
  await reproduce(args);
  return 0;
}

if (require.main === module) runMain("reproduce", () => main(process.argv.slice(2)));
