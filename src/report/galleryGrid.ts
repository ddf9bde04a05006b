/**
 * Figure 2 as static images that teach (issue 26): one labelled grid per σ,
 * columns the base and Δ ∈ {0.001, 0.01, 0.1, 1}, rows the full-resolution
 * render, what the network sees (the training-size image, pixels enlarged)
 * and its difference from the base at training size, scaled so the grid's
 * largest difference is white (the gain is written on the row). Laid out as
 * HTML and photographed by chromium, so the labels are real text; GitHub and
 * nbconvert show the PNG as it is.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { decodePng, encodePng } from "../image/codec";
import { differenceMap, imageAt } from "../image/contactSheet";
import { displayAt, toGray } from "../image/image";
import type { Image } from "../image/image";
import type { ImageSet } from "../types";
import type { Preset } from "../experiments/presets";
import { buildSource, renderBase, resolveParams } from "../sources";
import { htmlToPng } from "./png";

export const GALLERY_DELTAS = [0.001, 0.01, 0.1, 1];
export const GALLERY_SIGMAS = [3.5, 4.5, 5.9];

export interface GridSpec {
  title: string;
  columns: string[];
  rows: string[];
  /** PNG data URIs, rows × columns. */
  cells: string[][];
  tile: number;
  note: string;
}

const LABEL_WIDTH = 200;
const HEADER = 36;
const TITLE = 44;
const NOTE = 48;
const GAP = 6;

/** Pixel size of a grid's image: fixed by the layout, so a test can check it without a browser. */
export function gridSize(g: Pick<GridSpec, "columns" | "rows" | "tile">): { width: number; height: number } {
  return { width: LABEL_WIDTH + g.columns.length * (g.tile + GAP) + GAP, height: TITLE + HEADER + g.rows.length * (g.tile + GAP) + NOTE };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function gridHtml(g: GridSpec): string {
  if (g.cells.length !== g.rows.length || g.cells.some((r) => r.length !== g.columns.length)) throw new Error(`gallery grid: expected ${g.rows.length} × ${g.columns.length} cells`);
  const { width, height } = gridSize(g);
  const cols = `${LABEL_WIDTH}px ${g.columns.map(() => `${g.tile}px`).join(" ")}`;
  const head = `<div></div>${g.columns.map((c) => `<div class="col">${esc(c)}</div>`).join("")}`;
  const body = g.rows.map((r, i) => `<div class="row">${esc(r)}</div>${g.cells[i].map((uri) => `<img src="${uri}" width="${g.tile}" height="${g.tile}">`).join("")}`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;width:${width}px;height:${height}px;background:#fff;font:15px/1.25 sans-serif;color:#111;overflow:hidden}
h1{font-size:18px;margin:0;height:${TITLE}px;line-height:${TITLE}px;padding-left:12px;white-space:nowrap}
.grid{display:grid;grid-template-columns:${cols};grid-template-rows:${HEADER}px ${g.rows.map(() => `${g.tile}px`).join(" ")};gap:${GAP}px}
.col{text-align:center;align-self:end;font-weight:bold}.row{align-self:center;text-align:right;padding-right:10px}
img{image-rendering:pixelated;background:#000;display:block}p{margin:6px 12px;font-size:13px;color:#444}
</style></head><body><h1>${esc(g.title)}</h1><div class="grid">${head}${body}</div><p>${esc(g.note)}</p></body></html>`;
}

const uri = (img: Image) => `data:image/png;base64,${encodePng(img).toString("base64")}`;

interface Column {
  label: string;
  full: Image;
  small: Image;
}

/**
 * Rows render / training size / difference from `base` for each column, the
 * difference scaled so the grid's largest one is white, the gain stated.
 */
function tileGrid(title: string, columns: Column[], base: Image, sizes: { render: number; train: number }, tile: number, lead: string): GridSpec {
  let largest = 1;
  for (const c of columns) for (let i = 0; i < c.small.data.length; i++) largest = Math.max(largest, Math.abs(c.small.data[i] - base.data[i]));
  const gain = Math.max(1, Math.floor(255 / largest));
  return {
    title,
    columns: columns.map((c) => c.label),
    rows: [`render at ${sizes.render} px`, `what the network sees (${sizes.train} px)`, `|difference from base| × ${gain}`],
    cells: [columns.map((c) => uri(displayAt(c.full, tile))), columns.map((c) => uri(displayAt(c.small, tile))), columns.map((c) => uri(displayAt(differenceMap(c.small, base, gain), tile)))],
    tile,
    note: `${lead} The last row is the pixel difference at ${sizes.train} px, multiplied by ${gain} so that the grid's largest difference (${largest} of 255) is white.`,
  };
}

/** The grid for one σ at a preset's 1p-frac parameters: class 0 of each Δ (classes are drawn in order, so it is class 0 of the set of L). */
export async function galleryGrid(preset: Preset, sigma: number, seed = 0, tile = 160): Promise<GridSpec> {
  const params = resolveParams("1p-frac", { ...preset.sourceParams["1p-frac"], sigma }) as Record<string, unknown>;
  const sizes = { render: params.renderSize as number, train: params.size as number };
  const base = { full: (await renderBase("1p-frac", { ...params, size: sizes.render }, seed))!, small: (await renderBase("1p-frac", params, seed))! };
  const columns: Column[] = [{ label: "base (Δ = 0)", ...base }];
  for (const delta of GALLERY_DELTAS) {
    const one = { ...params, delta, L: 1 };
    columns.push({ label: `Δ = ${delta}`, full: imageAt(await buildSource("1p-frac", { ...one, size: sizes.render }, seed), 0), small: imageAt(await buildSource("1p-frac", one, seed), 0) });
  }
  return tileGrid(`1p-frac, σ = ${sigma}: what Δ does (seed ${seed}, preset ${preset.name})`, columns, base.small, sizes, tile, "Each column is class 0 of a set perturbed by Δ.");
}

/** `dataset --sheet`'s labelled grid: the base and classes 0..k-1 of a built LPCE set. */
export async function setGrid(name: string, params: Record<string, unknown>, seed: number, set: ImageSet, k: number, tile = 160): Promise<GridSpec> {
  const sizes = { render: params.renderSize as number, train: params.size as number };
  const n = Math.min(k, set.count);
  // Classes are drawn in order from per-class streams: the first n of the set are the set of L = n.
  const full = await buildSource(name, { ...params, L: n, size: sizes.render }, seed);
  const base = { full: (await renderBase(name, { ...params, size: sizes.render }, seed))!, small: (await renderBase(name, params, seed))! };
  const columns: Column[] = [{ label: "base (Δ = 0)", ...base }, ...Array.from({ length: n }, (_, i) => ({ label: `class ${i}`, full: imageAt(full, i), small: imageAt(set, i) }))];
  return tileGrid(`${name}, seed ${seed}: the base and the first ${n} classes`, columns, base.small, sizes, tile, `Δ = ${params.delta}.`);
}

/** A grid as a grey PNG at `file`; false without chromium. */
export async function writeGridPng(g: GridSpec, file: string): Promise<boolean> {
  // The page is only the PNG's source: it goes to a temporary folder, not beside the results.
  const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sb-grid-")), "grid.html");
  fs.writeFileSync(html, gridHtml(g));
  if (!(await htmlToPng(html, file, gridSize(g), "h1"))) return false;
  // The page is black, white and grey: one grey channel keeps it whole at a third of the bytes.
  fs.writeFileSync(file, encodePng(toGray(decodePng(fs.readFileSync(file), file))));
  return true;
}

/** Writes results/figure2/grid-sigma-<σ>.png for every σ; returns the PNG paths written (none without chromium). */
export async function writeGalleryGrids(dir: string, preset: Preset, seed = 0): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const sigma of GALLERY_SIGMAS) {
    const png = path.join(dir, `grid-sigma-${sigma}.png`);
    if (await writeGridPng(await galleryGrid(preset, sigma, seed), png)) written.push(png);
  }
  return written;
}
