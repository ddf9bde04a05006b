/**
 * Standalone HTML for plotly figures. Pages never inline plotly.js (4.8 MB):
 * each loads the one shared copy, `<resultsDir>/plotly.min.js`, through a
 * relative script tag, which also works over file://. A page opened without
 * that file says so in one line where the chart would be.
 */
import * as fs from "fs";
import * as path from "path";
import type { Figure } from "./plotly";

/** The shared bundle's file name, next to the table folders. */
export const PLOTLY_BUNDLE = "plotly.min.js";
/** From results/<table>/<preset>.html to results/plotly.min.js. */
export const PLOTLY_SRC = `../${PLOTLY_BUNDLE}`;

export function plotlySourceFile(): string {
  return require.resolve("plotly.js-dist-min");
}

/** Copies plotly.js to `<dir>/plotly.min.js` unless an identical copy is there; returns its path. */
export function ensurePlotlyBundle(dir: string): string {
  const target = path.join(dir, PLOTLY_BUNDLE);
  const source = fs.readFileSync(plotlySourceFile());
  if (!fs.existsSync(target) || !fs.readFileSync(target).equals(source)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(target, source);
  }
  return target;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c");
}

/** The line a page shows instead of its chart when the shared bundle did not load. */
export function missingBundleLine(src: string): string {
  return `Chart not drawn: the shared plotly.js bundle ${src} (results/${PLOTLY_BUNDLE} in the repository) is missing next to this folder.`;
}

/** A div plus the script that draws `fig` into it, or writes the missing-bundle line there. */
export function figureSnippet(fig: Figure, id: string, height = 480, src = PLOTLY_SRC): string {
  const el = `document.getElementById(${scriptJson(id)})`;
  return `<div id="${escapeHtml(id)}" style="width:100%;height:${height}px"></div>\n` +
    `<script>if (window.Plotly) Plotly.newPlot(${scriptJson(id)}, ${scriptJson(fig.data)}, ${scriptJson(fig.layout)}, {responsive: true});\n` +
    `else ${el}.textContent = ${scriptJson(missingBundleLine(src))};</script>`;
}

/** A complete page with the figures and optional extra HTML (e.g. a results table); `src` is plotly.js relative to the page. */
export function figureHtml(title: string, figures: Figure[], extraHtml = "", src = PLOTLY_SRC): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>\n` +
    `<script src="${escapeHtml(src)}"></script>\n</head><body style="font-family:sans-serif">\n` +
    figures.map((f, i) => figureSnippet(f, `figure-${i}`, 480, src)).join("\n") +
    `\n${extraHtml}\n</body></html>\n`;
}

/** Writes the page and makes sure the shared bundle sits where `src` points. */
export function writeFigureHtml(file: string, title: string, figures: Figure[], extraHtml = "", src = PLOTLY_SRC): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  ensurePlotlyBundle(path.dirname(path.resolve(path.dirname(file), src)));
  fs.writeFileSync(file, figureHtml(title, figures, extraHtml, src));
}

/** A simple HTML table (header + rows), for pages and notebook output. */
export function htmlTable(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null, tag: string) => `<${tag}>${escapeHtml(v === null ? "—" : String(v))}</${tag}>`;
  return `<table border="1" style="border-collapse:collapse">\n<tr>${header.map((h) => cell(h, "th")).join("")}</tr>\n` +
    rows.map((r) => `<tr>${r.map((v) => cell(v, "td")).join("")}</tr>`).join("\n") + "\n</table>";
}
