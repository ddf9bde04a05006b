/**
 * danfojs DataFrames for notebooks. Kept in its own module: danfojs-node is
 * heavy to load, and only notebooks want it.
 */
import type { DataFrame } from "danfojs-node";
import { runsOf, type SummaryRow } from "../analysis/summary";
import type { TableDef } from "../experiments/tables";

export type FrameRow = Record<string, string | number | null>;

type Danfo = typeof import("danfojs-node");
let danfo: Danfo | null = null;

/** Loaded on first use: danfojs-node (and the tfjs shim it requires, see shims/) is slow to load. */
function loadDanfo(): Danfo {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  danfo ??= require("danfojs-node") as Danfo;
  return danfo;
}

export function tableFrame(rows: FrameRow[]): DataFrame {
  if (rows.length === 0) throw new Error("tableFrame: no rows");
  return new (loadDanfo().DataFrame)(rows);
}

/**
 * Decimals that the seed spread supports: two significant figures of the sd
 * (sd 4.7 → 1 decimal, 0.045 → 3), at most 3; 3 for a single run (sd 0).
 */
export function spreadDigits(sd: number): number {
  if (!(sd > 0) || !Number.isFinite(sd)) return 3;
  return Math.min(3, Math.max(0, 1 - Math.floor(Math.log10(sd))));
}

/** Our mean ± sd beside the paper's number, one line per row group, rounded to what the seed spread supports. */
export function summaryRecords(table: TableDef, rows: SummaryRow[]): FrameRow[] {
  // Every record gets every column (a missing run is null) so the frame is rectangular.
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  return rows.map((r) => {
    const rec: FrameRow = { row: r.group };
    for (const k of keys) {
      const s = r.metrics[k];
      const d = s ? spreadDigits(s.sd) : 0;
      rec[`${k} mean`] = s ? Number(s.mean.toFixed(d)) : null;
      rec[`${k} sd`] = s ? Number(s.sd.toFixed(d)) : null;
    }
    rec.runs = runsOf(r);
    rec[table.paperKey ? `paper ${table.paperColumn}` : "paper"] = r.paper;
    return rec;
  });
}
