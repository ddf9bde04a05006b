/**
 * The cached table runner. A table expands to tasks (row × seed); each task is
 * keyed by a stable hash of everything that determines its result (resolved
 * config, seed, preset name, backend, and the code version with the kernel
 * settings: src/run/version.ts) and cached as results/<table>/<hash>.json.
 * Rerunning a table skips finished rows; an interrupted row resumes from its
 * training checkpoint in results/.work/<hash>/. The work itself is done by an
 * injected RowExecutor, so tests use a fake, real runs a child process, and
 * queue mode a Redis job (src/run/queueClient.ts).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findCached, resultPath, staleResults, writeJsonAtomic } from "./cache";
import { configKey, taskHash } from "./keys";
import { lockOrReuse, unlock } from "./lock";
import { getPreset } from "../experiments/presets";
import { projectRoot } from "../util/root";
import type { Preset } from "../experiments/presets";
import { getTable, resolveRow } from "../experiments/tables";
import type { TableDef } from "../experiments/tables";
import type { RowExecutor, RowOutcome, RowProgress, RowResult, RowTask } from "./row";
import { resultVersion } from "./version";
import { UsageError } from "../util/errors";
import { applyAssignment, hasPath } from "../config/assign";
import type { Assignment } from "../config/assign";

export interface PlanOptions {
  preset: string | Preset;
  /** Seeds per row (default: the preset's). Seeds are 0..seeds-1. */
  seeds?: number;
  /** Replace every row's downstream dataset. */
  dataset?: string;
  /** Name of the compute backend; part of the cache key. */
  backend: string;
  /** Code and kernel version (default: resultVersion() of this process, read after initBackend). */
  codeVersion?: string;
  /** Command-line overrides (`--set path=value`), applied to every row that has the field. */
  sets?: Assignment[];
}

export interface RunTableOptions extends PlanOptions {
  executor: RowExecutor;
  /** Rows run at once (default 1). */
  jobs?: number;
  resultsDir?: string;
  /** Run only the task with this hash, or the rows with this index. */
  only?: string;
  quiet?: boolean;
  /** Where progress lines go (default: stderr unless quiet). */
  log?: (line: string) => void;
  /** Where the rows run, for the first log line (default: "jobs N"). */
  where?: string;
  /** Training progress of each running row. */
  onProgress?: (task: RowTask, p: RowProgress) => void;
}

export const DEFAULT_RESULTS_DIR = "results";

export function planTable(table: string | TableDef, opts: PlanOptions): RowTask[] {
  const def = typeof table === "string" ? getTable(table) : table;
  const preset = typeof opts.preset === "string" ? getPreset(opts.preset) : opts.preset;
  const seeds = opts.seeds ?? preset.seeds;
  const codeVersion = opts.codeVersion ?? resultVersion();
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`seeds: expected a positive integer, got ${seeds}`);
  const tasks: RowTask[] = [];
  const sets = opts.sets ?? [];
  const used = sets.map(() => false);
  def.rows.forEach((row, index) => {
    let config = resolveRow(row, preset, opts.dataset);
    // A --set applies to the rows that have its field (source.* skips the scratch rows).
    sets.forEach((a, i) => {
      if (!hasPath(config, a.path)) return;
      config = applyAssignment(config, a);
      used[i] = true;
    });
    for (let seed = 0; seed < seeds; seed++) {
      const fields = { kind: def.kind, config, seed, preset: preset.name, backend: opts.backend };
      tasks.push({
        table: def.id, index, label: row.label, group: row.group ?? row.label, ...fields,
        configKey: configKey(fields), codeVersion, hash: taskHash(fields, codeVersion),
      });
    }
  });
  const unused = sets.find((_, i) => !used[i]);
  if (unused) throw new UsageError(`--set ${unused.text}: no row of ${def.id} has the field ${unused.path.join(".")} (a row config has ${Object.keys(tasks[0]?.config ?? {}).join(", ")})`);
  return tasks;
}

/** Cached results for a table, without running anything (notebooks, reports). Missing rows are left out. */
export function loadCachedResults(tasks: RowTask[], resultsDir = DEFAULT_RESULTS_DIR): RowResult[] {
  return tasks.flatMap((t) => {
    const r = findCached(resultsDir, t);
    return r ? [{ ...r, index: t.index, label: t.label, group: t.group }] : [];
  });
}

let provenanceCache: { version: string; commit: string | null } | null = null;
function provenance(): { version: string; commit: string | null } {
  if (!provenanceCache) {
    const root = projectRoot();
    const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
    let commit: string | null = null;
    try {
      commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim() || null;
    } catch {
      commit = null; // not a git checkout (e.g. an unpacked release)
    }
    provenanceCache = { version, commit };
  }
  return provenanceCache;
}

/** The tasks `--row` picks (an index or a hash), or all. */
export function selectTasks(tasks: RowTask[], only: string | undefined): RowTask[] {
  if (only === undefined) return tasks;
  const picked = /^\d+$/.test(only) ? tasks.filter((t) => t.index === Number(only)) : tasks.filter((t) => t.hash === only);
  if (picked.length === 0) throw new UsageError(`--row ${only}: no row with that index or hash (indices 0..${Math.max(...tasks.map((t) => t.index))})`);
  return picked;
}

function describeMetrics(m: Record<string, number>): string {
  return Object.entries(m).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`).join(", ");
}

/** Runs up to `jobs` async jobs at once; after the first failure no new job starts, and it is rethrown. */
async function runPool<T>(items: T[], jobs: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        if (failure === null) failure = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/** Runs (or loads from cache) every task of a table; returns results in table order. */
export async function runTable(table: string | TableDef, opts: RunTableOptions): Promise<RowResult[]> {
  const resultsDir = opts.resultsDir ?? DEFAULT_RESULTS_DIR;
  const quiet = opts.quiet ?? false;
  const log = opts.log ?? ((line: string) => { if (!quiet) process.stderr.write(line + "\n"); });
  const tasks = selectTasks(planTable(table, opts), opts.only);
  const results = new Map<string, RowResult>();
  const pending: RowTask[] = [];
  for (const t of tasks) {
    const cached = findCached(resultsDir, t);
    if (cached) results.set(t.hash, cached);
    // Two rows of one table can resolve to the same config (Figure 2's Δ=0.1 is its σ=3.5): run it once.
    else if (!pending.some((p) => p.hash === t.hash)) pending.push(t);
  }
  const tableId = tasks[0]?.table ?? String(table);
  const stale = staleResults(resultsDir, tasks).length;
  const staleNote = stale > 0 ? `, ${stale} cached from another code version ignored as stale` : "";
  log(`${tableId}: ${tasks.length} runs, ${tasks.length - pending.length} cached, ${pending.length} to run (${opts.where ?? `jobs ${opts.jobs ?? 1}`})${staleNote}`);
  let done = 0;
  await runPool(pending, opts.jobs ?? 1, async (task) => {
    const workDir = path.join(resultsDir, ".work", task.hash);
    const lockFile = `${workDir}.lock`;
    fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    const reused = await lockOrReuse(lockFile, () => findCached(resultsDir, task), (h) => log(`[${task.table}] ${task.label} seed ${task.seed} is being computed by another process${h ? ` (pid ${h.pid} on ${h.host})` : ""}; waiting for it`));
    if (reused) {
      results.set(task.hash, reused);
      log(`[${task.table}] ${task.label} seed ${task.seed}: computed by the other process, reused`);
      return;
    }
    try {
      await runRow(task, workDir);
    } finally {
      unlock(lockFile);
    }
  });
  return tasks.map((t) => ({ ...results.get(t.hash)!, index: t.index, label: t.label, group: t.group }));

  async function runRow(task: RowTask, workDir: string): Promise<void> {
    const tableDir = path.join(resultsDir, task.table);
    const pretrainedDir = path.join(resultsDir, ".pretrained");
    fs.mkdirSync(workDir, { recursive: true });
    fs.mkdirSync(tableDir, { recursive: true });
    const handedOff = new Date();
    log(`[${task.table}] start ${task.label} seed ${task.seed} (${task.hash})`);
    let outcome: RowOutcome;
    try {
      outcome = await opts.executor(task, { workDir, tableDir, pretrainedDir, quiet, onProgress: opts.onProgress && ((p) => opts.onProgress!(task, p)) });
    } catch (e) {
      // Keep a checkpoint for the rerun to resume from, but no empty folder.
      if (fs.existsSync(workDir) && fs.readdirSync(workDir).length === 0) fs.rmdirSync(workDir);
      throw e;
    }
    const finished = new Date();
    // In queue mode the hand-off is not the start: the row may have waited for a worker.
    const started = outcome.startedAt ? new Date(outcome.startedAt) : handedOff;
    const result: RowResult = {
      hash: task.hash, table: task.table, index: task.index, label: task.label, group: task.group, kind: task.kind,
      preset: task.preset, seed: task.seed, backend: task.backend, config: task.config, configKey: task.configKey, codeVersion: task.codeVersion,
      ...provenance(),
      startedAt: started.toISOString(), finishedAt: finished.toISOString(),
      seconds: (finished.getTime() - started.getTime()) / 1000,
      metrics: outcome.metrics, timings: outcome.timings, backendInfo: outcome.backendInfo, artifacts: outcome.artifacts, pretrainCurve: outcome.pretrainCurve,
      ...(outcome.pretrainNormalization ? { pretrainNormalization: outcome.pretrainNormalization } : {}),
    };
    writeJsonAtomic(resultPath(resultsDir, task.table, task.hash), result);
    fs.rmSync(workDir, { recursive: true, force: true });
    results.set(task.hash, result);
    done++;
    log(`[${task.table} ${done}/${pending.length}] ${task.label} seed ${task.seed}: ${describeMetrics(outcome.metrics)} (${result.seconds.toFixed(1)} s)`);
  }
}
