/**
 * Contact sheet in the style of the paper's Figure 2: the base image and k
 * perturbed classes in the top row, and under each perturbation its amplified
 * absolute difference from the base, so small Δ changes become visible.
 */
import type { ImageSet } from "../types";
import { encodePng } from "./codec";
import { Image, makeImage } from "./image";

/** |a - b| · amplify per pixel and channel, clipped to 255. */
export function differenceMap(a: Image, b: Image, amplify = 1): Image {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new Error(`differenceMap: shapes differ (${a.width}x${a.height}x${a.channels} vs ${b.width}x${b.height}x${b.channels})`);
  }
  const out = makeImage(a.width, a.height, a.channels);
  for (let i = 0; i < a.data.length; i++) out.data[i] = Math.min(255, Math.abs(a.data[i] - b.data[i]) * amplify);
  return out;
}

/** Image i of a set, as a view (no copy). */
export function imageAt(set: ImageSet, i: number): Image {
  if (!(i >= 0 && i < set.count)) throw new Error(`imageAt: index ${i} outside [0, ${set.count})`);
  const n = set.height * set.width * set.channels;
  return { data: set.images.subarray(i * n, (i + 1) * n), width: set.width, height: set.height, channels: set.channels };
}

export interface ContactSheetOptions {
  /** Number of perturbed classes shown (first image of each of the first k classes). */
  k: number;
  /** Gain on the difference maps. */
  amplify: number;
  /** The unperturbed image; defaults to the set's first image. */
  base?: Image;
  /** Gap between cells in pixels. */
  gap?: number;
}

/** Composes the sheet as an image (2 rows x (k+1) columns). */
export function contactSheetImage(set: ImageSet, opts: ContactSheetOptions): Image {
  const { amplify, gap = 2 } = opts;
  if (!(Number.isInteger(opts.k) && opts.k >= 1)) throw new Error(`contactSheet: k must be a positive integer, got ${opts.k}`);
  const firstOfClass = new Map<number, number>();
  for (let i = 0; i < set.count; i++) if (!firstOfClass.has(set.labels[i])) firstOfClass.set(set.labels[i], i);
  const shown = [...firstOfClass.keys()].sort((a, b) => a - b).slice(0, opts.k).map((c) => imageAt(set, firstOfClass.get(c) as number));
  const base = opts.base ?? imageAt(set, 0);
  if (base.width !== set.width || base.height !== set.height || base.channels !== set.channels) {
    throw new Error(`contactSheet: base is ${base.width}x${base.height}x${base.channels}, set images are ${set.width}x${set.height}x${set.channels}`);
  }
  const cols = shown.length + 1;
  const { width: w, height: h, channels: ch } = set;
  const sheet = makeImage(cols * w + (cols + 1) * gap, 2 * h + 3 * gap, ch, 128);
  const put = (img: Image, col: number, row: number) => {
    const x0 = gap + col * (w + gap);
    const y0 = gap + row * (h + gap);
    for (let y = 0; y < h; y++) {
      sheet.data.set(img.data.subarray(y * w * ch, (y + 1) * w * ch), ((y0 + y) * sheet.width + x0) * ch);
    }
  };
  put(base, 0, 0);
  shown.forEach((img, i) => {
    put(img, i + 1, 0);
    put(differenceMap(img, base, amplify), i + 1, 1);
  });
  return sheet;
}

/** The sheet as PNG bytes. */
export function contactSheet(set: ImageSet, opts: ContactSheetOptions): Buffer {
  return encodePng(contactSheetImage(set, opts));
}
