/**
 * Pre-training learning curves, for the preset search and for every table's
 * runs: the LPCE loss and the top-1 on the un-augmented class images against
 * steps. A loss that stays at ln L means the classes cannot be told apart under
 * the augmentation, so the pre-training has nothing to transfer.
 */
import type { CurvePoint } from "../train/config";
import type { Figure } from "../report/plotly";

export interface CurveSeries {
  name: string;
  curve: CurvePoint[];
}

/** How far below ln L the final loss must be to count as learned (not chance). */
export const LEARNED_BELOW_LN_L = 0.05;

export function learned(curve: CurvePoint[], lnL: number): boolean | null {
  const last = curve[curve.length - 1];
  return last ? last.loss < lnL - LEARNED_BELOW_LN_L : null;
}

/** Loss (left) and clean top-1 (right) against steps, one colour per series. */
export function curvesFigure(title: string, series: CurveSeries[]): Figure {
  const data = series.flatMap((s, i) => {
    const color = `hsl(${Math.round((360 * i) / Math.max(1, series.length))}, 65%, 45%)`;
    const x = s.curve.map((p) => p.step);
    return [
      { type: "scatter", mode: "lines", name: s.name, legendgroup: s.name, x, y: s.curve.map((p) => p.loss), line: { color }, xaxis: "x", yaxis: "y" },
      { type: "scatter", mode: "lines", name: s.name, legendgroup: s.name, showlegend: false, x, y: s.curve.map((p) => 100 * p.cleanAccuracy), line: { color }, xaxis: "x2", yaxis: "y2" },
    ];
  });
  return {
    data,
    layout: {
      title: { text: title },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: "pre-training step" } }, yaxis: { title: { text: "LPCE loss (ln L = chance)" } },
      xaxis2: { title: { text: "pre-training step" } }, yaxis2: { title: { text: "top-1 on the class images (%)" } },
      margin: { t: 60, b: 160, r: 40 }, legend: { orientation: "h", y: -0.3, yanchor: "top" },
    },
  };
}
