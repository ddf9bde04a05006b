/**
 * Results -> one line per row group: mean ± sd over seeds (and over the rows of
 * a group, e.g. the 5 photos of Table 11), beside the paper's number.
 */
import * as fs from "fs";
import * as path from "path";
import type { Preset } from "../experiments/presets";
import { projectRoot } from "../util/root";
import type { RowResult } from "../run/row";
import { rowX } from "../experiments/tables";
import type { PaperRef, TableDef } from "../experiments/tables";

export interface Stat {
  mean: number;
  sd: number;
  n: number;
  /**
   * Each run's value under its unit, "seed/k" (k: the run's row within its group, e.g. the photo of a
   * Table 11 group), so that two rows can be compared run by run where they share seed and position.
   */
  units?: Record<string, number>;
}

export interface SummaryRow {
  group: string;
  x?: number;
  /** Every metric the runs reported, averaged. */
  metrics: Record<string, Stat>;
  /** The table's main metric, or null when no run of this group is finished. */
  value: Stat | null;
  /** The paper's number in our unit, or null when the paper has none. */
  paper: number | null;
}

/** Sample standard deviation (n-1); 0 for a single run. */
export function meanSd(values: number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

type PaperTable = { columns: string[]; rows: (string | number | null)[][] };
let paperTables: Record<string, unknown> | null = null;

export function loadPaperTables(file = path.join(projectRoot(), "data/paper-tables.json")): Record<string, unknown> {
  if (!paperTables) {
    if (!fs.existsSync(file)) throw new Error(`${file}: missing (the paper's reference numbers)`);
    paperTables = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  }
  return paperTables;
}

/** The paper's number for one row (scaled to our unit), or null. */
export function paperValue(table: TableDef, ref: PaperRef | null): number | null {
  if (!ref || !table.paperKey) return null;
  const t = loadPaperTables()[table.paperKey] as PaperTable | undefined;
  if (!t || !Array.isArray(t.rows)) return null;
  const column = ref.column ?? table.paperColumn;
  const col = t.columns.indexOf(column);
  if (col < 0) throw new Error(`${table.id}: paper table ${table.paperKey} has no column "${column}" (has: ${t.columns.join(", ")})`);
  const row = t.rows.find((r) => r[0] === ref.match);
  if (!row) throw new Error(`${table.id}: paper table ${table.paperKey} has no row "${ref.match}"`);
  const v = row[col];
  return typeof v === "number" ? v * (table.paperScale ?? 1) : null;
}

export function summarize(table: TableDef, results: RowResult[], preset: Preset): SummaryRow[] {
  const groups: string[] = [];
  for (const row of table.rows) {
    const g = row.group ?? row.label;
    if (!groups.includes(g)) groups.push(g);
  }
  return groups.map((group) => {
    const rows = table.rows.filter((r) => (r.group ?? r.label) === group);
    const runs = results.filter((r) => r.group === group);
    const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
    const unit = (r: RowResult): string => `${r.seed}/${rows.findIndex((row) => row.label === r.label)}`;
    const metrics: Record<string, Stat> = {};
    for (const k of keys) {
      const measured = runs.filter((r) => typeof r.metrics[k] === "number");
      metrics[k] = { ...meanSd(measured.map((r) => r.metrics[k])), units: Object.fromEntries(measured.map((r) => [unit(r), r.metrics[k]])) };
    }
    // The scaling table's x is each row's L; other tables name x explicitly (or have none).
    const x = rows.length !== 1 ? undefined : table.kind === "scaling" ? rowX(rows[0], preset) : rows[0].x;
    return { group, x, metrics, value: metrics[table.metric] ?? null, paper: paperValue(table, rows[0].paperRow) };
  });
}

export function formatStat(s: Stat | null, digits = 1): string {
  if (!s || s.n === 0) return "—";
  return s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : s.mean.toFixed(digits);
}

/** How many runs a row group has finished (a probe row has no single main metric). */
export function runsOf(row: SummaryRow): number {
  return Math.max(0, ...Object.values(row.metrics).map((m) => m.n));
}

/** A plain-text table: ours beside the paper's; a probe table shows one column per k. */
export function formatSummary(table: TableDef, rows: SummaryRow[]): string {
  const digits = table.kind === "construction" ? 2 : 1;
  const probeKeys = table.kind === "probe" ? [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort() : [];
  const ours = probeKeys.length ? probeKeys.map((k) => `ours: ${k}`) : [`ours: ${table.metricLabel}`];
  const header = [`row`, ...ours, table.paperKey ? `paper ${table.paperColumn}` : "paper"];
  const body = rows.map((r) => [
    r.group,
    ...(probeKeys.length ? probeKeys.map((k) => formatStat(r.metrics[k] ?? null, digits)) : [formatStat(r.value, digits)]),
    r.paper === null ? "—" : String(Number(r.paper.toFixed(2))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  return [table.caption, line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
