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
  /** Series of one group share a colour and one legend entry (a table row's seeds); default: the name. */
  group?: string;
}

/** Loss (left) and clean top-1 (right) against steps, one colour and one legend entry per group. */
export function curvesFigure(title: string, series: CurveSeries[]): Figure {
  const groups = [...new Set(series.map((s) => s.group ?? s.name))];
  const shown = new Set<string>();
  const data = series.flatMap((s) => {
    const group = s.group ?? s.name;
    const color = `hsl(${Math.round((360 * groups.indexOf(group)) / Math.max(1, groups.length))}, 65%, 45%)`;
    const first = !shown.has(group);
    shown.add(group);
    const x = s.curve.map((p) => p.step);
    const common = { type: "scatter", mode: "lines", legendgroup: group, x, line: { color, width: 1.5 }, hovertemplate: `${s.name}<br>step %{x}: %{y}<extra></extra>` };
    return [
      // Rounded: four digits are more than a chart shows, and notebooks stay small.
      { ...common, name: group, showlegend: first, y: s.curve.map((p) => Number(p.loss.toFixed(4))), xaxis: "x", yaxis: "y" },
      { ...common, name: group, showlegend: false, y: s.curve.map((p) => Number((100 * p.cleanAccuracy).toFixed(2))), xaxis: "x2", yaxis: "y2" },
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
