/**
 * Pre-training learning curves, for the preset search and for every table's
 * runs: the LPCE loss and the top-1 on the un-augmented class images against
 * steps. A loss that stays at ln L means the classes cannot be told apart under
 * the augmentation, so the pre-training has nothing to transfer.
 */
import type { CurvePoint } from "../train/config";
import type { Figure } from "../report/plotly";

/** Point by point mean of curves (over the steps every one of them has). */
function meanCurve(series: CurveSeries[]): CurveSeries {
  const steps = series[0].curve.map((p) => p.step).filter((st) => series.every((s) => s.curve.some((p) => p.step === st)));
  const at = (s: CurveSeries, st: number) => s.curve.find((p) => p.step === st)!;
  const mean = (f: (p: CurvePoint) => number, st: number) => series.reduce((a, s) => a + f(at(s, st)), 0) / series.length;
  return { name: "mean", curve: steps.map((st) => ({ step: st, loss: mean((p) => p.loss, st), cleanAccuracy: mean((p) => p.cleanAccuracy, st) })) };
}

export interface CurveSeries {
  name: string;
  curve: CurvePoint[];
  /** Series of one group share a colour and one legend entry (a table row's seeds); default: the name. */
  group?: string;
}

/**
 * Loss (left) and clean top-1 (right) against steps, one colour and one legend
 * entry per group. A group of several runs (a row's seeds) draws each run
 * faint and their mean bold, so one seed's stall is seen without hiding the
 * row's course.
 */
export function curvesFigure(title: string, series: CurveSeries[]): Figure {
  const groups = [...new Set(series.map((s) => s.group ?? s.name))];
  const data = groups.flatMap((group, g) => {
    const members = series.filter((s) => (s.group ?? s.name) === group);
    const color = `hsl(${Math.round((360 * g) / Math.max(1, groups.length))}, 65%, 45%)`;
    const lines = (s: CurveSeries, name: string, style: Record<string, unknown>, showlegend: boolean) => {
      const common = { type: "scatter", mode: "lines", legendgroup: group, x: s.curve.map((p) => p.step), hovertemplate: `${name}<br>step %{x}: %{y}<extra></extra>`, ...style };
      return [
        // Rounded: four digits are more than a chart shows, and notebooks stay small.
        { ...common, name: group, showlegend, y: s.curve.map((p) => Number(p.loss.toFixed(4))), xaxis: "x", yaxis: "y" },
        { ...common, name: group, showlegend: false, y: s.curve.map((p) => Number((100 * p.cleanAccuracy).toFixed(2))), xaxis: "x2", yaxis: "y2" },
      ];
    };
    if (members.length === 1) return lines(members[0], members[0].name, { line: { color, width: 1.5 } }, true);
    const faint = members.flatMap((s) => lines(s, s.name, { line: { color, width: 1 }, opacity: 0.35 }, false));
    return [...faint, ...lines(meanCurve(members), `${group}, mean of ${members.length}`, { line: { color, width: 3 } }, true)];
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
