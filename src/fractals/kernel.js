"use strict";
/**
 * The chaos-game render kernel: the ONE implementation used both in the main
 * thread (src/fractals/render.ts) and in worker threads (renderWorker.js).
 * It is plain CommonJS so a worker can load it without a TypeScript loader;
 * types are in kernel.d.ts.
 *
 * Speed matters here (1000 images x 100k points per dataset): typed arrays
 * only, no allocation per point or per image (scratch buffers are cached per
 * thread), map choices read from a uniform sequence shared by every task.
 */

const { areaDownsample } = require("../image/area.js");

const MODE_POINT = 0;
const MODE_PATCH = 1;
const MODE_DENSITY = 2;
const GREY = 127;

/** Scratch buffers reused across calls in this thread. */
let scratch = null;

function getScratch(points, size) {
  const side = size + 2;
  if (scratch === null || scratch.xs.length < points || scratch.side !== side) {
    scratch = {
      xs: new Float64Array(points),
      ys: new Float64Array(points),
      side,
      canvas: new Uint8Array(side * side),
      counts: new Uint32Array(side * side),
      full: new Uint8Array(size * size),
      minX: 0,
      maxX: 0,
      minY: 0,
      maxY: 0,
    };
  }
  return scratch;
}

/**
 * Renders every task of a packed batch at opts.renderSize and writes it into
 * `out` area-downsampled to opts.size (count x size x size bytes); `out` null
 * renders for the fill rates only (category search).
 * batch: {count, nMaps: Int32Array, offsets: Int32Array (map offset of each
 *   task; its params are params[6*offset ..], its cumulative probabilities
 *   cum[offset ..]), params: Float64Array (a,b,c,d,e,f per map),
 *   cum: Float64Array, patchKeys: Uint16Array, maskSeeds: Uint32Array,
 *   flips: Uint8Array (bit 0 = horizontal, bit 1 = vertical)}
 * sequence: {uniforms: Float64Array (one per point, picks the map),
 *   masks: Uint16Array (one 9-bit 3x3 patch per point, for shared masks)}
 * opts: {size, renderSize, points, mode: 0 point | 1 patch | 2 density,
 *   perImageMasks: boolean, fixedPointStart: boolean, keepAspect: boolean,
 *   padding (fraction of side)}
 * Returns the fill rate (fraction of non-zero pixels) of every task at renderSize.
 */
function renderBatch(batch, sequence, opts, out) {
  const size = opts.size;
  const full = opts.renderSize;
  const points = opts.points;
  if (sequence.uniforms.length < points || (!opts.perImageMasks && sequence.masks.length < points)) {
    throw new Error(`render kernel: sequence has ${sequence.uniforms.length} entries, need ${points}`);
  }
  if (out !== null && out.length < batch.count * size * size) {
    throw new Error(`render kernel: output has ${out.length} bytes, need ${batch.count * size * size}`);
  }
  const s = getScratch(points, full);
  const fills = new Float64Array(batch.count);
  for (let i = 0; i < batch.count; i++) {
    const valid = iterate(batch, i, sequence.uniforms, points, opts.fixedPointStart, s);
    s.canvas.fill(0);
    if (valid > 0) plot(s, valid, sequence.masks, batch, i, opts);
    fills[i] = crop(s, full, batch.flips[i], s.full, 0) / (full * full);
    if (out !== null) areaDownsample(s.full, full, full, out, size, size, i * size * size);
  }
  return fills;
}

/** Pass 1: the chaos game and the bounding box. Stops at the first non-finite point (all later ones would be too). */
function iterate(batch, i, uniforms, points, fixedPointStart, s) {
  const xs = s.xs, ys = s.ys;
  const p = batch.params;
  const cum = batch.cum;
  const first = batch.offsets[i];
  const last = batch.nMaps[i] - 1;
  let x = 0;
  let y = 0;
  if (fixedPointStart) {
    // Fixed point of map 1: (I - A) v = b. A singular I - A has no unique
    // fixed point; the origin is then as good a start as any.
    const o = 6 * first;
    const m00 = 1 - p[o], m01 = -p[o + 1], m10 = -p[o + 2], m11 = 1 - p[o + 3];
    const det = m00 * m11 - m01 * m10;
    if (Math.abs(det) > 1e-12) {
      x = (m11 * p[o + 4] - m01 * p[o + 5]) / det;
      y = (m00 * p[o + 5] - m10 * p[o + 4]) / det;
    }
  }
  let n = 0;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let t = 0; t < points; t++) {
    // Branch-free map choice: random branches mispredict often in this loop.
    const u = uniforms[t];
    let k = 0;
    for (let j = 0; j < last; j++) k += u >= cum[first + j] ? 1 : 0;
    const o = 6 * (first + k);
    const nx = p[o] * x + p[o + 1] * y + p[o + 4];
    y = p[o + 2] * x + p[o + 3] * y + p[o + 5];
    x = nx;
    // x - x is 0 for finite x and NaN for +-Infinity or NaN.
    if (x - x !== 0 || y - y !== 0) break;
    xs[n] = x;
    ys[n] = y;
    n++;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  s.minX = minX;
  s.maxX = maxX;
  s.minY = minY;
  s.maxY = maxY;
  return n;
}

/**
 * Pass 2: map every point into the (renderSize+2)^2 canvas (1 px border so 3x3
 * stamps need no clipping). Per-image masks come from a mulberry32 stream
 * seeded by the task's mask seed, drawn inline so no per-image mask array is built.
 */
function plot(s, n, masks, batch, task, opts) {
  const xs = s.xs, ys = s.ys;
  const minX = s.minX, maxX = s.maxX, minY = s.minY, maxY = s.maxY;
  const size = opts.renderSize;
  const pad = opts.padding * size;
  const inner = Math.max(0, size - 1 - 2 * pad);
  let sx = scaleFor(maxX - minX, inner);
  let sy = scaleFor(maxY - minY, inner);
  if (opts.keepAspect) sx = sy = Math.min(sx, sy);
  // Centre each axis: with a zero range (or a kept aspect) the cloud is narrower than the canvas.
  const ox = pad + (inner - (maxX - minX) * sx) / 2 + 1.5;
  const oy = pad + (inner - (maxY - minY) * sy) / 2 + 1.5;
  const side = s.side;
  const canvas = s.canvas;
  const last = size; // largest valid canvas coordinate of an image pixel (border excluded)
  if (opts.mode === MODE_PATCH) {
    const perImage = opts.perImageMasks;
    const patchKey = batch.patchKeys[task];
    let state = batch.maskSeeds[task] | 0;
    let bits = 0; // one 32-bit draw holds the masks of 3 points (27 bits)
    let slot = 3;
    for (let t = 0; t < n; t++) {
      const cx = clampIndex(((xs[t] - minX) * sx + ox) | 0, last);
      const cy = clampIndex(((ys[t] - minY) * sy + oy) | 0, last);
      let m;
      if (perImage) {
        if (slot === 3) {
          state = (state + 0x6d2b79f5) | 0;
          let z = Math.imul(state ^ (state >>> 15), state | 1);
          z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
          bits = (z ^ (z >>> 14)) >>> 0;
          slot = 0;
        }
        m = bits & 511;
        bits >>>= 9;
        slot++;
      } else {
        m = masks[t] ^ patchKey;
      }
      let row = (cy - 1) * side + cx - 1;
      // Multiplying by the mask bit instead of branching: the bits are random.
      canvas[row] = (m & 1) * GREY;
      canvas[row + 1] = ((m >> 1) & 1) * GREY;
      canvas[row + 2] = ((m >> 2) & 1) * GREY;
      row += side;
      canvas[row] = ((m >> 3) & 1) * GREY;
      canvas[row + 1] = ((m >> 4) & 1) * GREY;
      canvas[row + 2] = ((m >> 5) & 1) * GREY;
      row += side;
      canvas[row] = ((m >> 6) & 1) * GREY;
      canvas[row + 1] = ((m >> 7) & 1) * GREY;
      canvas[row + 2] = ((m >> 8) & 1) * GREY;
    }
  } else if (opts.mode === MODE_POINT) {
    for (let t = 0; t < n; t++) {
      const cx = clampIndex(((xs[t] - minX) * sx + ox) | 0, last);
      const cy = clampIndex(((ys[t] - minY) * sy + oy) | 0, last);
      canvas[cy * side + cx] = GREY;
    }
  } else {
    const counts = s.counts;
    counts.fill(0);
    let max = 0;
    for (let t = 0; t < n; t++) {
      const cx = clampIndex(((xs[t] - minX) * sx + ox) | 0, last);
      const cy = clampIndex(((ys[t] - minY) * sy + oy) | 0, last);
      const c = ++counts[cy * side + cx];
      if (c > max) max = c;
    }
    const norm = 255 / Math.log1p(max);
    for (let j = 0; j < counts.length; j++) {
      if (counts[j] > 0) canvas[j] = Math.max(1, Math.round(Math.log1p(counts[j]) * norm));
    }
  }
}

/** Pixels per unit; 0 for a degenerate (zero or overflowing) range so the axis collapses to the centre. */
function scaleFor(range, inner) {
  return range > 0 && range < Infinity ? inner / range : 0;
}

/** Canvas coordinates of image pixels run 1..size (rounding at the far edge can reach size+1). */
function clampIndex(v, last) {
  return v < 1 ? 1 : v > last ? last : v;
}

/** Copies the canvas interior into out (flipping as asked) and counts non-zero pixels. */
function crop(s, size, flip, out, offset) {
  const side = s.side;
  const canvas = s.canvas;
  const flipX = (flip & 1) !== 0;
  const flipY = (flip & 2) !== 0;
  let nonZero = 0;
  for (let r = 0; r < size; r++) {
    const src = (r + 1) * side + 1;
    const dst = offset + (flipY ? size - 1 - r : r) * size;
    if (flipX) {
      for (let c = 0; c < size; c++) {
        const v = canvas[src + c];
        out[dst + size - 1 - c] = v;
        nonZero += (v + 255) >> 8;
      }
    } else {
      for (let c = 0; c < size; c++) {
        const v = canvas[src + c];
        out[dst + c] = v;
        nonZero += (v + 255) >> 8; // 1 for any non-zero byte, without a branch
      }
    }
  }
  return nonZero;
}

module.exports = { renderBatch, MODE_POINT, MODE_PATCH, MODE_DENSITY };
