/**
 * The one in-memory image format every stage exchanges: synthetic sources
 * produce it, real-data loaders produce it, augmentation and training consume it.
 * Pixels are uint8, layout NHWC, row-major.
 */
export interface ImageSet {
  images: Uint8Array;
  labels: Int32Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** Optional human-readable class names (real datasets). */
  classNames?: string[];
}

/** How a drawing source reached the training size (absent in records made before renders were downsampled). */
export interface RenderingRecord {
  /** Side of the canvas drawn on. */
  renderSize: number;
  /** Chaos-game points per image; null for sources that do not draw points. */
  pointsPerImage: number | null;
  /** "area": exact box filter from renderSize to size. */
  resampling: "area";
}

/**
 * Version of the record format and of what a source draws from it. "1": sets
 * drawn directly at `size` with shared patch masks (before renderSize); "2":
 * drawing sources render at renderSize and area-downsample.
 */
export const RECORD_VERSION = "2";

/** What a synthetic source records so the set can be rebuilt bit-for-bit. */
export interface DatasetRecord {
  source: string;
  /** Every parameter the source was called with, after defaults. */
  params: Record<string, unknown>;
  seed: number;
  rendering?: RenderingRecord;
  size: number;
  channels: number;
  count: number;
  numClasses: number;
  /** Per-class generated parameters (IFS, perturbed distribution, warp...). */
  classes: unknown[];
  /** Generated state shared by all classes (e.g. the base IFS and render seed of 1p-frac). */
  generator?: Record<string, unknown>;
  /** Wall-clock seconds per phase, e.g. {search: 0.1, render: 2.3}. */
  timings: Record<string, number>;
  version: string;
}

export interface SyntheticDataset extends ImageSet {
  record: DatasetRecord;
}

export function imageSetBytes(set: Pick<ImageSet, "height" | "width" | "channels">): number {
  return set.height * set.width * set.channels;
}

/** Throws a clear error if the buffers do not match the declared shape. */
export function assertImageSet(set: ImageSet, what = "image set"): void {
  const expected = set.count * imageSetBytes(set);
  if (set.images.length !== expected) {
    throw new Error(`${what}: images has ${set.images.length} bytes, expected ${set.count}x${set.height}x${set.width}x${set.channels} = ${expected}`);
  }
  if (set.labels.length !== set.count) {
    throw new Error(`${what}: labels has ${set.labels.length} entries, expected ${set.count}`);
  }
  for (let i = 0; i < set.count; i++) {
    const l = set.labels[i];
    if (l < 0 || l >= set.numClasses) throw new Error(`${what}: label ${l} at index ${i} outside [0, ${set.numClasses})`);
  }
}
