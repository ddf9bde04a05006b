/**
 * A minimal rasteriser for line art on a uint8 grey canvas: polylines are drawn
 * by stamping a square pen along each segment (every pixel step for a 1 px
 * pen, every half pixel for wider ones). No
 * anti-aliasing: sources only need crisp, deterministic strokes.
 */
import { Rng } from "../util/rng";
import { Image } from "./image";

/**
 * Draws the polyline through (xs[i], ys[i]) (pixel coordinates) with a pen of
 * `widthPx` pixels, writing `value`. `closed` joins the last point to the first.
 */
export function drawPolyline(canvas: Image, xs: ArrayLike<number>, ys: ArrayLike<number>, closed: boolean, widthPx: number, value: number): void {
  if (canvas.channels !== 1) throw new Error(`drawPolyline: expected a 1-channel canvas, got ${canvas.channels}`);
  const n = xs.length;
  const segments = closed ? n : n - 1;
  const half = Math.max(0, (Math.max(1, widthPx) - 1) / 2);
  // Dense curves (more vertices than pixels) land many stamps on one pixel: skip repeats.
  let lastX = NaN;
  let lastY = NaN;
  const stampOnce = (x: number, y: number) => {
    const rx = Math.round(x);
    const ry = Math.round(y);
    if (rx === lastX && ry === lastY && half === 0) return;
    lastX = rx;
    lastY = ry;
    stamp(canvas, x, y, half, value);
  };
  if (n > 0) stampOnce(xs[0], ys[0]);
  for (let s = 0; s < segments; s++) {
    const x0 = xs[s];
    const y0 = ys[s];
    const x1 = xs[(s + 1) % n];
    const y1 = ys[(s + 1) % n];
    // A 1 px pen moved by at most 1 px per axis per stamp leaves an 8-connected line; wider pens step every half pixel.
    const steps = half === 0 ? Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)))) : Math.max(1, Math.ceil(2 * Math.hypot(x1 - x0, y1 - y0)));
    for (let t = 1; t <= steps; t++) stampOnce(x0 + ((x1 - x0) * t) / steps, y0 + ((y1 - y0) * t) / steps);
  }
}

function stamp(canvas: Image, x: number, y: number, half: number, value: number): void {
  const { width: w, height: h, data } = canvas;
  const xa = Math.max(0, Math.round(x - half));
  const xb = Math.min(w - 1, Math.round(x + half));
  const ya = Math.max(0, Math.round(y - half));
  const yb = Math.min(h - 1, Math.round(y + half));
  for (let yy = ya; yy <= yb; yy++) for (let xx = xa; xx <= xb; xx++) data[yy * w + xx] = value;
}

/**
 * Periodic 1-D Perlin-style gradient noise: `period` lattice points with random
 * slopes in [-1, 1], quintic fade between them. noise(t) is smooth, zero at
 * lattice points, roughly in [-0.5, 0.5], and noise(t + period) = noise(t), so
 * it can bend a closed contour without a seam.
 */
export function periodicNoise1d(period: number, rng: Rng): (t: number) => number {
  const slopes = new Float64Array(period);
  for (let i = 0; i < period; i++) slopes[i] = rng.uniform(-1, 1);
  return (t: number) => {
    const i0 = Math.floor(t);
    const f = t - i0;
    const g0 = slopes[((i0 % period) + period) % period];
    const g1 = slopes[(((i0 + 1) % period) + period) % period];
    const fade = f * f * f * (f * (f * 6 - 15) + 10);
    return g0 * f * (1 - fade) + g1 * (f - 1) * fade;
  };
}
