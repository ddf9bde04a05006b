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
      for (let y = top; y < top + h; y++) {
        const base = offset + (y * size + left) * channels;
        for (let i = 0; i < w * channels; i++) x[base + i] = rng.normal();
      }
      return { top, left, height: h, width: w };
    }
  }
  return null;
}
