/**
 * Image-set statistics behind the Figure 2 table: how much of the canvas a
 * class covers, and how far the classes are from each other, the quantity
 * that decides whether a small Δ collapses the L-way task.
 */
import type { ImageSet } from "../types";

function view(set: ImageSet, i: number): Uint8Array {
  const n = set.height * set.width * set.channels;
  return set.images.subarray(i * n, (i + 1) * n);
}

/**
 * Mean over all pairs i < j of ||x_i − x_j|| / ((||x_i|| + ||x_j||) / 2):
 * 0 for identical images, 2 for disjoint ones of equal norm. Pairs of two
 * black images count as 0.
 */
export function meanPairwiseRelativeL2(set: ImageSet): number {
  if (set.count < 2) throw new Error(`meanPairwiseRelativeL2: need at least 2 images, got ${set.count}`);
  const norms = Array.from({ length: set.count }, (_, i) => Math.sqrt(view(set, i).reduce((s, v) => s + v * v, 0)));
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < set.count; i++) {
    const a = view(set, i);
    for (let j = i + 1; j < set.count; j++) {
      const b = view(set, j);
      let d = 0;
      for (let p = 0; p < a.length; p++) d += (a[p] - b[p]) ** 2;
      const scale = (norms[i] + norms[j]) / 2;
      total += scale > 0 ? Math.sqrt(d) / scale : 0;
      pairs++;
    }
  }
  return total / pairs;
}

/** Mean fraction of non-zero pixels over the set's images. */
export function meanFill(set: ImageSet): number {
  let nonZero = 0;
  for (let i = 0; i < set.images.length; i++) if (set.images[i] !== 0) nonZero++;
  return nonZero / set.images.length;
}

/** Brightest pixel and mean grey over the set (how faint strokes get after downsampling). */
export function brightness(set: ImageSet): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < set.images.length; i++) {
    const v = set.images[i];
    if (v > max) max = v;
    sum += v;
  }
  return { max, mean: sum / set.images.length };
}
