/** HTML for notebook output cells (tslab's display.html). */
import { figureFor } from "./tableReport";
import { figureSnippet, htmlTable, plotlyScriptTag } from "./html";
import type { Figure } from "./plotly";
import type { TableRun } from "../experiments/session";
import { formatStat } from "../experiments/summary";
import * as path from "path";

let counter = 0;

/**
 * A chart as an output cell. The first chart of a notebook carries plotly.js
 * inline (offline); later ones reuse window.Plotly.
 */
export function chartHtml(fig: Figure, height = 480): string {
  const id = `sb-chart-${process.pid}-${counter++}`;
  return (counter === 1 ? plotlyScriptTag() + "\n" : "") + figureSnippet(fig, id, height);
}

/** The table's own figure (bars, probe lines, scaling fit or gallery slider). */
export function tableChartHtml(run: TableRun): string {
  return chartHtml(figureFor(run.table, run.rows, run.results, path.dirname(run.csv)), run.table.kind === "gallery" ? 640 : 480);
}

/** Ours beside the paper's, as a small HTML table. */
export function summaryHtml(run: TableRun): string {
  const digits = run.table.kind === "construction" ? 2 : 1;
  return htmlTable(["row", `ours: ${run.table.metricLabel}`, "paper"], run.rows.map((r) => [r.group, formatStat(r.value, digits), r.paper]));
}
