/**
 * Rows computed more than once with the same config, seed, backend and code
 * version (for example the scaling table's L×1 row and Table 2's 1p-frac row,
 * which differ only in their table's kind), side by side with the OpenBLAS
 * kernel family each run used. Where such runs differ, nothing but the
 * machines' kernels did: bench/kernel-bits.ts shows the last bits they change.
 */
import * as fs from "fs";
import { kernelFamily } from "../backend/blas";
import { readTableResults } from "../run/cache";
import { configKey } from "../run/keys";
import type { RowResult } from "../run/row";
import { markdownTable } from "../util/markdown";

/**
 * Every versioned result under the table folders of `dir`. Results from before the code version was recorded are
 * left out: their code may differ under one key.
 */
function rowResults(dir: string): RowResult[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith("."))
    .flatMap((d) => readTableResults(dir, d.name)).filter((r) => typeof r.codeVersion === "string");
}

function runKernels(r: RowResult): string {
  const config = (r.backendInfo as { blas?: { config?: string } } | undefined)?.blas?.config;
  return config ? kernelFamily(config) : "no native kernels";
}

/** The repeated runs as a markdown table, led by a line that counts them. */
export function kernelSpreadMarkdown(dir: string): string {
  // One entry per run: a run shared by several tables is stored once per table under one hash.
  const all = rowResults(dir);
  const runs = new Map(all.map((r) => [r.hash, r]));
  const rowsOf = new Map<string, string[]>();
  for (const r of all) rowsOf.set(r.hash, [...(rowsOf.get(r.hash) ?? []), `${r.table}/${r.label}`]);
  const nameOf = new Map([...rowsOf].map(([hash, rows]) => {
    const [first, ...more] = rows.sort();
    return [hash, more.length > 0 ? `${first} (and ${more.length} more tables' rows)` : first];
  }));
  const names = (hash: string): string => nameOf.get(hash)!;
  const groups = new Map<string, RowResult[]>();
  for (const r of runs.values()) {
    // configKey maps a scaling row to the fine-tuning run it is; older code versions keyed the two apart.
    const key = `${configKey(r)}\0${r.codeVersion}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  // Oldest run first within a row; rows by name and seed, so the table does not follow directory order.
  const byRun = (a: RowResult, b: RowResult) => a.startedAt.localeCompare(b.startedAt) || names(a.hash).localeCompare(names(b.hash));
  const repeated = [...groups.values()].filter((g) => g.length > 1).map((g) => [...g].sort(byRun))
    .sort((a, b) => names(a[0].hash).localeCompare(names(b[0].hash)) || a[0].seed - b[0].seed);
  const body = repeated.flatMap((g) => g.map((r) => {
    const metric = Object.keys(r.metrics).sort()[0];
    const curve = r.pretrainCurve?.at(-1);
    return [names(r.hash), r.seed, r.codeVersion, runKernels(r), r.startedAt.slice(0, 10), `${metric} ${r.metrics[metric].toFixed(2)}`,
      curve ? `${curve.loss.toFixed(3)} / ${(100 * (curve.cleanAccuracy ?? NaN)).toFixed(1)}` : "—"];
  }));
  const head = `${repeated.length} row(s) computed more than once under one config, seed, backend and code version.`;
  return body.length === 0 ? head : `${head}\n\n${markdownTable(["row", "seed", "code version", "OpenBLAS kernels", "run on", "metric", "final LPCE loss / clean top-1 %"], body)}`;
}
