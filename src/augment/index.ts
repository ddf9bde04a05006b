/**
 * DeiT-style augmentation: uint8 NHWC images in, normalised float NHWC batch
 * with soft targets out. Plain TypeScript on typed arrays, seeded by the Rng
 * passed in (same seed = identical batch).
 */
import type { ImageSet } from "../datasets/types";
import type { Rng } from "../util/rng";
import type { AugmentConfig } from "./config";

export { AugmentConfig, DEIT_PRETRAIN_AUGMENT, DEIT_FINETUNE_AUGMENT, NO_AUGMENT, validateAugmentConfig } from "./config";

export interface Batch {
  /** n*size*size*channels, NHWC, normalised. */
  x: Float32Array;
  /** n*numClasses soft targets, rows sum to 1. */
  y: Float32Array;
  labels: Int32Array;
  n: number;
  size: number;
  channels: number;
  numClasses: number;
}

export function augmentBatch(data: ImageSet, indices: ArrayLike<number>, cfg: AugmentConfig, target: { size: number; channels: number }, rng: Rng): Batch {
  void data; void indices; void cfg; void target; void rng;
  throw new Error("augmentBatch: not implemented yet");
}

export function evalBatch(data: ImageSet, indices: ArrayLike<number>, target: { size: number; channels: number }, mean: number[], std: number[]): Batch {
  void data; void indices; void target; void mean; void std;
  throw new Error("evalBatch: not implemented yet");
}
