/**
 * Crop boxes (torchvision RandomResizedCrop rules) and a separable resampler
 * that turns one crop of a uint8 HWC image into a size x size uint8 image in
 * the target channel count, with optional flips folded into the mapping.
 *
 * The filter is a triangle (bilinear) whose support widens with the
 * downscale factor, as PIL's bilinear resize does, so 224 -> 28 px does not
 * alias. At scale 1 the weights are exactly 0/1, so a same-size resize copies
 * the pixels.
 */
import type { Rng } from "../util/rng";

export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

export function fullBox(height: number, width: number): CropBox {
  return { top: 0, left: 0, height, width };
}

/** torchvision RandomResizedCrop.get_params: 10 tries, then a centre crop with the ratio clamped. */
export function randomResizedCropBox(height: number, width: number, scale: [number, number], ratio: [number, number], rng: Rng): CropBox {
  const area = height * width;
  const logLo = Math.log(ratio[0]);
  const logHi = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logLo, logHi));
    const w = Math.round(Math.sqrt(targetArea * aspect));
    const h = Math.round(Math.sqrt(targetArea / aspect));
    if (w > 0 && h > 0 && w <= width && h <= height) {
      return { top: rng.int(height - h + 1), left: rng.int(width - w + 1), height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < ratio[0]) h = Math.round(w / ratio[0]);
  else if (inRatio > ratio[1]) w = Math.round(h * ratio[1]);
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** Per-output-sample taps into [start, start+length) of one axis: `count[i]` weights from `first[i]`. */
interface AxisWeights {
  first: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  /** Stride of `weights` per output sample. */
  taps: number;
}

/** Weight tables reused across calls (they grow to the largest size seen). */
class AxisTable implements AxisWeights {
  first = new Int32Array(0);
  count = new Int32Array(0);
  weights = new Float32Array(0);
  taps = 0;

  /** Triangle-filter taps for `outSize` samples over [start, start+length); `flip` mirrors the output. */
  compute(start: number, length: number, outSize: number, flip: boolean): AxisWeights {
    const scale = length / outSize;
    const support = Math.max(1, scale);
    const taps = Math.ceil(2 * support) + 1;
    if (this.first.length < outSize) {
      this.first = new Int32Array(outSize);
      this.count = new Int32Array(outSize);
    }
    if (this.weights.length < outSize * taps) this.weights = new Float32Array(outSize * taps);
    this.taps = taps;
    const end = start + length;
    const weights = this.weights;
    for (let i = 0; i < outSize; i++) {
      const centre = start + (i + 0.5) * scale;
      // Taps j with |j + 0.5 - centre| < support (nonzero weight): at scale 1 one tap of weight 1.
      const lo = Math.max(start, Math.floor(centre - support - 0.5) + 1);
      const hi = Math.min(end, Math.ceil(centre + support - 0.5), lo + taps);
      const slot = flip ? outSize - 1 - i : i;
      const base = slot * taps;
      let sum = 0;
      for (let j = lo; j < hi; j++) {
        const d = Math.abs(j + 0.5 - centre) / support;
        const v = d < 1 ? 1 - d : 0;
        weights[base + j - lo] = v;
        sum += v;
      }
      const inv = sum > 0 ? 1 / sum : 0;
      for (let k = 0; k < hi - lo; k++) weights[base + k] *= inv;
      this.first[slot] = lo;
      this.count[slot] = hi - lo;
    }
    return this;
  }
}

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/** Reusable resampler: scratch buffers grow to the largest image seen and are kept. */
export class Resampler {
  private readonly xTable = new AxisTable();
  private readonly yTable = new AxisTable();
  private rows = new Float32Array(0);
  private acc = new Float32Array(0);

  /**
   * Resample `box` of the source image at `src[srcOffset..]` (row length srcW,
   * srcC channels) into `out` (size x size x outC). Channels are equal, or
   * grey -> RGB (replicate), or RGB -> grey (ITU-R 601 luminance).
   */
  run(src: Uint8Array, srcOffset: number, srcW: number, srcC: number, box: CropBox, flipH: boolean, flipV: boolean, out: Uint8Array, size: number, outC: number): void {
    if (srcC !== outC && !(srcC === 1 && outC === 3) && !(srcC === 3 && outC === 1)) {
      throw new Error(`augment: cannot convert ${srcC} channels to ${outC} (supported: equal, 1->3, 3->1)`);
    }
    const rowLen = size * srcC;
    if (this.rows.length < box.height * rowLen) this.rows = new Float32Array(box.height * rowLen);
    if (this.acc.length < rowLen) this.acc = new Float32Array(rowLen);
    const rows = this.rows;
    const acc = this.acc;
    // Horizontal pass over the crop's rows into `rows` (box.height x size x srcC).
    const xw = this.xTable.compute(box.left, box.width, size, flipH);
    const { first: xFirst, count: xCount, weights: xWeights, taps: xTaps } = xw;
    for (let r = 0; r < box.height; r++) {
      const srcRow = srcOffset + (box.top + r) * srcW * srcC;
      const dstRow = r * rowLen;
      for (let x = 0; x < size; x++) {
        const wBase = x * xTaps;
        const pBase = srcRow + xFirst[x] * srcC;
        const n = xCount[x];
        for (let c = 0; c < srcC; c++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += xWeights[wBase + k] * src[pBase + k * srcC + c];
          rows[dstRow + x * srcC + c] = sum;
        }
      }
    }
    // Vertical pass: each output row is a weighted sum of whole `rows` rows.
    const yw = this.yTable.compute(0, box.height, size, flipV);
    const { first: yFirst, count: yCount, weights: yWeights, taps: yTaps } = yw;
    for (let y = 0; y < size; y++) {
      acc.fill(0, 0, rowLen);
      const wBase = y * yTaps;
      const n = yCount[y];
      for (let k = 0; k < n; k++) {
        const w = yWeights[wBase + k];
        const base = (yFirst[y] + k) * rowLen;
        for (let j = 0; j < rowLen; j++) acc[j] += w * rows[base + j];
      }
      const o = y * size * outC;
      if (srcC === outC) {
        for (let j = 0; j < rowLen; j++) out[o + j] = toByte(acc[j]);
      } else if (srcC === 1) {
        for (let x = 0; x < size; x++) {
          const v = toByte(acc[x]);
          out[o + 3 * x] = v;
          out[o + 3 * x + 1] = v;
          out[o + 3 * x + 2] = v;
        }
      } else {
        for (let x = 0; x < size; x++) out[o + x] = toByte(LUMA_R * acc[3 * x] + LUMA_G * acc[3 * x + 1] + LUMA_B * acc[3 * x + 2]);
      }
    }
  }
}

export function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0;
}
