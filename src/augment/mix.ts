/**
 * timm Mixup in "batch" mode: one lambda per batch, image i is mixed with
 * image n-1-i (the batch reversed), targets are label-smoothed one-hots mixed
 * with the same lambda. CutMix pastes a box and corrects lambda to the pasted
 * area.
 */
import type { Rng } from "../util/rng";
import { sampleBeta } from "./beta";

export interface MixInfo {
  mode: "none" | "mixup" | "cutmix";
  /** Weight of the image's own label in its target. */
  lam: number;
  /** CutMix box (pixels [top, top+height) x [left, left+width)), same for every image. */
  box?: { top: number; left: number; height: number; width: number };
}

export interface MixSettings {
  mixupAlpha: number;
  cutmixAlpha: number;
  mixupSwitchProb: number;
  mixProb: number;
}

/** timm rand_bbox: a box of side sqrt(1 - lam) centred uniformly, clipped to the image. */
export function cutmixBox(size: number, lam: number, rng: Rng): { top: number; left: number; height: number; width: number } {
  const ratio = Math.sqrt(1 - lam);
  const cut = Math.floor(size * ratio);
  const cy = rng.int(size);
  const cx = rng.int(size);
  const top = Math.min(size, Math.max(0, cy - Math.floor(cut / 2)));
  const bottom = Math.min(size, Math.max(0, cy + Math.floor(cut / 2)));
  const left = Math.min(size, Math.max(0, cx - Math.floor(cut / 2)));
  const right = Math.min(size, Math.max(0, cx + Math.floor(cut / 2)));
  return { top, left, height: bottom - top, width: right - left };
}

/** Decide the batch's mixing (mode and lambda) as timm's Mixup._params_per_batch does. */
export function drawMix(s: MixSettings, size: number, rng: Rng): MixInfo {
  const mixup = s.mixupAlpha > 0;
  const cutmix = s.cutmixAlpha > 0;
  if ((!mixup && !cutmix) || rng.next() >= s.mixProb) return { mode: "none", lam: 1 };
  const useCutmix = mixup && cutmix ? rng.next() < s.mixupSwitchProb : cutmix;
  if (!useCutmix) return { mode: "mixup", lam: sampleBeta(s.mixupAlpha, s.mixupAlpha, rng) };
  const box = cutmixBox(size, sampleBeta(s.cutmixAlpha, s.cutmixAlpha, rng), rng);
  return { mode: "cutmix", lam: 1 - (box.height * box.width) / (size * size), box };
}

/** Mix the images of x (n x size x size x channels) in place. */
export function mixImages(x: Float32Array, n: number, size: number, channels: number, mix: MixInfo): void {
  if (mix.mode === "none") return;
  const per = size * size * channels;
  for (let i = 0; i < n >> 1; i++) {
    const a = i * per;
    const b = (n - 1 - i) * per;
    if (mix.mode === "mixup") {
      const lam = mix.lam;
      for (let k = 0; k < per; k++) {
        const va = x[a + k];
        const vb = x[b + k];
        x[a + k] = lam * va + (1 - lam) * vb;
        x[b + k] = lam * vb + (1 - lam) * va;
      }
    } else if (mix.box) {
      const { top, left, height, width } = mix.box;
      for (let y = top; y < top + height; y++) {
        const row = (y * size + left) * channels;
        for (let k = 0; k < width * channels; k++) {
          const t = x[a + row + k];
          x[a + row + k] = x[b + row + k];
          x[b + row + k] = t;
        }
      }
    }
  }
}

/** Soft targets: lam * smooth(label_i) + (1 - lam) * smooth(label_{n-1-i}). */
export function mixTargets(labels: Int32Array, numClasses: number, smoothing: number, lam: number): Float32Array {
  const n = labels.length;
  const off = smoothing / numClasses;
  const on = 1 - smoothing + off;
  const y = new Float32Array(n * numClasses).fill(off);
  for (let i = 0; i < n; i++) {
    y[i * numClasses + labels[i]] += lam * (on - off);
    y[i * numClasses + labels[n - 1 - i]] += (1 - lam) * (on - off);
  }
  return y;
}
