/**
 * Canny edge detector on a grey image: Gaussian smoothing, Sobel gradients,
 * non-maximum suppression along the quantised gradient direction, then
 * double-threshold hysteresis. Output is 255 on edges, 0 elsewhere.
 */
import { Image, makeImage, toGray } from "./image";

export interface CannyParams {
  /** Gaussian smoothing std in pixels (0 = none). */
  sigma: number;
  /** Thresholds on the Sobel gradient magnitude, as fractions of its maximum. */
  lowThreshold: number;
  highThreshold: number;
}

export const CANNY_DEFAULTS: CannyParams = { sigma: 1, lowThreshold: 0.1, highThreshold: 0.2 };

/** dst[d + j] = Σ_k kernel[k]·src[at + j + k·stride] for j = 0..3, k ascending from 0, the four sums kept in registers. */
function fourTaps(src: Float32Array, at: number, stride: number, kernel: Float32Array, dst: Float32Array, d: number): void {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (let k = 0; k < kernel.length; k++, at += stride) {
    const kk = kernel[k];
    a0 += kk * src[at];
    a1 += kk * src[at + 1];
    a2 += kk * src[at + 2];
    a3 += kk * src[at + 3];
  }
  dst[d] = a0;
  dst[d + 1] = a1;
  dst[d + 2] = a2;
  dst[d + 3] = a3;
}

export function gaussianBlur(values: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (sigma <= 0) return values.slice();
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  // Separable: rows then columns, edges clamped so borders do not darken.
  // Interior pixels skip the clamp and go four at a time, their sums in
  // registers; every pixel still adds its taps in the same order, from the
  // same zero, so the result does not depend on which path computed it.
  const tmp = new Float32Array(values.length);
  const out = new Float32Array(values.length);
  const clamp = (v: number, n: number) => (v < 0 ? 0 : v >= n ? n - 1 : v);
  const taps = 2 * radius + 1;
  const lo = Math.min(radius, width);
  const hi = Math.max(lo, width - radius);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = lo;
    for (; x + 3 < hi; x += 4) fourTaps(values, row + x - radius, 1, kernel, tmp, row + x);
    for (; x < hi; x++) {
      let a = 0;
      for (let k = 0, at = row + x - radius; k < taps; k++, at++) a += kernel[k] * values[at];
      tmp[row + x] = a;
    }
    for (x = 0; x < width; x++) {
      if (x >= lo && x < hi) continue;
      let edge = 0;
      for (let k = -radius; k <= radius; k++) edge += kernel[k + radius] * values[row + clamp(x + k, width)];
      tmp[row + x] = edge;
    }
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const inside = y >= radius && y + radius < height;
    let x = 0;
    for (; inside && x + 3 < width; x += 4) fourTaps(tmp, (y - radius) * width + x, width, kernel, out, row + x);
    for (; x < width; x++) {
      let a = 0;
      for (let k = -radius; k <= radius; k++) a += kernel[k + radius] * tmp[clamp(y + k, height) * width + x];
      out[row + x] = a;
    }
  }
  return out;
}

export function canny(img: Image, params: CannyParams = CANNY_DEFAULTS): Image {
  const { sigma, lowThreshold, highThreshold } = params;
  if (!(lowThreshold >= 0 && lowThreshold <= highThreshold && highThreshold <= 1)) {
    throw new Error(`canny: need 0 <= lowThreshold <= highThreshold <= 1, got ${lowThreshold}, ${highThreshold}`);
  }
  const grey = toGray(img);
  const w = grey.width;
  const h = grey.height;
  const smooth = gaussianBlur(Float32Array.from(grey.data), w, h, sigma);
  const at = (x: number, y: number) => smooth[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];

  const mag = new Float32Array(w * h);
  const dir = new Uint8Array(w * h); // 0: horizontal gradient, 1: 45°, 2: vertical, 3: 135°
  let maxMag = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let gx: number;
      let gy: number;
      if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
        // Interior: the same sums as below without the clamped lookups.
        const i = y * w + x;
        const nw = smooth[i - w - 1], n = smooth[i - w], ne = smooth[i - w + 1];
        const west = smooth[i - 1], east = smooth[i + 1];
        const sw = smooth[i + w - 1], south = smooth[i + w], se = smooth[i + w + 1];
        gx = ne + 2 * east + se - nw - 2 * west - sw;
        gy = sw + 2 * south + se - nw - 2 * n - ne;
      } else {
        gx = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
        gy = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
      }
      const m = Math.hypot(gx, gy);
      mag[y * w + x] = m;
      if (m > maxMag) maxMag = m;
      let angle = (Math.atan2(gy, gx) * 180) / Math.PI;
      if (angle < 0) angle += 180;
      dir[y * w + x] = angle < 22.5 || angle >= 157.5 ? 0 : angle < 67.5 ? 1 : angle < 112.5 ? 2 : 3;
    }
  }

  // Non-maximum suppression: keep a pixel only if it is a local maximum across the edge.
  const stepX = [1, 1, 0, -1];
  const stepY = [0, 1, 1, 1];
  const thin = new Float32Array(w * h);
  const magAt = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : mag[y * w + x]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const m = mag[y * w + x];
      if (m === 0) continue;
      const dx = stepX[dir[y * w + x]];
      const dy = stepY[dir[y * w + x]];
      // Ties go to the pixel before the edge, so a plateau of two keeps one.
      if (m > magAt(x - dx, y - dy) && m >= magAt(x + dx, y + dy)) thin[y * w + x] = m;
    }
  }

  // Hysteresis: strong pixels seed a flood fill through weak 8-connected pixels.
  const out = makeImage(w, h, 1);
  if (maxMag === 0) return out;
  const hi = highThreshold * maxMag;
  const lo = lowThreshold * maxMag;
  const stack: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (thin[i] >= hi && thin[i] > 0) {
      out.data[i] = 255;
      stack.push(i);
    }
  }
  while (stack.length > 0) {
    const i = stack.pop() as number;
    const x = i % w;
    const y = (i - x) / w;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
        const j = yy * w + xx;
        if (out.data[j] === 0 && thin[j] >= lo && thin[j] > 0) {
          out.data[j] = 255;
          stack.push(j);
        }
      }
    }
  }
  return out;
}
