/**
 * In-place operations on one uint8 HWC image (size x size x channels), the
 * building blocks of RandAugment and colour jitter. Semantics follow PIL's
 * ImageOps/ImageEnhance, which timm's RandAugment calls.
 */
import { toByte as importedToByte } from "./resample";

// Bound once: tsx/esbuild compile imports to getters that would run on every per-pixel call.
const toByte = importedToByte;

/** One square image view inside a larger buffer, plus scratch space for ops that need a copy. */
export interface ImageView {
  data: Uint8Array;
  offset: number;
  size: number;
  channels: number;
  scratch: Uint8Array;
  /** Fill value per channel for pixels a geometric op uncovers. */
  fill: Uint8Array;
}

function pixelCount(img: ImageView): number {
  return img.size * img.size * img.channels;
}

/** out = degenerate + factor * (img - degenerate), `degenerate` given by a constant per pixel. */
function blendConstant(img: ImageView, degenerate: number, factor: number): void {
  const { data, offset } = img;
  const n = pixelCount(img);
  for (let i = 0; i < n; i++) data[offset + i] = toByte(degenerate + factor * (data[offset + i] - degenerate));
}

/** out = scratch + factor * (img - scratch): blend with the image left in img.scratch. */
function blendScratch(img: ImageView, factor: number): void {
  const { data, offset, scratch } = img;
  const n = pixelCount(img);
  for (let i = 0; i < n; i++) {
    const d = scratch[i];
    data[offset + i] = toByte(d + factor * (data[offset + i] - d));
  }
}

function greyMean(img: ImageView): number {
  const { data, offset, channels } = img;
  const pixels = img.size * img.size;
  let sum = 0;
  if (channels === 3) {
    for (let p = 0; p < pixels; p++) {
      const o = offset + p * 3;
      sum += (data[o] * 299 + data[o + 1] * 587 + data[o + 2] * 114) / 1000;
    }
  } else {
    for (let p = 0; p < pixels; p++) sum += data[offset + p * channels];
  }
  return Math.floor(sum / pixels + 0.5);
}

export function brightness(img: ImageView, factor: number): void {
  blendConstant(img, 0, factor);
}

/** Blend with the mean grey level (PIL ImageEnhance.Contrast). */
export function contrast(img: ImageView, factor: number): void {
  blendConstant(img, greyMean(img), factor);
}

/** Blend with the greyscale image (PIL ImageEnhance.Color); a no-op on 1-channel images. */
export function saturation(img: ImageView, factor: number): void {
  if (img.channels !== 3) return;
  const { data, offset, scratch } = img;
  const pixels = img.size * img.size;
  for (let p = 0; p < pixels; p++) {
    const o = offset + p * 3;
    const g = toByte((data[o] * 299 + data[o + 1] * 587 + data[o + 2] * 114) / 1000);
    scratch[p * 3] = g;
    scratch[p * 3 + 1] = g;
    scratch[p * 3 + 2] = g;
  }
  blendScratch(img, factor);
}

/** Blend with PIL's SMOOTH filter ([[1,1,1],[1,5,1],[1,1,1]] / 13, border pixels kept). */
export function sharpness(img: ImageView, factor: number): void {
  const { data, offset, size, channels, scratch } = img;
  const n = pixelCount(img);
  for (let i = 0; i < n; i++) scratch[i] = data[offset + i];
  const row = size * channels;
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      for (let c = 0; c < channels; c++) {
        const i = y * row + x * channels + c;
        const o = offset + i;
        const s =
          data[o - row - channels] + data[o - row] + data[o - row + channels] +
          data[o - channels] + 5 * data[o] + data[o + channels] +
          data[o + row - channels] + data[o + row] + data[o + row + channels];
        scratch[i] = toByte(s / 13);
      }
    }
  }
  blendScratch(img, factor);
}

/** Invert every value >= threshold. */
export function solarize(img: ImageView, threshold: number): void {
  const { data, offset } = img;
  const n = pixelCount(img);
  for (let i = 0; i < n; i++) {
    const v = data[offset + i];
    if (v >= threshold) data[offset + i] = 255 - v;
  }
}

/** Keep the top `bits` bits of every value. */
export function posterize(img: ImageView, bits: number): void {
  const mask = (0xff << (8 - bits)) & 0xff;
  const { data, offset } = img;
  const n = pixelCount(img);
  for (let i = 0; i < n; i++) data[offset + i] &= mask;
}

const histogram = new Int32Array(256);
const lut = new Uint8Array(256);

function channelHistogram(img: ImageView, c: number): void {
  const { data, offset, channels } = img;
  const pixels = img.size * img.size;
  histogram.fill(0);
  for (let p = 0; p < pixels; p++) histogram[data[offset + p * channels + c]]++;
}

function applyLut(img: ImageView, c: number): void {
  const { data, offset, channels } = img;
  const pixels = img.size * img.size;
  for (let p = 0; p < pixels; p++) {
    const o = offset + p * channels + c;
    data[o] = lut[data[o]];
  }
}

/** Stretch each channel so its min maps to 0 and its max to 255 (PIL autocontrast, cutoff 0). */
export function autoContrast(img: ImageView): void {
  for (let c = 0; c < img.channels; c++) {
    channelHistogram(img, c);
    let lo = 0;
    while (lo < 255 && histogram[lo] === 0) lo++;
    let hi = 255;
    while (hi > 0 && histogram[hi] === 0) hi--;
    if (hi <= lo) continue;
    const scale = 255 / (hi - lo);
    for (let v = 0; v < 256; v++) lut[v] = toByte((v - lo) * scale);
    applyLut(img, c);
  }
}

/** Per-channel histogram equalisation (PIL ImageOps.equalize). */
export function equalize(img: ImageView): void {
  const pixels = img.size * img.size;
  for (let c = 0; c < img.channels; c++) {
    channelHistogram(img, c);
    let last = 255;
    while (last > 0 && histogram[last] === 0) last--;
    const step = Math.floor((pixels - histogram[last]) / 255);
    if (step === 0) continue;
    let acc = Math.floor(step / 2);
    for (let v = 0; v < 256; v++) {
      lut[v] = Math.min(255, Math.floor(acc / step));
      acc += histogram[v];
    }
    applyLut(img, c);
  }
}

/**
 * Affine warp, bilinear: output pixel centre (x, y) reads input point
 * (a*x + b*y + c, d*x + e*y + f) (PIL's Image.transform convention, pixel
 * centres at +0.5). Points outside the image read the fill colour.
 */
export function affine(img: ImageView, a: number, b: number, c: number, d: number, e: number, f: number): void {
  const { data, offset, size, channels, scratch, fill } = img;
  const n = pixelCount(img);
  for (let i = 0; i < n; i++) scratch[i] = data[offset + i];
  const row = size * channels;
  for (let y = 0; y < size; y++) {
    const yc = y + 0.5;
    for (let x = 0; x < size; x++) {
      const xc = x + 0.5;
      const u = a * xc + b * yc + c - 0.5;
      const v = d * xc + e * yc + f - 0.5;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      const o = offset + y * row + x * channels;
      const inside = x0 >= 0 && y0 >= 0 && x0 + 1 < size && y0 + 1 < size;
      for (let ch = 0; ch < channels; ch++) {
        let p00: number, p01: number, p10: number, p11: number;
        if (inside) {
          const s = y0 * row + x0 * channels + ch;
          p00 = scratch[s];
          p01 = scratch[s + channels];
          p10 = scratch[s + row];
          p11 = scratch[s + row + channels];
        } else {
          p00 = sampleOrFill(scratch, size, channels, x0, y0, ch, fill[ch]);
          p01 = sampleOrFill(scratch, size, channels, x0 + 1, y0, ch, fill[ch]);
          p10 = sampleOrFill(scratch, size, channels, x0, y0 + 1, ch, fill[ch]);
          p11 = sampleOrFill(scratch, size, channels, x0 + 1, y0 + 1, ch, fill[ch]);
        }
        const top = p00 + fx * (p01 - p00);
        const bottom = p10 + fx * (p11 - p10);
        data[o + ch] = toByte(top + fy * (bottom - top));
      }
    }
  }
}

function sampleOrFill(src: Uint8Array, size: number, channels: number, x: number, y: number, ch: number, fill: number): number {
  if (x < 0 || y < 0 || x >= size || y >= size) return fill;
  return src[(y * size + x) * channels + ch];
}
