/**
 * One table's report: the figure that suits its kind, a CSV of ours beside the
 * paper's, a standalone HTML page and (with chromium) a PNG.
 */
import { insideFolder } from "../util/paths";
import * as fs from "fs";
import * as path from "path";
import { decodePng, encodePng } from "../image/codec";
import { areaResize } from "../image/image";
import { describeFit, fitScalingLaw } from "../analysis/scalingLaw";
import type { ScalingFit, ScalingPoint } from "../analysis/scalingLaw";
import type { Preset } from "../experiments/presets";
import type { RowResult } from "../run/row";
import { runsOf, summarize } from "../analysis/summary";
import type { SummaryRow } from "../analysis/summary";
import type { TableDef } from "../experiments/tables";
import { parseCsv, toCsv } from "./csv";
import type { Cell } from "./csv";
import { htmlTable, writeFigureHtml } from "./html";
import { barFigure, imageSliderFigure, probeFigure, scalingFigure } from "./plotly";
import type { Figure } from "./plotly";
import { htmlToPng } from "./png";

/** Scaling-law points: n = the row's x (its L), error = 100 - accuracy. */
export function scalingPoints(rows: SummaryRow[]): ScalingPoint[] {
  return rows.filter((r) => r.x !== undefined && r.value && r.value.n > 0).map((r) => ({ n: r.x as number, error: 100 - r.value!.mean }));
}

export function scalingFit(rows: SummaryRow[]): ScalingFit | null {
  const points = scalingPoints(rows);
  try {
    return points.length >= 3 ? fitScalingLaw(points) : null;
  } catch {
    return null; // e.g. a run at 100 % accuracy: show the points without a curve
  }
}

/**
 * Sheets are embedded in the chart JSON once per slider step, so they are
 * shrunk to this width first: the chart stays small, and the full-size sheet
 * stays beside the results.
 */
export const GALLERY_WIDTH = 180;

function thumbnailUri(file: string): string {
  const sheet = decodePng(fs.readFileSync(file), file);
  const small = sheet.width <= GALLERY_WIDTH ? sheet : areaResize(sheet, GALLERY_WIDTH, Math.max(1, Math.round((sheet.height * GALLERY_WIDTH) / sheet.width)));
  return `data:image/png;base64,${encodePng(small).toString("base64")}`;
}

/** Figure 2: a slider over the rows' resolution sheets. */
export function galleryFigure(table: TableDef, results: RowResult[], tableDir: string): Figure {
  const steps = results.filter((r) => r.seed === 0 && r.artifacts?.sheet).map((r) => ({
    label: r.label,
    images: [thumbnailUri(insideFolder(tableDir, r.artifacts!.sheet, `${r.table} row ${r.hash} artifacts.sheet`))],
  }));
  return imageSliderFigure(table.caption, ["render at full resolution; the same at training size; difference from the base (amplified)"], steps, "setting");
}

export function figureFor(table: TableDef, rows: SummaryRow[], results: RowResult[], tableDir: string): Figure {
  switch (table.kind) {
    case "probe": return probeFigure(table, rows);
    case "scaling": return scalingFigure(table.caption, scalingPoints(rows), scalingFit(rows));
    case "gallery": return galleryFigure(table, results, tableDir);
    default: return barFigure(table, rows);
  }
}

export function summaryCsv(table: TableDef, rows: SummaryRow[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  const header = ["row", "x", "runs", ...keys.flatMap((k) => [`${k}_mean`, `${k}_sd`]), "paper"];
  const body: Cell[][] = rows.map((r) => [
    r.group, r.x ?? null, runsOf(r),
    ...keys.flatMap((k) => (r.metrics[k] ? [r.metrics[k].mean, r.metrics[k].sd] : [null, null])),
    r.paper,
  ]);
  return toCsv(header, body);
}

export interface ReportFiles {
  csv: string;
  html: string;
  png: string | null;
  rows: SummaryRow[];
  fit: ScalingFit | null;
}

/** Writes results/<table>/<preset>.csv, .html and .png. */
/** Where the rows come from, said on the page: runs from an earlier code version, planned runs not finished. */
export interface ReportStatus {
  stale: number;
  missing: number;
}

export function statusNote(table: TableDef, status: ReportStatus): string {
  const notes: string[] = [];
  if (status.stale > 0) notes.push(`<p><b>These rows are from an earlier version of the code</b> (${status.stale} runs): they were computed before the current code and preset, so they do not test it. <code>npm run reproduce -- ${table.id}</code> replaces them; a table never mixes them with current runs.</p>`);
  if (status.missing > 0) notes.push(`<p>${status.missing} planned runs have no result yet; a row without runs shows as empty, and a row's mean is over the seeds it has.</p>`);
  return notes.join("");
}

/** What a reader calls a CSV column: "accuracy@2_mean" is "top-1 after 2 blocks (%), mean". */
export function humanColumn(table: TableDef, name: string): string {
  if (name === "row") return "row";
  if (name === "x") return table.id === "scaling" ? "L" : table.id === "table7" ? "L" : table.id.startsWith("table5") ? "Δ" : "x";
  if (name === "runs") return "runs (seeds)";
  if (name === "paper") return `paper (${table.metricLabel})`;
  const m = name.match(/^(.+)_(mean|sd)$/);
  if (!m) return name;
  const metric = m[1] === table.metric ? table.metricLabel : m[1].replace(/^accuracy@(\d+)$/, "top-1 after $1 blocks (%)").replace(/^seconds$/, "seconds to build").replace(/^images$/, "images");
  return `${metric}, ${m[2] === "mean" ? "mean" : "sd over seeds"}`;
}

export async function writeTableReport(table: TableDef, preset: Preset, results: RowResult[], resultsDir: string, png = true, status: ReportStatus = { stale: 0, missing: 0 }): Promise<ReportFiles> {
  const tableDir = path.join(resultsDir, table.id);
  fs.mkdirSync(tableDir, { recursive: true });
  const rows = summarize(table, results, preset);
  const csv = path.join(tableDir, `${preset.name}.csv`);
  const csvText = summaryCsv(table, rows);
  fs.writeFileSync(csv, csvText);
  const html = path.join(tableDir, `${preset.name}.html`);
  const fit = table.kind === "scaling" ? scalingFit(rows) : null;
  const fitNote = fit ? `<p>Fit: ${describeFit(fit, Math.max(...scalingPoints(rows).map((p) => p.n)))}.</p>` : "";
  const [allHeader, ...allCells] = parseCsv(csvText.trim());
  // The page leaves out columns no row fills (x outside line charts); the CSV keeps them.
  const keep = allHeader.map((_, j) => allCells.some((r) => r[j] !== ""));
  const header = allHeader.filter((_, j) => keep[j]).map((h) => humanColumn(table, h));
  // The CSV keeps full precision; the page shows two decimals.
  const body = allCells.map((r) => r.filter((_, j) => keep[j]).map((c) => (/^-?\d+\.\d{4,}$/.test(c) ? Number(c).toFixed(2) : c)));
  writeFigureHtml(html, table.caption, [figureFor(table, rows, results, tableDir)],
    `<p>Preset <b>${preset.name}</b>: ${preset.description}</p>${statusNote(table, status)}${fitNote}` + htmlTable(header, body));
  const pngFile = path.join(tableDir, `${preset.name}.png`);
  const wrote = png ? await htmlToPng(html, pngFile) : false;
  return { csv, html, png: wrote ? pngFile : null, rows, fit };
}
