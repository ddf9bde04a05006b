/**
 * The compute axis in a notebook (issue 25 item 3): claims 1, 2 and 4 as
 * effect ± sd against pre-training steps, from the compute table's current
 * runs, with each claim's least-squares line on log2(steps). Nothing runs.
 */
import { COMPUTE_CLAIMS, computeAxis, fitCompute } from "../analysis/computeAxis";
import type { ComputeFit, ComputePoint } from "../analysis/computeAxis";
import { MORE_SEEDS } from "../analysis/scoreboard";
import { summarize } from "../analysis/summary";
import { getPreset } from "../experiments/presets";
import { getTable } from "../experiments/tables";
import type { Figure } from "../report/plotly";
import type { FrameRow } from "../report/frame";
import { loadCachedResults, planTable } from "../run/runner";
import { signed } from "../util/markdown";

export interface ComputeAxisRun {
  points: ComputePoint[];
  fits: ComputeFit[];
  /** Current-version runs found, and how many the table plans. */
  runs: number;
  planned: number;
}

/** The compute table's current runs at a preset (its ×1 rows are Table 5's and Table 4's runs). */
export function loadComputeAxis(resultsDir: string, backend: string, presetName = "cpu", seeds = MORE_SEEDS): ComputeAxisRun {
  const preset = getPreset(presetName);
  const table = getTable("compute");
  const tasks = planTable(table, { preset, backend, seeds });
  const results = loadCachedResults(tasks, resultsDir);
  const points = computeAxis(summarize(table, results, preset), preset.base.pretrain.steps);
  return { points, fits: fitCompute(points), runs: results.length, planned: tasks.length };
}

export function computeRecords(points: ComputePoint[]): FrameRow[] {
  return points.map((p) => ({ claim: p.claim, effect: p.what, "pre-training steps": p.steps, "ours (points of top-1)": Number(p.effect.toFixed(1)), sd: Number(p.sd.toFixed(1)), pairs: p.pairs }));
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c"];

/** One colour per claim: its effects with ± sd bars at each step count, and its fitted line where it has two or more. */
export function computeFigure(points: ComputePoint[], fits: ComputeFit[], presetSteps: number): Figure {
  const steps = [...new Set(points.map((p) => p.steps))].sort((a, b) => a - b);
  const data = COMPUTE_CLAIMS.flatMap((c, i) => {
    const ps = points.filter((p) => p.claim === c.claim).sort((a, b) => a.steps - b.steps);
    if (ps.length === 0) return [];
    const colour = COLOURS[i % COLOURS.length];
    const marks = {
      type: "scatter", mode: "markers", name: `claim ${c.claim}: ${c.what}`, x: ps.map((p) => p.steps), y: ps.map((p) => p.effect),
      error_y: { type: "data", array: ps.map((p) => p.sd), visible: true, color: colour }, marker: { size: 10, color: colour },
    };
    const fit = fits.find((f) => f.claim === c.claim);
    if (!fit) return [marks];
    const xs = [ps[0].steps, ps[ps.length - 1].steps];
    const line = {
      type: "scatter", mode: "lines", name: `fit: ${signed(fit.perDoubling)} per doubling`, x: xs,
      y: xs.map((s) => fit.intercept + fit.perDoubling * Math.log2(s / presetSteps)), line: { color: colour, dash: "dot", width: 1.5 },
    };
    return [marks, line];
  });
  return {
    data,
    layout: {
      title: { text: "Claims 1, 2 and 4 against pre-training steps: effect ± sd over seeds" },
      xaxis: { title: { text: "pre-training steps" }, type: "log", tickvals: steps, ticktext: steps.map((s) => s.toLocaleString("en-US")) },
      yaxis: { title: { text: "effect (points of top-1)" }, zeroline: true },
      margin: { t: 60, l: 70, r: 20, b: 110 },
      legend: { orientation: "h", y: -0.2, yanchor: "top" },
    },
  };
}
