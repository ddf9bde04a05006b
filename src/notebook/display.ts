/**
 * Notebook outputs as MIME bundles. tslab's public `display` sends one MIME
 * type per output; its kernel module (tslab/dist/jupyter.js, loaded in the
 * kernel process) exports `lastWriteDisplayData`, which sends a whole bundle.
 * A chart is ONE output holding {plotly JSON, PNG, one line of text} and no
 * HTML: JupyterLab (plotly's renderer) and VS Code draw the JSON, while GitHub,
 * nbviewer and nbconvert, which pick HTML first and would show an empty div,
 * show the PNG.
 */
import * as fs from "fs";
import * as path from "path";
import { writeGalleryGrids } from "../report/galleryGrid";
import type { DataFrame } from "danfojs-node";
import type { TableRun } from "./session";
import { htmlTable } from "../report/html";
import type { Figure } from "../report/plotly";
import { figurePng } from "../report/png";
import { palettePng } from "../report/pngPalette";
import type { Size } from "../report/png";
import { figureFor } from "../report/tableReport";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export type MimeBundle = Record<string, unknown>;

/** The part of tslab's `display` the fallback uses (pass `tslab.display`). */
export interface TslabDisplay {
  png(b: Uint8Array): void;
  html(s: string): void;
  markdown(s: string): void;
  text(s: string): void;
}

export type BundleWriter = (msg: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

const KERNEL_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** tslab's current bundle writer, found among the loaded modules; null outside a tslab kernel. */
export function bundleWriter(cache: Record<string, { exports?: unknown } | undefined> = require.cache): BundleWriter | null {
  for (const [file, mod] of Object.entries(cache)) {
    if (!KERNEL_MODULE.test(file)) continue;
    // Read at call time: the kernel swaps the writer for every executed cell.
    const writer = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === "function") return writer as BundleWriter;
  }
  return null;
}

/**
 * Sends `bundle` as one output. Without tslab's writer, the richest single type
 * the fallback `display` can send instead: PNG, then HTML, markdown, text.
 */
export function showBundle(bundle: MimeBundle, display: TslabDisplay, writer = bundleWriter()): void {
  if (writer) {
    writer({ data: bundle, metadata: {}, transient: {} }, false);
    return;
  }
  if (typeof bundle["image/png"] === "string") display.png(Buffer.from(bundle["image/png"], "base64"));
  else if (typeof bundle["text/html"] === "string") display.html(bundle["text/html"]);
  else if (typeof bundle["text/markdown"] === "string") display.markdown(bundle["text/markdown"]);
  else display.text(String(bundle["text/plain"] ?? ""));
}

function figureTitle(fig: Figure): string {
  const title = fig.layout.title as { text?: string } | undefined;
  return title?.text ?? "chart";
}

/** A chart's bundle: the figure with an explicit height, its PNG (when chromium is there) and one line of text. */
export async function chartBundle(fig: Figure, size: Size = { width: 900, height: 480 }): Promise<MimeBundle> {
  const figure: Figure = { data: fig.data, layout: { ...fig.layout, height: size.height } };
  const png = await figurePng(figure, size);
  return {
    [PLOTLY_MIME]: figure,
    ...(png ? { "image/png": palettePng(png).toString("base64") } : {}),
    "text/plain": `[plotly chart: ${figureTitle(fig)}]`,
  };
}

/**
 * The table's own figure (bars, probe lines, scaling fit) as one output. A
 * gallery shows its first labelled static grid (report/galleryGrid.ts), which
 * every viewer shows whole; the interactive slider stays in the report page.
 */
export async function showChart(run: TableRun, display: TslabDisplay): Promise<void> {
  if (run.table.kind === "gallery" && !run.tried) {
    const files = await writeGalleryGrids(path.dirname(run.csv), run.preset);
    if (files.length === 0) {
      console.log("no chromium: the Figure 2 grids are not drawn");
      return;
    }
    showBundle({ "image/png": fs.readFileSync(files[0]).toString("base64"), "text/plain": `[Figure 2 grid: ${path.basename(files[0])}]` }, display);
    console.log(`the grids for every σ: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
    return;
  }
  // A gallery PNG is photo-like and compresses badly: it is drawn smaller than the charts.
  showBundle(await chartBundle(figureFor(run.table, run.rows, run.results, path.dirname(run.csv)), run.table.kind === "gallery" ? { width: 620, height: 440 } : { width: 900, height: 480 }), display);
}

/** A danfojs DataFrame as a rendered HTML table, with its box-drawing text for plain front ends. */
export function frameBundle(df: DataFrame): MimeBundle {
  const header = ["", ...df.columns];
  const rows = (df.values as (string | number | null)[][]).map((r, i) => [String(df.index[i]), ...r]);
  return { "text/html": htmlTable(header, rows), "text/plain": df.toString() };
}

export function showFrame(df: DataFrame, display: TslabDisplay): void {
  showBundle(frameBundle(df), display);
}

export function showMarkdown(markdown: string, display: TslabDisplay): void {
  showBundle({ "text/markdown": markdown, "text/plain": markdown }, display);
}
