"use strict";
/**
 * Exact area (box-filter) downsampling of a uint8 image: every output pixel is
 * the mean of the source area it covers, source pixels cut by its edges
 * counted with their fractional coverage. Plain CommonJS so the render kernel
 * (also loaded by worker threads) and TypeScript code call the SAME function:
 * the pipeline's small image is this function of the render, bit for bit.
 * Types are in area.d.ts.
 *
 * Per output row: the covered source rows are summed with their vertical
 * coverage into one float64 row (a sequential pass over the source, the only
 * O(width·height) work), then each output pixel is a difference of that row's
 * running integral at its two edges.
 */

/** Per output row: the first covered source row and the coverage of each covered row. */
function rowWeights(src, dst) {
  const scale = src / dst;
  const first = new Int32Array(dst);
  const count = new Int32Array(dst);
  const weights = [];
  for (let i = 0; i < dst; i++) {
    const lo = i * scale;
    const hi = i === dst - 1 ? src : (i + 1) * scale;
    const a = Math.floor(lo);
    const b = Math.min(src, Math.ceil(hi));
    first[i] = a;
    count[i] = b - a;
    for (let j = a; j < b; j++) weights.push(Math.min(hi, j + 1) - Math.max(lo, j));
  }
  return { first, count, weights: Float64Array.from(weights) };
}

/** Column edges of the output pixels (outWidth + 1 of them) as integer part and fraction. */
function columnEdges(src, dst) {
  const scale = src / dst;
  const whole = new Int32Array(dst + 1);
  const frac = new Float64Array(dst + 1);
  for (let i = 0; i <= dst; i++) {
    const e = i === dst ? src : i * scale;
    whole[i] = Math.floor(e);
    frac[i] = e - whole[i];
  }
  return { whole, frac };
}

/** Tables and scratch rows reused across calls with the same sizes (a render batch has one pair). */
let cached = null;

function tablesFor(width, height, outWidth, outHeight) {
  const c = cached;
  if (c === null || c.width !== width || c.height !== height || c.outWidth !== outWidth || c.outHeight !== outHeight) {
    cached = {
      width, height, outWidth, outHeight,
      rows: rowWeights(height, outHeight),
      cols: columnEdges(width, outWidth),
      acc: new Float64Array(width + 1),
      integral: new Float64Array(width + 1),
      area: (width / outWidth) * (height / outHeight),
    };
  }
  return cached;
}

/**
 * Downsamples a 1-channel width x height image into out (outWidth x outHeight
 * bytes, written at outOffset). Sums are in float64 and rounded once at the
 * end, so a constant image stays that constant and the mean is kept within
 * rounding. The same size is a plain copy (what the weights would give).
 */
function areaDownsample(src, width, height, out, outWidth, outHeight, outOffset) {
  if (!(Number.isInteger(outWidth) && Number.isInteger(outHeight) && outWidth >= 1 && outHeight >= 1 && outWidth <= width && outHeight <= height)) {
    throw new Error(`areaDownsample: target ${outWidth}x${outHeight} must be integers within 1x1..${width}x${height}`);
  }
  const off = outOffset || 0;
  if (outWidth === width && outHeight === height) {
    out.set(src.subarray(0, width * height), off);
    return;
  }
  const t = tablesFor(width, height, outWidth, outHeight);
  const { first, count, weights } = t.rows;
  const { whole, frac } = t.cols;
  const acc = t.acc;
  const integral = t.integral;
  const area = t.area;
  let k = 0;
  for (let o = 0; o < outHeight; o++) {
    acc.fill(0);
    for (let j = 0; j < count[o]; j++) {
      const w = weights[k++];
      const r = (first[o] + j) * width;
      for (let x = 0; x < width; x++) acc[x] += w * src[r + x];
    }
    // integral[x] = sum of acc[0..x); the integral at e = whole + frac adds frac·acc[whole] (acc[width] is 0).
    let run = 0;
    for (let x = 0; x < width; x++) {
      integral[x] = run;
      run += acc[x];
    }
    integral[width] = run;
    const row = off + o * outWidth;
    let left = integral[whole[0]] + frac[0] * acc[whole[0]];
    for (let i = 0; i < outWidth; i++) {
      const right = integral[whole[i + 1]] + frac[i + 1] * acc[whole[i + 1]];
      out[row + i] = Math.round((right - left) / area);
      left = right;
    }
  }
}

module.exports = { areaDownsample };
