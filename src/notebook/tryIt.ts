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

/** A notebook's "try it" cell: the row it starts from, the change, and the change in words. */
export interface TryItDef extends TryChange {
  row: string;
  what: string;
}

const ON_DIGITS: RowOverrides = { downstream: { name: "digits", testPerClass: 50 } };

export const TRY_IT: Record<string, TryItDef> = {
  table2: { row: "1p-frac", label: "1p-frac, Δ=0.01", overrides: { source: { name: "1p-frac", params: { delta: 0.01 } } }, what: "the perturbation size Δ of 1p-frac (0.1 → 0.01)" },
  table3: { row: "RCDB+LPCE", label: "RCDB+LPCE, Δ=0.5", overrides: { source: { name: "rcdb", params: { delta: 0.5 } } }, what: "the perturbation size Δ of the contour (0.1 → 0.5)" },
  table4: { row: "Gaussian+LPCE", label: "Gaussian+LPCE, Δ=0.5", overrides: { source: { name: "gaussian", params: { delta: 0.5 } } }, what: "how far the noise parameters are perturbed (Δ 0.1 → 0.5)" },
  table5: { row: "Δ=0.1", label: "Δ=0.3", overrides: { source: { name: "1p-frac", params: { delta: 0.3 } } }, what: "Δ (0.1 → 0.3)" },
  table6: { row: "σ=3.5", label: "σ=2.5", overrides: { source: { name: "1p-frac", params: { sigma: 2.5 } } }, what: "σ (3.5 → 2.5, a more intricate fractal than any row)" },
  table7: { row: "L=1000 (paper)", label: "L=2", overrides: { source: { name: "1p-frac", params: { L: 2 } } }, what: "L, the number of classes (the preset's → 2)" },
  table9: { row: "baseline (DeiT)", label: "DeiT without random erasing and RandAugment", overrides: { source: { name: "1p-frac" }, pretrain: { augment: { randomErasing: 0, randAugment: false } } }, what: "the pre-training augmentation (random erasing and RandAugment off together)" },
  table10: { row: "1p-frac", label: "1p-frac, L=64", overrides: { source: { name: "1p-frac", params: { L: 64 } } }, what: "L, the number of images 1p-frac renders (the preset's → 64)" },
  table11: { row: "Canny + affine (camera.png)", label: "Canny + affine (camera.png), Δ=0.3", overrides: { source: { name: "real-image", params: { image: "data/real-images/camera.png", output: "canny", warp: "affine", delta: 0.3 } } }, what: "Δ of the affine warps of one photo (0.1 → 0.3)" },
  table12: { row: "elastic (camera.png)", label: "elastic (camera.png), Δ=0.3", overrides: { source: { name: "real-image", params: { image: "data/real-images/camera.png", warp: "elastic", delta: 0.3 } } }, what: "Δ of the elastic fields (0.1 → 0.3)" },
  table13: { row: "1p-frac / digits", label: "1p-frac / digits, Δ=0.01", overrides: { source: { name: "1p-frac", params: { delta: 0.01 } }, downstream: { name: "digits" } }, what: "Δ before fine-tuning on digits (0.1 → 0.01)" },
  figure2: { row: "Δ=0.1", label: "Δ=0.5", overrides: { source: { name: "1p-frac", params: { delta: 0.5 } } }, what: "Δ (0.1 → 0.5)" },
  figure3: { row: "1p-frac", label: "1p-frac, Δ=0.001", overrides: { source: { name: "1p-frac", params: { delta: 0.001 } } }, what: "Δ (0.1 → 0.001, the collapsing setting)" },
  scaling: { row: "L×1", label: "L=32", overrides: { source: { name: "1p-frac", params: { L: 32 } } }, what: "L (the preset's → 32)" },
  "finetune-search": { row: "1p-frac lr×1 epochs×1", label: "1p-frac, lr 0.05", overrides: { source: { name: "1p-frac" }, finetune: { baseLr: 0.05 } }, what: "the fine-tuning learning rate of the 1p-frac row" },
};
// The digits reruns change the same row; a changed row replaces the row's overrides, so it names the downstream set again.
for (const id of ["table2", "table5"]) TRY_IT[`${id}-digits`] = { ...TRY_IT[id], overrides: { ...TRY_IT[id].overrides, ...ON_DIGITS } };

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
