/**
 * The "try it" cell: one table row and a copy of it with one parameter
 * changed, run at the smoke preset (seconds) into out/try-it/, never into
 * results/.
 */
import * as path from "path";
import { initBackend } from "../backend";
import { executeRow } from "../run/executor";
import { getPreset } from "../experiments/presets";
import { projectRoot } from "../util/root";
import { runTable } from "../run/runner";
import type { TableRun } from "./session";
import { getTable } from "../experiments/tables";
import type { RowOverrides, TableDef } from "../experiments/tables";
import { writeTableReport } from "../report/tableReport";

export interface TryChange {
  label: string;
  overrides: RowOverrides;
}

export function tryTable(tableId: string, rowLabel: string, change: TryChange): TableDef {
  const table = getTable(tableId);
  const row = table.rows.find((r) => r.label === rowLabel);
  if (!row) throw new Error(`try it: ${tableId} has no row "${rowLabel}" (rows: ${table.rows.map((r) => r.label).join(", ")})`);
  if (change.label === rowLabel) throw new Error(`try it: the changed row needs a label of its own, not "${rowLabel}"`);
  return {
    ...table,
    id: `${tableId}-try`,
    caption: `Try it (smoke preset): ${change.label} vs ${rowLabel}`,
    // No paper bars: the paper has no number for the changed row, and smoke runs are not comparable with it.
    rows: [{ ...row, group: rowLabel, paperRow: null }, { label: change.label, x: row.x, overrides: change.overrides, paperRow: null }],
  };
}

export async function tryIt(tableId: string, rowLabel: string, change: TryChange): Promise<TableRun> {
  const table = tryTable(tableId, rowLabel, change);
  const preset = getPreset("smoke");
  const resultsDir = path.join(projectRoot(), "out", "try-it");
  const backend = (await initBackend({ quiet: true })).name;
  const results = await runTable(table, { preset, backend, executor: executeRow, resultsDir, quiet: true });
  const report = await writeTableReport(table, preset, results, resultsDir, false);
  return { ...report, table, preset, results, missing: 0, stale: 0, tried: true };
}
