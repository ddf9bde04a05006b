/** Beta(alpha, alpha) samples for mixup/cutmix, drawn from the caller's Rng. */
import type { Rng } from "../util/rng";

/** Gamma(shape, 1) by Marsaglia-Tsang; shape < 1 uses the u^(1/shape) boost. */
export function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) {
    const g = sampleGamma(shape + 1, rng);
    let u = 0;
    while (u === 0) u = rng.next();
    return g * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const t = 1 + c * z;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.next();
    if (u > 0 && Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(a: number, b: number, rng: Rng): number {
  const x = sampleGamma(a, rng);
  const y = sampleGamma(b, rng);
  return x + y > 0 ? x / (x + y) : 0.5;
}
