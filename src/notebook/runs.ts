/**
 * A table's runs one by one, beside its summary: each run's result and what
 * its pre-training reached (final LPCE loss against ln L, clean top-1), with
 * the learning curves as a chart. A mean over seeds hides a seed whose
 * pre-training never left ln L; this is where it shows.
 */
import type { TableRun } from "../experiments/session";
import type { FrameRow } from "../report/frame";
import type { Figure } from "../report/plotly";
import { computeSeconds } from "../report/prose";
import { learned, lnClasses } from "../report/learned";
import { curvesFigure } from "./curves";

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

/** The runs' pre-training curves, or null where no run recorded one (no pre-training, or earlier code). */
export function runCurvesFigure(run: TableRun): Figure | null {
  const series = run.results.filter((r) => (r.pretrainCurve?.length ?? 0) > 0).map((r) => ({ name: `${r.label} seed ${r.seed}`, group: r.group, curve: r.pretrainCurve! }));
  return series.length === 0 ? null : curvesFigure(`${run.table.caption}: pre-training of each run`, series);
}
