/**
 * Standalone HTML for plotly figures. plotly.js-dist-min is inlined so the file
 * works offline; notebooks use the same snippets.
 */
import * as fs from "fs";
import * as path from "path";
import type { Figure } from "./plotly";

let plotlySource: string | null = null;

export function plotlyScript(): string {
  if (!plotlySource) plotlySource = fs.readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
  return plotlySource;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c");
}

/** A div plus the script that draws `fig` into it; needs window.Plotly. */
export function figureSnippet(fig: Figure, id: string, height = 480): string {
  return `<div id="${escapeHtml(id)}" style="width:100%;height:${height}px"></div>\n` +
    `<script>Plotly.newPlot(${scriptJson(id)}, ${scriptJson(fig.data)}, ${scriptJson(fig.layout)}, {responsive: true});</script>`;
}

/** The plotly library as one script element (put it once before any snippet). */
export function plotlyScriptTag(): string {
  return `<script>${plotlyScript()}</script>`;
}

/** A complete offline page with the figures and optional extra HTML (e.g. a results table). */
export function figureHtml(title: string, figures: Figure[], extraHtml = ""): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>\n` +
    `${plotlyScriptTag()}\n</head><body style="font-family:sans-serif">\n` +
    figures.map((f, i) => figureSnippet(f, `figure-${i}`)).join("\n") +
    `\n${extraHtml}\n</body></html>\n`;
}

export function writeFigureHtml(file: string, title: string, figures: Figure[], extraHtml = ""): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, figureHtml(title, figures, extraHtml));
}

/** A simple HTML table (header + rows), for pages and notebook output. */
export function htmlTable(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null, tag: string) => `<${tag}>${escapeHtml(v === null ? "—" : String(v))}</${tag}>`;
  return `<table border="1" style="border-collapse:collapse">\n<tr>${header.map((h) => cell(h, "th")).join("")}</tr>\n` +
    rows.map((r) => `<tr>${r.map((v) => cell(v, "td")).join("")}</tr>`).join("\n") + "\n</table>";
}
