/**
 * Per-step learning rate: linear warmup then cosine decay to minLr (timm's
 * cosine scheduler, stepped per iteration rather than per epoch).
 *
 * Step s (0-based) of `totalSteps`: during warmup lr = peak·(s+1)/warmupSteps,
 * so the last warmup step reaches the peak; afterwards
 * lr = minLr + ½(peak − minLr)(1 + cos(π·(s − warmup)/(total − warmup))).
 */
export interface Schedule {
  peakLr: number;
  minLr: number;
  warmupSteps: number;
  totalSteps: number;
}

/**
 * Optimiser steps in one epoch of `count` images at `batchSize`: whole batches
 * only, and at least one, so a set smaller than a batch (Table 7's smallest L)
 * trains at the same batch as the rest, its images repeated (epochOrder).
 */
export function trainStepsPerEpoch(count: number, batchSize: number): number {
  return Math.max(1, Math.floor(count / batchSize));
}

/** timm's linear scaling rule: lr = baseLr × batch / referenceBatch (512 in DeiT). */
export function scaledLr(baseLr: number, batchSize: number, referenceBatch: number): number {
  return (baseLr * batchSize) / referenceBatch;
}

export function lrAt(s: Schedule, step: number): number {
  if (step < s.warmupSteps) return (s.peakLr * (step + 1)) / s.warmupSteps;
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const t = Math.min(1, (step - s.warmupSteps) / span);
  return s.minLr + 0.5 * (s.peakLr - s.minLr) * (1 + Math.cos(Math.PI * t));
}
