/**
 * DeiT-style augmentation: uint8 NHWC images in, normalised float NHWC batch
 * with soft targets out. Plain TypeScript on typed arrays, seeded by the Rng
 * passed in (same seed and same Rng state = identical batch).
 *
 * Per image, in timm's order: RandomResizedCrop (or plain resize) with flips
 * and channel conversion -> RandAugment (or colour jitter, which timm ignores
 * when RandAugment is on) -> normalise -> random erasing. Per batch: mixup or
 * cutmix, then label-smoothed soft targets.
 *
 * Where this differs from timm's DeiT pipeline (deliberately):
 * - resampling is bilinear with PIL-style antialiasing (DeiT trains with
 *   bicubic); evaluation is a plain resize of the whole image, not resize to
 *   size/0.875 plus centre crop, because our images are already small;
 * - RandAugment's op set has identity and no invert / solarize-add (see
 *   randAugment.ts); geometric ops fill with the normalisation mean, which is
 *   what timm's img_mean hyper-parameter gives for the same mean.
 */
import type { ImageSet } from "../types";
import type { Rng } from "../util/rng";
import { colorJitter } from "./colorJitter";
import { AugmentConfig, channelStats, validateAugmentConfig } from "./config";
import { randomErase } from "./erasing";
import { drawMix, MixInfo, mixImages, mixTargets } from "./mix";
import type { ImageView } from "./pixelOps";
import { randAugment } from "./randAugment";
import { CropBox, fullBox, randomResizedCropBox, Resampler, toByte } from "./resample";

export type { AugmentConfig } from "./config";
export { DEIT_PRETRAIN_AUGMENT, DEIT_LIGHT_PRETRAIN_AUGMENT, DEIT_FINETUNE_AUGMENT, NO_AUGMENT, validateAugmentConfig, channelStats } from "./config";
export type { MixInfo } from "./mix";
export { RAND_AUGMENT_OPS, applyOp } from "./randAugment";
export type { RandAugmentOp } from "./randAugment";

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
  /** How the batch was mixed (augmentBatch only). */
  mix?: MixInfo;
}

export interface AugmentTarget {
  size: number;
  channels: number;
}

/** Scratch buffers reused across calls (JS is single-threaded, so one set suffices). */
const resampler = new Resampler();
let work = new Uint8Array(0);
let scratch = new Uint8Array(0);

function checkInputs(data: ImageSet, indices: ArrayLike<number>, target: AugmentTarget): void {
  if (!Number.isInteger(target.size) || target.size < 1) throw new Error(`augment: target.size must be a positive integer, got ${target.size}`);
  if (target.channels !== 1 && target.channels !== 3) throw new Error(`augment: target.channels must be 1 or 3, got ${target.channels}`);
  if (data.channels !== 1 && data.channels !== 3) throw new Error(`augment: data has ${data.channels} channels, expected 1 or 3`);
  // Per batch, check only what this batch touches (a full assertImageSet would scan every label each step).
  const bytes = data.height * data.width * data.channels;
  if (data.images.length !== data.count * bytes || data.labels.length !== data.count) {
    throw new Error(`augment: data buffers do not match ${data.count}x${data.height}x${data.width}x${data.channels} (images ${data.images.length} bytes, labels ${data.labels.length})`);
  }
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= data.count) throw new Error(`augment: indices[${i}] = ${k} outside [0, ${data.count})`);
    const label = data.labels[k];
    if (label < 0 || label >= data.numClasses) throw new Error(`augment: label ${label} of image ${k} outside [0, ${data.numClasses})`);
  }
}

function prepare(target: AugmentTarget, mean: number[]): ImageView {
  const per = target.size * target.size * target.channels;
  if (work.length < per) work = new Uint8Array(per);
  if (scratch.length < per) scratch = new Uint8Array(per);
  const m = channelStats(mean, target.channels, "mean");
  const fill = new Uint8Array(target.channels);
  for (let c = 0; c < target.channels; c++) fill[c] = toByte(m[c] * 255);
  return { data: work, offset: 0, size: target.size, channels: target.channels, scratch, fill };
}

/** (v / 255 - mean) / std per channel as a 256-entry table per channel. */
function normaliseTable(mean: number[], std: number[], channels: number): Float32Array {
  const m = channelStats(mean, channels, "mean");
  const s = channelStats(std, channels, "std");
  const table = new Float32Array(256 * channels);
  for (let c = 0; c < channels; c++) for (let v = 0; v < 256; v++) table[c * 256 + v] = (v / 255 - m[c]) / s[c];
  return table;
}

function normalise(img: ImageView, table: Float32Array, x: Float32Array, offset: number): void {
  const { data, channels } = img;
  const pixels = img.size * img.size;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) x[offset + p * channels + c] = table[c * 256 + data[p * channels + c]];
  }
}

function resampleInto(img: ImageView, data: ImageSet, index: number, box: CropBox, flipH: boolean, flipV: boolean): void {
  const bytes = data.height * data.width * data.channels;
  resampler.run(data.images, index * bytes, data.width, data.channels, box, flipH, flipV, img.data, img.size, img.channels);
}

export function augmentBatch(data: ImageSet, indices: ArrayLike<number>, cfg: AugmentConfig, target: { size: number; channels: number }, rng: Rng): Batch {
  validateAugmentConfig(cfg);
  checkInputs(data, indices, target);
  const { size, channels } = target;
  const img = prepare(target, cfg.mean);
  const table = normaliseTable(cfg.mean, cfg.std, channels);
  const ratio: [number, number] = cfg.randomAspect ? cfg.cropRatio : [1, 1];
  const n = indices.length;
  const per = size * size * channels;
  const x = new Float32Array(n * per);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    labels[i] = data.labels[k];
    const box = cfg.randomResizedCrop ? randomResizedCropBox(data.height, data.width, cfg.cropScale, ratio, rng) : fullBox(data.height, data.width);
    const flipH = cfg.hflip > 0 && rng.next() < cfg.hflip;
    const flipV = cfg.vflip > 0 && rng.next() < cfg.vflip;
    resampleInto(img, data, k, box, flipH, flipV);
    if (cfg.randAugment) randAugment(img, cfg.randAugmentOps, cfg.randAugmentMagnitude, cfg.randAugmentMagnitudeStd, rng);
    else if (cfg.colorJitter > 0) colorJitter(img, cfg.colorJitter, rng);
    normalise(img, table, x, i * per);
    randomErase(x, i * per, size, channels, cfg.randomErasing, rng);
  }
  const mix = drawMix(cfg, size, rng);
  mixImages(x, n, size, channels, mix);
  const y = mixTargets(labels, data.numClasses, cfg.labelSmoothing, mix.lam);
  return { x, y, labels, n, size, channels, numClasses: data.numClasses, mix };
}

/** Deterministic batch: plain resize of the whole image, normalise, one-hot targets. */
export function evalBatch(data: ImageSet, indices: ArrayLike<number>, target: { size: number; channels: number }, mean: number[], std: number[]): Batch {
  checkInputs(data, indices, target);
  const { size, channels } = target;
  const img = prepare(target, mean);
  const table = normaliseTable(mean, std, channels);
  const n = indices.length;
  const per = size * size * channels;
  const x = new Float32Array(n * per);
  const labels = new Int32Array(n);
  const box = fullBox(data.height, data.width);
  for (let i = 0; i < n; i++) {
    labels[i] = data.labels[indices[i]];
    resampleInto(img, data, indices[i], box, false, false);
    normalise(img, table, x, i * per);
  }
  return { x, y: mixTargets(labels, data.numClasses, 0, 1), labels, n, size, channels, numClasses: data.numClasses };
}
