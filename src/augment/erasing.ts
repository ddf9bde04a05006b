/**
 * timm RandomErasing, mode "pixel", one box: with probability `prob`, try up
 * to 10 boxes of area U(0.02, 1/3) of the image and aspect log-U(0.3, 1/0.3);
 * the first that fits is filled with per-pixel N(0, 1) noise. Works on the
 * normalised float image, so the noise is in normalised units.
 */
import type { Rng } from "../util/rng";

const MIN_AREA = 0.02;
const MAX_AREA = 1 / 3;
const LOG_ASPECT = Math.log(0.3);

/** Returns the erased box, or null when nothing was erased. */
export function randomErase(x: Float32Array, offset: number, size: number, channels: number, prob: number, rng: Rng): { top: number; left: number; height: number; width: number } | null {
  if (prob <= 0 || rng.next() >= prob) return null;
  const area = size * size;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * rng.uniform(MIN_AREA, MAX_AREA);
    const aspect = Math.exp(rng.uniform(LOG_ASPECT, -LOG_ASPECT));
    const h = Math.round(Math.sqrt(target * aspect));
    const w = Math.round(Math.sqrt(target / aspect));
    if (w < size && h < size && w > 0 && h > 0) {
      const top = rng.int(size - h + 1);
      const left = rng.int(size - w + 1);
      for (let y = top; y < top + h; y++) fillNormal(x, offset + (y * size + left) * channels, w * channels, rng);
      return { top, left, height: h, width: w };
    }
  }
  return null;
}

/**
 * Standard normal noise by Marsaglia's polar method: no trigonometry, so it
 * is cheaper per value than Box-Muller when filling whole boxes.
 */
export function fillNormal(x: Float32Array, start: number, count: number, rng: Rng): void {
  let i = 0;
  while (i < count) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s >= 1 || s === 0) continue;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    x[start + i++] = u * f;
    if (i < count) x[start + i++] = v * f;
  }
}
