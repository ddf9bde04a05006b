/**
 * A table's runs one by one, beside its summary: each run's result and what
 * its pre-training reached (final LPCE loss against ln L, clean top-1), with
 * the learning curves as a chart. A mean over seeds hides a seed whose
 * pre-training never left ln L; this is where it shows.
 */
import type { TableRun } from "./session";
import type { FrameRow } from "../report/frame";
import type { Figure } from "../report/plotly";
import { computeSeconds } from "../analysis/timing";
import { learned, lnClasses } from "../report/learned";
import { curvesFigure } from "./curves";
import { pretrainKey } from "../run/keys";
import type { RowResult } from "../run/row";
import type { CurvePoint } from "../train/config";

export function runRecords(run: TableRun): FrameRow[] {
  const metric = run.table.metric;
  return run.results.map((r) => {
    const curve = r.pretrainCurve ?? [];
    const last = curve[curve.length - 1];
    const lnL = lnClasses(r);
    // A probe row has one metric per block ("accuracy@k"): show the deepest.
    const deepest = Object.keys(r.metrics).filter((k) => k.startsWith(`${metric}@`)).sort((a, b) => Number(a.split("@")[1]) - Number(b.split("@")[1])).pop();
    const value = r.metrics[metric] ?? (deepest === undefined ? undefined : r.metrics[deepest]);
    return {
      row: r.label, seed: r.seed, [run.table.metricLabel]: value === undefined ? null : Number(value.toFixed(2)),
      "final LPCE loss": last ? Number(last.loss.toFixed(3)) : null,
      "ln L": lnL === null || !last ? null : Number(lnL.toFixed(3)),
      "clean top-1": last ? Number((100 * last.cleanAccuracy).toFixed(1)) : null,
      learned: lnL === null || !last ? null : learned(curve, lnL) ? "yes" : "no",
      "compute s": Number(computeSeconds(r).toFixed(0)),
    };
  });
}

/**
 * The runs' pre-training curves, one per distinct pre-training, or null where no
 * run recorded one (no pre-training, or earlier code). Rows that differ only in
 * fine-tuning (the fine-tuning search) reuse one pre-training; drawing it once
 * per row would repeat the same line and bloat the notebook. The title names
 * the table by id because a caption overflows the chart's width.
 */
export function runCurvesFigure(run: TableRun): Figure | null {
  const byPretraining = new Map<string, { rows: RowResult[]; curve: CurvePoint[] }>();
  for (const r of run.results) {
    if ((r.pretrainCurve?.length ?? 0) === 0) continue;
    // The executor's key for shared pre-trained weights: rows under it ran one pre-training.
    const key = pretrainKey(r, r.codeVersion);
    const entry = byPretraining.get(key) ?? { rows: [], curve: r.pretrainCurve! };
    entry.rows.push(r);
    byPretraining.set(key, entry);
  }
  const series = [...byPretraining.values()].map(({ rows, curve }) => {
    const group = new Set(rows.map((r) => r.group)).size === 1 ? rows[0].group : `${rows[0].config.source!.name} (shared by ${rows.length} rows)`;
    return { name: `${group} seed ${rows[0].seed}`, group, curve };
  });
  return series.length === 0 ? null : curvesFigure(`${run.table.id}: the pre-training of each run`, series);
}
