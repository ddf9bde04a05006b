/**
 * The result cache on disk: results/<table>/<hash>.json, one finished row each.
 * Every file is validated when read; a corrupt or incomplete one (truncated by
 * a crash, `{}`, wrong fields) is moved aside with one warning and its row
 * recomputes. Rows cached under another code version ("stale") are never
 * served as current; they can be read explicitly, marked stale, for showing
 * results committed by an earlier code version.
 */
import * as fs from "fs";
import * as path from "path";
import { moveAside } from "../util/quarantine";
import { configKey } from "./keys";
import type { ExperimentConfig } from "../experiments/presets";
import type { RowResult, RowTask } from "./row";

const RESULT_FILE = /^[0-9a-f]{16}\.json$/;

export function resultPath(resultsDir: string, table: string, hash: string): string {
  return path.join(resultsDir, table, `${hash}.json`);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Why `value` is not a finished row stored as `file`, or null when it is one. */
export function resultProblem(value: unknown, file: string): string | null {
  if (!isObject(value)) return "not a JSON object";
  const name = path.basename(file, ".json");
  if (value.hash !== name) return `field "hash" is ${JSON.stringify(value.hash)}, expected "${name}" (the file name)`;
  for (const field of ["table", "label", "kind", "preset", "backend", "finishedAt"]) {
    if (typeof value[field] !== "string") return `field "${field}" is missing or not a string`;
  }
  if (!Number.isInteger(value.seed)) return `field "seed" is missing or not an integer`;
  if (!isObject(value.config)) return `field "config" is missing`;
  if (!isObject(value.metrics) || Object.keys(value.metrics).length === 0) return `field "metrics" is missing or empty`;
  for (const [k, v] of Object.entries(value.metrics)) if (typeof v !== "number" || !Number.isFinite(v)) return `metric "${k}" is not a finite number`;
  if (!isObject(value.timings)) return `field "timings" is missing`;
  return null;
}

/** A validated result file, or null (absent, or corrupt: then moved aside with a warning). */
export function readResult(file: string): RowResult | null {
  if (!fs.existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    moveAside(file, `corrupt result (${(e as Error).message})`);
    return null;
  }
  const problem = resultProblem(value, file);
  if (problem) {
    moveAside(file, `incomplete result (${problem})`);
    return null;
  }
  return value as unknown as RowResult;
}

/** A finished result for this task: in its own table's folder, or (same hash) in another table's, then copied. */
export function findCached(resultsDir: string, task: RowTask): RowResult | null {
  const own = resultPath(resultsDir, task.table, task.hash);
  const found = readResult(own);
  if (found) return found;
  if (!fs.existsSync(resultsDir)) return null;
  for (const dir of fs.readdirSync(resultsDir)) {
    if (dir === task.table) continue;
    const other = readResult(resultPath(resultsDir, dir, task.hash));
    if (other) {
      const copy: RowResult = { ...other, table: task.table, index: task.index, label: task.label, group: task.group };
      writeJsonAtomic(own, copy);
      return copy;
    }
  }
  return null;
}

/** Every valid result in a table's folder, of any code version, in file-name order (corrupt ones moved aside). */
export function readTableResults(resultsDir: string, table: string): RowResult[] {
  const dir = path.join(resultsDir, table);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((n) => RESULT_FILE.test(n)).sort().flatMap((name) => readResult(path.join(dir, name)) ?? []);
}

/** Every valid result in a table's folder, grouped by configKey (the request without the code version). */
function resultsByConfigKey(resultsDir: string, table: string): Map<string, RowResult[]> {
  const byKey = new Map<string, RowResult[]>();
  for (const r of readTableResults(resultsDir, table)) {
    const key = configKey(r);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  return byKey;
}

/** Results in the tasks' table folders that answer a task's request under another code version. */
export function staleResults(resultsDir: string, tasks: RowTask[]): RowResult[] {
  const stale: RowResult[] = [];
  for (const table of new Set(tasks.map((t) => t.table))) {
    const byKey = resultsByConfigKey(resultsDir, table);
    const hashes = new Set(tasks.map((t) => t.hash));
    const seen = new Set<string>();
    for (const t of tasks.filter((x) => x.table === table)) {
      if (seen.has(t.configKey)) continue;
      seen.add(t.configKey);
      stale.push(...(byKey.get(t.configKey) ?? []).filter((r) => !hashes.has(r.hash)));
    }
  }
  return stale;
}

export type MaybeStaleResult = RowResult & { stale: boolean };

/** The row a result answers, whatever its config: table row, seed, preset and downstream set (a --dataset run answers another row). */
const rowKey = (r: { label: string; seed: number; preset: string; config: ExperimentConfig }): string =>
  `${r.label}\0${r.seed}\0${r.preset}\0${r.config.downstream.name}`;

/**
 * Every task's current result, or, where the table has none from this code
 * version at all, the results of one earlier code version: the one that
 * answers the most tasks (the newest on a tie). A task's earlier result is
 * the newest of that version with the same request (same configKey), else of
 * the same table row, seed and preset under an older config; each is marked
 * `stale: true`, for showing rows committed by earlier code (and earlier
 * presets). A table is never a mix: of current and stale results, nor of two
 * earlier versions.
 */
export function loadResultsAnyVersion(tasks: RowTask[], resultsDir: string): { results: MaybeStaleResult[]; stale: number } {
  const current = tasks.flatMap((t) => {
    const r = findCached(resultsDir, t);
    return r ? [{ ...r, index: t.index, label: t.label, group: t.group, stale: false }] : [];
  });
  if (current.length > 0) return { results: current, stale: 0 };
  const byTable = new Map<string, RowResult[]>();
  const newest = (rs: RowResult[]): RowResult | undefined => [...rs].sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0];
  // Per task, its earlier results by version: same request first, else same row.
  const candidates = tasks.map((t) => {
    if (!byTable.has(t.table)) byTable.set(t.table, readTableResults(resultsDir, t.table));
    const all = byTable.get(t.table)!;
    const sameRequest = all.filter((r) => configKey(r) === t.configKey);
    const sameRow = all.filter((r) => rowKey(r) === rowKey(t));
    const byVersion = new Map<string, RowResult>();
    for (const pool of [sameRow, sameRequest]) {
      for (const version of new Set(pool.map((r) => String(r.codeVersion)))) {
        byVersion.set(version, newest(pool.filter((r) => String(r.codeVersion) === version))!);
      }
    }
    return byVersion;
  });
  const answered = new Map<string, { count: number; latest: string }>();
  for (const byVersion of candidates) {
    for (const [version, r] of byVersion) {
      const a = answered.get(version) ?? { count: 0, latest: "" };
      answered.set(version, { count: a.count + 1, latest: r.finishedAt > a.latest ? r.finishedAt : a.latest });
    }
  }
  const chosen = [...answered].sort(([, a], [, b]) => b.count - a.count || b.latest.localeCompare(a.latest))[0]?.[0];
  const results = tasks.flatMap((t, i) => {
    const r = chosen === undefined ? undefined : candidates[i].get(chosen);
    return r ? [{ ...r, index: t.index, label: t.label, group: t.group, stale: true }] : [];
  });
  return { results, stale: results.length };
}
