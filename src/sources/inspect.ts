/**
 * What the network sees, next to what was drawn (Figure 2, `dataset --sheet`):
 * for the base and the first k classes of a set, the render at renderSize, the
 * training-size image and its difference from the base, plus the numbers that
 * say whether a small Δ collapses the L-way task.
 */
import type { ImageSet, SyntheticDataset } from "../types";
import { differenceMap, imageAt } from "../image/contactSheet";
import { encodePng } from "../image/codec";
import { displayAt, makeImage, type Image } from "../image/image";
import { brightness, meanFill, meanPairwiseRelativeL2 } from "../image/metrics";
import { buildSource, renderBase } from "./index";

export interface SetStatistics {
  /** Mean fill rate at renderSize, from the record (sources that record a per-class fill); null otherwise. */
  fillRender: number | null;
  /** Mean fill rate of the delivered images. */
  fillTrain: number;
  /** Mean pairwise relative L2 distance between the delivered images (image/metrics.ts). */
  distance: number;
  /** Brightest pixel and mean grey of the delivered images. */
  maxGrey: number;
  meanGrey: number;
}

export function setStatistics(set: SyntheticDataset): SetStatistics {
  const fills = (set.record.classes as Array<{ fill?: unknown }>).map((c) => c.fill);
  const fillRender = fills.length > 0 && fills.every((f) => typeof f === "number") ? (fills as number[]).reduce((s, f) => s + f, 0) / fills.length : null;
  const { max, mean } = brightness(set);
  return { fillRender, fillTrain: meanFill(set), distance: set.count > 1 ? meanPairwiseRelativeL2(set) : 0, maxGrey: max, meanGrey: mean };
}

export interface ResolutionSheetOptions {
  /** Classes shown after the base. */
  k: number;
  /** Gain on the difference maps. */
  amplify: number;
  /** Side of every cell; default renderSize (the render shown pixel for pixel; a smaller cell area-downsamples it for display). */
  cell?: number;
}

/**
 * The first k classes again at renderSize: every LPCE source here draws its
 * classes in class order from per-class streams, so classes 0..k-1 of a set
 * of L are the classes of the same build with L = k (tested).
 */
async function fullResolution(name: string, params: Record<string, unknown>, seed: number, k: number): Promise<ImageSet> {
  return buildSource(name, { ...params, L: k, size: params.renderSize }, seed);
}

/**
 * Rows: render at renderSize; the training-size image; its difference from
 * the base at training size (amplified). Columns: base, then classes 0..k-1.
 */
export async function resolutionSheetImage(name: string, params: Record<string, unknown>, seed: number, set: ImageSet, o: ResolutionSheetOptions): Promise<Image> {
  if (typeof params.renderSize !== "number" || typeof params.L !== "number") throw new Error(`resolution sheet: ${name} has no renderSize and L (use the plain contact sheet)`);
  const k = Math.min(o.k, set.count);
  const renderSize = params.renderSize;
  const cell = o.cell ?? renderSize;
  const full = await fullResolution(name, params, seed, k);
  const baseFull = await renderBase(name, { ...params, size: renderSize }, seed);
  const baseSmall = await renderBase(name, params, seed);
  if (!baseFull || !baseSmall) throw new Error(`resolution sheet: ${name} has no base image`);
  const gap = 4;
  const cols = k + 1;
  const sheet = makeImage(cols * cell + (cols + 1) * gap, 3 * cell + 4 * gap, set.channels, 128);
  const put = (img: Image, col: number, row: number) => {
    const shown = displayAt(img, cell);
    const x0 = gap + col * (cell + gap);
    const y0 = gap + row * (cell + gap);
    for (let y = 0; y < cell; y++) {
      sheet.data.set(shown.data.subarray(y * cell * set.channels, (y + 1) * cell * set.channels), ((y0 + y) * sheet.width + x0) * set.channels);
    }
  };
  put(baseFull, 0, 0);
  put(baseSmall, 0, 1);
  for (let i = 0; i < k; i++) {
    put(imageAt(full, i), i + 1, 0);
    put(imageAt(set, i), i + 1, 1);
    put(differenceMap(imageAt(set, i), baseSmall, o.amplify), i + 1, 2);
  }
  return sheet;
}

export async function resolutionSheet(name: string, params: Record<string, unknown>, seed: number, set: ImageSet, o: ResolutionSheetOptions): Promise<Buffer> {
  return encodePng(await resolutionSheetImage(name, params, seed, set, o));
}

/** One line per statistic, for the CLI and notebooks. */
export function formatStatistics(s: SetStatistics): string {
  const render = s.fillRender === null ? "" : `fill at renderSize ${s.fillRender.toFixed(3)}, `;
  return `${render}fill at size ${s.fillTrain.toFixed(3)}, mean pairwise relative L2 ${s.distance.toFixed(3)}, brightest pixel ${s.maxGrey}, mean grey ${s.meanGrey.toFixed(1)}`;
}
