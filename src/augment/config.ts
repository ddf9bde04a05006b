/**
 * Augmentation settings (timm / DeiT names and defaults, SPEC §5).
 *
 * Every part can be switched off on its own, which is what paper Table 9 does:
 * randAugment false, randomResizedCrop false, randomAspect false,
 * randomErasing 0, mixupAlpha 0, cutmixAlpha 0, hflip = vflip = 0, colorJitter 0.
 */
export interface AugmentConfig {
  /** RandomResizedCrop; false = plain resize of the whole image. */
  randomResizedCrop: boolean;
  /** Crop area as a fraction of the image area. */
  cropScale: [number, number];
  /** Crop aspect ratio (w/h) range, sampled log-uniformly. */
  cropRatio: [number, number];
  /** false forces the crop ratio to 1 (Table 9 "random aspect" off). */
  randomAspect: boolean;
  /** Probability of a horizontal / vertical flip. */
  hflip: number;
  vflip: number;
  randAugment: boolean;
  /** Ops applied per image. */
  randAugmentOps: number;
  /** Magnitude in [0, 10]. */
  randAugmentMagnitude: number;
  /** Per-op Gaussian noise on the magnitude (timm "mstd"), result clipped to [0, 10]. */
  randAugmentMagnitudeStd: number;
  /**
   * Brightness/contrast/saturation jitter strength. As in timm's
   * transforms_imagenet_train, it is ignored when randAugment is on
   * (the DeiT recipe sets 0.4 and it never acts).
   */
  colorJitter: number;
  /** Random erasing probability (timm "pixel" mode: normal noise in normalised space). */
  randomErasing: number;
  /** Mixup Beta(alpha, alpha); 0 = off. */
  mixupAlpha: number;
  /** CutMix Beta(alpha, alpha); 0 = off. */
  cutmixAlpha: number;
  /** With both on: probability of using cutmix instead of mixup for a batch. */
  mixupSwitchProb: number;
  /** Probability a batch is mixed at all. */
  mixProb: number;
  labelSmoothing: number;
  /**
   * Where the normalisation statistics come from: "fixed" uses `mean`/`std`;
   * "set" replaces them by the training set's own per-channel pixel mean and
   * std (augment/setStats.ts), because a faint set normalised with 0.5/0.5
   * spans a sliver of the input range and its pre-training can stall.
   */
  normalize: "fixed" | "set";
  /** Per target channel (length 1 is broadcast). */
  mean: number[];
  std: number[];
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/** DeiT pre-training recipe (1p-frac reference scripts). */
export const DEIT_PRETRAIN_AUGMENT: AugmentConfig = {
  randomResizedCrop: true,
  cropScale: [0.08, 1],
  cropRatio: [3 / 4, 4 / 3],
  randomAspect: true,
  hflip: 0.5,
  vflip: 0.5,
  randAugment: true,
  randAugmentOps: 2,
  randAugmentMagnitude: 9,
  randAugmentMagnitudeStd: 0.5,
  colorJitter: 0.4,
  randomErasing: 0.5,
  mixupAlpha: 0.8,
  cutmixAlpha: 1.0,
  mixupSwitchProb: 0.5,
  mixProb: 1,
  labelSmoothing: 0.1,
  normalize: "fixed",
  mean: [0.5],
  std: [0.5],
};

/**
 * DeiT without RandAugment and random erasing: random-resized crop, flips,
 * mixup/cutmix and label smoothing, the parts the paper's Table 9 finds
 * essential. Small presets use it where the full recipe is not learned within
 * their step budget (measured by bench/preset-search.ts). Colour jitter goes
 * too: in DeiT it only acts when RandAugment is off, so keeping it would add
 * an augmentation the full recipe never applies.
 */
export const DEIT_LIGHT_PRETRAIN_AUGMENT: AugmentConfig = {
  ...DEIT_PRETRAIN_AUGMENT,
  randAugment: false,
  randomErasing: 0,
  colorJitter: 0,
};

/** DeiT fine-tuning recipe: erasing 0.25 and ImageNet statistics. */
export const DEIT_FINETUNE_AUGMENT: AugmentConfig = {
  ...DEIT_PRETRAIN_AUGMENT,
  randomErasing: 0.25,
  mean: IMAGENET_MEAN,
  std: IMAGENET_STD,
};

/** Plain resize, no randomness, hard labels: evaluation-style training and tests. */
export const NO_AUGMENT: AugmentConfig = {
  randomResizedCrop: false,
  cropScale: [1, 1],
  cropRatio: [1, 1],
  randomAspect: false,
  hflip: 0,
  vflip: 0,
  randAugment: false,
  randAugmentOps: 0,
  randAugmentMagnitude: 0,
  randAugmentMagnitudeStd: 0,
  colorJitter: 0,
  randomErasing: 0,
  mixupAlpha: 0,
  cutmixAlpha: 0,
  mixupSwitchProb: 0.5,
  mixProb: 1,
  labelSmoothing: 0,
  normalize: "fixed",
  mean: [0.5],
  std: [0.5],
};

/**
 * Mean/std for a target with `channels` channels: a length-1 list is broadcast,
 * a 3-entry list collapses to its average for 1-channel targets (ImageNet stats
 * on grey images).
 */
export function channelStats(values: number[], channels: number, field: string): Float32Array {
  const out = new Float32Array(channels);
  if (values.length === 1) out.fill(values[0]);
  else if (values.length === channels) out.set(values);
  else if (channels === 1) out[0] = values.reduce((a, b) => a + b, 0) / values.length;
  else throw new Error(`augment: ${field} has ${values.length} entries, expected 1 or ${channels} (target channels)`);
  return out;
}

function checkRange(cfg: AugmentConfig, field: keyof AugmentConfig, lo: number, hi: number): void {
  const v = cfg[field];
  if (typeof v !== "number" || !(v >= lo && v <= hi)) {
    throw new Error(`augment: ${field} must be a number in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  }
}

function checkPair(cfg: AugmentConfig, field: "cropScale" | "cropRatio"): void {
  const v = cfg[field];
  if (!Array.isArray(v) || v.length !== 2 || !(v[0] > 0) || !(v[1] >= v[0])) {
    throw new Error(`augment: ${field} must be [lo, hi] with 0 < lo <= hi, got ${JSON.stringify(v)}`);
  }
}

/** One clear error naming the first bad field. */
export function validateAugmentConfig(cfg: AugmentConfig): void {
  checkPair(cfg, "cropScale");
  checkPair(cfg, "cropRatio");
  if (cfg.cropScale[1] > 1) throw new Error(`augment: cropScale upper bound must be <= 1, got ${cfg.cropScale[1]}`);
  for (const f of ["hflip", "vflip", "randomErasing", "mixupSwitchProb", "mixProb"] as const) checkRange(cfg, f, 0, 1);
  checkRange(cfg, "labelSmoothing", 0, 1);
  checkRange(cfg, "randAugmentOps", 0, 16);
  checkRange(cfg, "randAugmentMagnitude", 0, 10);
  checkRange(cfg, "randAugmentMagnitudeStd", 0, 10);
  checkRange(cfg, "colorJitter", 0, 1);
  checkRange(cfg, "mixupAlpha", 0, 100);
  checkRange(cfg, "cutmixAlpha", 0, 100);
  if (cfg.normalize !== "fixed" && cfg.normalize !== "set") throw new Error(`augment: normalize must be "fixed" or "set", got ${JSON.stringify(cfg.normalize)}`);
  for (const f of ["mean", "std"] as const) {
    const v = cfg[f];
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
      throw new Error(`augment: ${f} must be a non-empty list of numbers, got ${JSON.stringify(v)}`);
    }
  }
  if (cfg.std.some((s) => s <= 0)) throw new Error(`augment: std entries must be > 0, got ${JSON.stringify(cfg.std)}`);
}
