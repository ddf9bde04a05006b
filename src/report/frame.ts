/**
 * danfojs DataFrames for notebooks. Kept in its own module: danfojs-node is
 * heavy to load, and only notebooks want it.
 */
import type { DataFrame } from "danfojs-node";
import type { SummaryRow } from "../experiments/summary";
import type { TableDef } from "../experiments/tables";

export type FrameRow = Record<string, string | number | null>;

type Danfo = typeof import("danfojs-node");
let danfo: Danfo | null = null;

/**
 * danfojs-node requires @tensorflow/tfjs-node, which the project replaces by a
 * shim re-exporting @tensorflow/tfjs (SPEC §10). If that link is missing from
 * node_modules, point the one request at @tensorflow/tfjs, which is all the shim does.
 */
function loadDanfo(): Danfo {
  if (danfo) return danfo;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Module = require("module") as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = (req: string, ...rest: unknown[]) => {
    try {
      return resolve(req, ...rest);
    } catch (e) {
      if (req === "@tensorflow/tfjs-node") return require.resolve("@tensorflow/tfjs");
      throw e;
    }
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    danfo = require("danfojs-node") as Danfo;
  } finally {
    Module._resolveFilename = resolve;
  }
  return danfo;
}

export function tableFrame(rows: FrameRow[]): DataFrame {
  if (rows.length === 0) throw new Error("tableFrame: no rows");
  return new (loadDanfo().DataFrame)(rows);
}

/** Our mean ± sd beside the paper's number, one line per row group. */
export function summaryRecords(table: TableDef, rows: SummaryRow[]): FrameRow[] {
  // Every record gets every column (a missing run is null) so the frame is rectangular.
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  return rows.map((r) => {
    const rec: FrameRow = { row: r.group };
    for (const k of keys) {
      const s = r.metrics[k];
      rec[`${k} mean`] = s ? Number(s.mean.toFixed(3)) : null;
      rec[`${k} sd`] = s ? Number(s.sd.toFixed(3)) : null;
    }
    rec.runs = r.value ? r.value.n : 0;
    rec[table.paperKey ? `paper ${table.paperColumn}` : "paper"] = r.paper;
    return rec;
  });
}
