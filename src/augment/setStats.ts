/**
 * The training set's own pixel statistics, for `normalize: "set"`: per stored
 * channel, the mean and standard deviation of value / 255 over every pixel of
 * every image. channelStats maps them onto the target's channels as it does
 * fixed statistics.
 */
import type { ImageSet } from "../types";
import type { AugmentConfig } from "./config";

export interface Normalization {
  mean: number[];
  std: number[];
}

export function pixelStatistics(data: ImageSet, what = "training set"): Normalization {
  const c = data.channels;
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
  const n = data.images.length / c;
  if (!(n > 0)) throw new Error(`normalize "set": the ${what} has no pixels`);
  for (let i = 0; i < data.images.length; i++) {
    const v = data.images[i] / 255;
    sum[i % c] += v;
    sq[i % c] += v * v;
  }
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sq, (s, k) => Math.sqrt(Math.max(0, s / n - mean[k] * mean[k])));
  const flat = std.findIndex((s) => !(s > 1e-6));
  if (flat >= 0) throw new Error(`normalize "set": the ${what} is constant in channel ${flat} (every pixel ${Math.round(mean[flat] * 255)}, std 0), so it cannot be normalised by its own statistics; use normalize "fixed"`);
  return { mean, std };
}

/** The statistics a loop normalises with: its own, or (normalize "set") the set's. */
export function resolveNormalization(cfg: AugmentConfig, data: ImageSet): Normalization {
  return cfg.normalize === "set" ? pixelStatistics(data) : { mean: [...cfg.mean], std: [...cfg.std] };
}
