/**
 * Plotly figure specs (plain JSON) for every kind of table: bars with error
 * bars beside the paper's bars, lines for the linear probe (Figure 3), and the
 * scaling-law points with their fitted curve.
 */
import type { ScalingFit } from "../analysis/scalingLaw";
import type { SummaryRow } from "../analysis/summary";
import type { TableDef } from "../experiments/tables";

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

const OURS = "#1f77b4";
const PAPER = "#bbbbbb";

function baseLayout(title: string, xTitle: string, yTitle: string): Record<string, unknown> {
  return { title: { text: title }, xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle } }, margin: { t: 60, b: 140, r: 110 }, legend: { orientation: "h", y: -0.3, yanchor: "top" } };
}

/** Ours (mean ± sd over seeds) beside the paper's value, one bar pair per row. */
export function barFigure(table: TableDef, rows: SummaryRow[], oursLabel = "ours"): Figure {
  const x = rows.map((r) => r.group);
  const data: Record<string, unknown>[] = [{
    type: "bar", name: oursLabel, x, marker: { color: OURS },
    y: rows.map((r) => (r.value ? r.value.mean : null)),
    error_y: { type: "data", array: rows.map((r) => (r.value ? r.value.sd : 0)), visible: true },
  }];
  if (rows.some((r) => r.paper !== null)) {
    data.push({ type: "bar", name: `paper (${table.paperColumn})`, x, y: rows.map((r) => r.paper), marker: { color: PAPER } });
  }
  return { data, layout: { ...baseLayout(table.caption, "", table.metricLabel), barmode: "group" } };
}

/** Metrics named "<metric>@<k>" as a line over k, one line per row (Figure 3). */
export function probeFigure(table: TableDef, rows: SummaryRow[]): Figure {
  const prefix = `${table.metric}@`;
  const data = rows.map((r) => {
    const ks = Object.keys(r.metrics).filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(prefix.length))).sort((a, b) => a - b);
    return {
      type: "scatter", mode: "lines+markers", name: r.group, x: ks,
      y: ks.map((k) => r.metrics[`${prefix}${k}`].mean),
      error_y: { type: "data", array: ks.map((k) => r.metrics[`${prefix}${k}`].sd), visible: true },
    };
  });
  const layout = baseLayout(table.caption, "blocks k (features after the first k blocks)", table.metricLabel);
  // Blocks are whole numbers: ticks at 1, 2, 3, ... and nowhere between.
  return { data, layout: { ...layout, xaxis: { title: { text: "blocks k (features after the first k blocks)" }, tickmode: "linear", dtick: 1 } } };
}

/** Error points and the fitted law e(n) = D·n^(-α) + C on log-log axes. */
export function scalingFigure(title: string, points: { n: number; error: number }[], fit: ScalingFit | null, xTitle = "L (perturbations)"): Figure {
  const data: Record<string, unknown>[] = [{ type: "scatter", mode: "markers", name: "runs", x: points.map((p) => p.n), y: points.map((p) => p.error), marker: { color: OURS, size: 9 } }];
  if (fit) {
    const lo = Math.min(...points.map((p) => p.n));
    const hi = Math.max(...points.map((p) => p.n)) * 4;
    const xs = Array.from({ length: 50 }, (_, i) => lo * (hi / lo) ** (i / 49));
    data.push({ type: "scatter", mode: "lines", name: `fit: ${fit.D.toFixed(2)}·n^${(-fit.alpha).toFixed(3)} + ${fit.C.toFixed(2)}`, x: xs, y: xs.map(fit.predict), line: { color: "#d62728" } });
    // C is a floor the error approaches only when it falls with n.
    if (fit.alpha > 0) data.push({ type: "scatter", mode: "lines", name: `C = ${fit.C.toFixed(2)} (transfer gap)`, x: [lo, hi], y: [fit.C, fit.C], line: { dash: "dot", color: PAPER } });
  }
  // Ticks at the L values run, written as integers (a log axis would label 2×10² and the like).
  const ticks = [...new Set(points.map((p) => p.n))].sort((a, b) => a - b);
  return { data, layout: { ...baseLayout(title, xTitle, "test error (%)"), xaxis: { type: "log", title: { text: xTitle }, tickmode: "array", tickvals: ticks, ticktext: ticks.map(String) } } };
}

export interface ImageStep {
  label: string;
  /** data: URIs (PNG), one per panel. */
  images: string[];
}

/**
 * Panels of images with a slider that swaps them (Figure 2: the rendered
 * fractal and its difference map at each Δ or σ).
 */
export function imageSliderFigure(title: string, panelTitles: string[], steps: ImageStep[], sliderTitle: string): Figure {
  if (steps.length === 0) throw new Error("imageSliderFigure: no steps");
  const panels = panelTitles.length;
  const axis = (i: number) => (i === 0 ? "" : String(i + 1));
  const data = panelTitles.map((_, i) => ({ type: "image", source: steps[0].images[i], xaxis: `x${axis(i)}`, yaxis: `y${axis(i)}`, hoverinfo: "skip" }));
  const layout: Record<string, unknown> = {
    title: { text: title },
    grid: { rows: 1, columns: panels, pattern: "independent" },
    annotations: panelTitles.map((t, i) => ({ text: t, showarrow: false, xref: "paper", yref: "paper", x: (i + 0.5) / panels, y: 1.06, xanchor: "center" })),
    sliders: [{
      currentvalue: { prefix: `${sliderTitle}: ` },
      steps: steps.map((s) => ({ label: s.label, method: "restyle", args: [{ source: s.images }, panelTitles.map((_, i) => i)] })),
    }],
    margin: { t: 80 },
  };
  for (let i = 0; i < panels; i++) {
    layout[`xaxis${axis(i)}`] = { visible: false };
    layout[`yaxis${axis(i)}`] = { visible: false, scaleanchor: `x${axis(i)}` };
  }
  return { data, layout };
}
