/**
 * RandAugment as timm's "rand-m9-mstd0.5-inc1" (the DeiT setting): pick
 * `ops` operations with replacement, apply each with probability 0.5, each
 * with magnitude ~ N(m, mstd) clipped to [0, 10]. Op set and level mappings
 * follow timm's "increasing" variants (stronger magnitude = stronger change);
 * geometric ops fill uncovered pixels with the normalisation mean, so they
 * land on 0 after normalising.
 */
import type { Rng } from "../util/rng";
import { affine, autoContrast, brightness, contrast, equalize, ImageView, posterize, saturation, sharpness, solarize } from "./pixelOps";

const MAX_LEVEL = 10;
const OP_PROB = 0.5;

export const RAND_AUGMENT_OPS = [
  "identity", "autoContrast", "equalize", "rotate", "solarize", "color", "posterize",
  "contrast", "brightness", "sharpness", "shearX", "shearY", "translateX", "translateY",
] as const;
export type RandAugmentOp = (typeof RAND_AUGMENT_OPS)[number];

function signed(v: number, rng: Rng): number {
  return rng.next() < 0.5 ? -v : v;
}

/** Enhance factor 1 +- 0.9 * m/10, i.e. in [0.1, 1.9]. */
function enhanceFactor(level: number, rng: Rng): number {
  return 1 + signed((level / MAX_LEVEL) * 0.9, rng);
}

/** Apply one op at magnitude `level` (0..10). */
export function applyOp(op: RandAugmentOp, img: ImageView, level: number, rng: Rng): void {
  const frac = level / MAX_LEVEL;
  const size = img.size;
  switch (op) {
    case "identity":
      return;
    case "autoContrast":
      return autoContrast(img);
    case "equalize":
      return equalize(img);
    case "rotate": {
      const t = (signed(frac * 30, rng) * Math.PI) / 180;
      const cos = Math.cos(t);
      const sin = Math.sin(t);
      const h = size / 2;
      return affine(img, cos, sin, h - cos * h - sin * h, -sin, cos, h + sin * h - cos * h);
    }
    case "solarize":
      return solarize(img, 256 - Math.floor(frac * 256));
    case "posterize":
      return posterize(img, 4 - Math.floor(frac * 4));
    case "color":
      return saturation(img, enhanceFactor(level, rng));
    case "contrast":
      return contrast(img, enhanceFactor(level, rng));
    case "brightness":
      return brightness(img, enhanceFactor(level, rng));
    case "sharpness":
      return sharpness(img, enhanceFactor(level, rng));
    case "shearX":
      return affine(img, 1, signed(frac * 0.3, rng), 0, 0, 1, 0);
    case "shearY":
      return affine(img, 1, 0, 0, signed(frac * 0.3, rng), 1, 0);
    case "translateX":
      return affine(img, 1, 0, signed(frac * 0.45 * size, rng), 0, 1, 0);
    case "translateY":
      return affine(img, 1, 0, 0, 0, 1, signed(frac * 0.45 * size, rng));
  }
}

export function randAugment(img: ImageView, ops: number, magnitude: number, magnitudeStd: number, rng: Rng): void {
  for (let k = 0; k < ops; k++) {
    const op = RAND_AUGMENT_OPS[rng.int(RAND_AUGMENT_OPS.length)];
    if (rng.next() > OP_PROB) continue;
    let level = magnitude;
    if (magnitudeStd > 0) level = Math.min(MAX_LEVEL, Math.max(0, magnitude + magnitudeStd * rng.normal()));
    applyOp(op, img, level, rng);
  }
}
