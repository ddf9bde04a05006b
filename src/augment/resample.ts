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

/** Per-output-sample taps into [start, start+length) of one axis. */
interface AxisWeights {
  first: Int32Array;
  weights: Float32Array;
  taps: number;
}

function axisWeights(start: number, length: number, outSize: number, flip: boolean, cache: AxisCache): AxisWeights {
  const scale = length / outSize;
  const support = Math.max(1, scale);
  const taps = Math.ceil(2 * support) + 1;
  const w = cache.get(outSize, taps);
  const end = start + length;
  for (let i = 0; i < outSize; i++) {
    const centre = start + (i + 0.5) * scale;
    const lo = Math.max(start, Math.floor(centre - support));
    const hi = Math.min(end, Math.ceil(centre + support));
    const slot = flip ? outSize - 1 - i : i;
    const base = slot * taps;
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const j = lo + k;
      let v = 0;
      if (j < hi) {
        const d = Math.abs(j + 0.5 - centre) / support;
        v = d < 1 ? 1 - d : 0;
      }
      w.weights[base + k] = v;
      sum += v;
    }
    const inv = sum > 0 ? 1 / sum : 0;
    for (let k = 0; k < taps; k++) w.weights[base + k] *= inv;
    // Taps past `hi` carry weight 0 and are skipped by the passes, so no read leaves the crop.
    w.first[slot] = lo;
  }
  return w;
}

class AxisCache {
  private buf: AxisWeights = { first: new Int32Array(0), weights: new Float32Array(0), taps: 0 };
  get(outSize: number, taps: number): AxisWeights {
    if (this.buf.first.length < outSize) this.buf.first = new Int32Array(outSize);
    if (this.buf.weights.length < outSize * taps) this.buf.weights = new Float32Array(outSize * taps);
    this.buf.taps = taps;
    return this.buf;
  }
}

const LUMA = [0.299, 0.587, 0.114];

/** Reusable resampler: scratch buffers grow to the largest image seen and are kept. */
export class Resampler {
  private readonly xCache = new AxisCache();
  private readonly yCache = new AxisCache();
  private rows = new Float32Array(0);
  private pixel = new Float32Array(4);

  /**
   * Resample `box` of the source image at `src[srcOffset..]` (srcH x srcW x srcC)
   * into `out` (size x size x outC). Source and target channels are 1 or 3
   * (or equal): grey -> RGB replicates, RGB -> grey uses ITU-R 601 luminance.
   */
  run(src: Uint8Array, srcOffset: number, srcW: number, srcC: number, box: CropBox, flipH: boolean, flipV: boolean, out: Uint8Array, size: number, outC: number): void {
    if (srcC !== outC && !(srcC === 1 && outC === 3) && !(srcC === 3 && outC === 1)) {
      throw new Error(`augment: cannot convert ${srcC} channels to ${outC} (supported: equal, 1->3, 3->1)`);
    }
    const xw = axisWeights(box.left, box.width, size, flipH, this.xCache);
    const xFirst = xw.first;
    const xWeights = xw.weights;
    const xTaps = xw.taps;
    const rowLen = size * srcC;
    if (this.rows.length < box.height * rowLen) this.rows = new Float32Array(box.height * rowLen);
    const rows = this.rows;
    // Horizontal pass over the crop's rows.
    for (let r = 0; r < box.height; r++) {
      const srcRow = srcOffset + (box.top + r) * srcW * srcC;
      const dstRow = r * rowLen;
      for (let x = 0; x < size; x++) {
        const wBase = x * xTaps;
        const pBase = srcRow + xFirst[x] * srcC;
        for (let c = 0; c < srcC; c++) {
          let acc = 0;
          for (let k = 0; k < xTaps; k++) {
            const wk = xWeights[wBase + k];
            if (wk !== 0) acc += wk * src[pBase + k * srcC + c];
          }
          rows[dstRow + x * srcC + c] = acc;
        }
      }
    }
    const yw = axisWeights(0, box.height, size, flipV, this.yCache);
    const yFirst = yw.first;
    const yWeights = yw.weights;
    const yTaps = yw.taps;
    const pixel = this.pixel;
    for (let y = 0; y < size; y++) {
      const wBase = y * yTaps;
      const r0 = yFirst[y];
      const outRow = y * size * outC;
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < srcC; c++) {
          let acc = 0;
          for (let k = 0; k < yTaps; k++) {
            const wk = yWeights[wBase + k];
            if (wk !== 0) acc += wk * rows[(r0 + k) * rowLen + x * srcC + c];
          }
          pixel[c] = acc;
        }
        const o = outRow + x * outC;
        if (srcC === outC) {
          for (let c = 0; c < outC; c++) out[o + c] = toByte(pixel[c]);
        } else if (srcC === 1) {
          const v = toByte(pixel[0]);
          out[o] = v;
          out[o + 1] = v;
          out[o + 2] = v;
        } else {
          out[o] = toByte(LUMA[0] * pixel[0] + LUMA[1] * pixel[1] + LUMA[2] * pixel[2]);
        }
      }
    }
  }
}

export function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0;
}
