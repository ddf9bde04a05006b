/**
 * Noise sources under the LPCE loss (paper Table 4). Our interpretation, since
 * the paper gives no formula:
 *
 * - The base object is a noise image drawn once with a FIXED noise seed
 *   (derived from the dataset seed): Gaussian z ~ N(0, 1) per pixel and
 *   channel, uniform u ~ U(0, 1).
 * - Class k changes only the distribution's parameters, never the draw, so
 *   two classes differ through ε alone (like the fixed map sequence of 1p-frac).
 *   Every parameter θ is perturbed multiplicatively, θ_k = θ·(1 + ε), ε ~ U(-Δ, Δ).
 * - Gaussian: pixel = 255·(μ_k + σ_k·z̃), where z̃ is z blurred with a Gaussian
 *   of std ρ_k pixels and re-standardised to unit variance (ρ is the
 *   covariance / correlation-length parameter; ρ = 0 means i.i.d. pixels, and
 *   a zero ρ stays zero under multiplicative ε).
 * - Uniform: pixel = 255·(lo_k + (hi_k - lo_k)·u), bounds clamped to [0, 1].
 * Values are clipped to [0, 255] and rounded.
 */
import { Rng } from "../util/rng";
import { gaussianBlur } from "../image/canny";
import type { Image } from "../image/image";
import { LpceParams, RenderableSource, buildPerClass, checkNumber, drawEpsilons, validateLpce } from "./lpce";

export interface GaussianNoiseParams extends LpceParams {
  /** Mean intensity μ in [0, 1]. */
  mean: number;
  /** Standard deviation σ in intensity units [0, 1]. */
  std: number;
  /** Correlation length ρ of the noise, pixels (Gaussian blur std). */
  blurPx: number;
  channels: number;
}

export interface UniformNoiseParams extends LpceParams {
  lo: number;
  hi: number;
  channels: number;
}

function validateChannels(source: string, channels: number): void {
  checkNumber(source, "channels", channels, { integer: true });
  if (channels !== 1 && channels !== 3) throw new Error(`${source}.channels: expected 1 or 3, got ${channels}`);
}

/** The fixed noise draw: one stream per dataset seed, independent of ε. */
function noiseRng(seed: number): Rng {
  return new Rng(seed).fork();
}

function epsRng(seed: number): Rng {
  const r = new Rng(seed);
  r.fork();
  return r.fork();
}

function toBytes(values: Float32Array | Float64Array, f: (v: number) => number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(255 * f(values[i]))));
  return out;
}

/** z per channel (planar), for blurring one plane at a time. */
function gaussianPlanes(size: number, channels: number, seed: number): Float32Array[] {
  const rng = noiseRng(seed);
  const planes: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const z = new Float32Array(size * size);
    for (let i = 0; i < z.length; i++) z[i] = rng.normal();
    planes.push(z);
  }
  return planes;
}

function standardise(v: Float32Array): Float32Array {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let varSum = 0;
  for (const x of v) varSum += (x - mean) ** 2;
  const sd = Math.sqrt(varSum / v.length) || 1;
  return v.map((x) => (x - mean) / sd);
}

function interleave(planes: Float32Array[]): Float32Array {
  const ch = planes.length;
  const out = new Float32Array(planes[0].length * ch);
  planes.forEach((p, c) => p.forEach((v, i) => (out[i * ch + c] = v)));
  return out;
}

interface GaussianClass { mean: number; std: number; blurPx: number }

function renderGaussian(p: GaussianNoiseParams, planes: Float32Array[], cls: GaussianClass): Uint8Array {
  const shaped = planes.map((z) => (cls.blurPx > 0 ? standardise(gaussianBlur(z, p.size, p.size, cls.blurPx)) : z));
  return toBytes(interleave(shaped), (z) => cls.mean + cls.std * z);
}

export const gaussianSource: RenderableSource<GaussianNoiseParams> = {
  name: "gaussian",
  description: "Gaussian noise image with a fixed draw; classes perturb mean, std and correlation length (Table 4)",
  defaults: { size: 32, L: 1000, delta: 0.1, mean: 0.5, std: 0.2, blurPx: 1, channels: 1 },
  validate(p) {
    validateLpce("gaussian", p);
    checkNumber("gaussian", "mean", p.mean, { min: 0, max: 1 });
    checkNumber("gaussian", "std", p.std, { min: 0, max: 1 });
    checkNumber("gaussian", "blurPx", p.blurPx, { min: 0, max: 64 });
    validateChannels("gaussian", p.channels);
  },
  renderBase(p, seed): Image {
    const data = renderGaussian(p, gaussianPlanes(p.size, p.channels, seed), p);
    return { data, width: p.size, height: p.size, channels: p.channels };
  },
  async build(p, seed, options) {
    const t0 = Date.now();
    const planes = gaussianPlanes(p.size, p.channels, seed);
    const classes: GaussianClass[] = drawEpsilons(epsRng(seed), p.L, 3, p.delta).map(([e1, e2, e3]) => ({
      mean: p.mean * (1 + e1),
      std: p.std * (1 + e2),
      blurPx: p.blurPx * (1 + e3),
    }));
    return buildPerClass({
      source: "gaussian", params: p, seed, size: p.size, channels: p.channels, numClasses: p.L,
      items: classes.map((c, k) => ({ label: k, record: c })),
      render: (k) => renderGaussian(p, planes, classes[k]),
      timings: { sample: (Date.now() - t0) / 1000 },
    }, options);
  },
};

interface UniformClass { lo: number; hi: number }

function uniformDraw(p: UniformNoiseParams, seed: number): Float32Array {
  const rng = noiseRng(seed);
  const u = new Float32Array(p.size * p.size * p.channels);
  for (let i = 0; i < u.length; i++) u[i] = rng.next();
  return u;
}

const renderUniform = (u: Float32Array, c: UniformClass) => toBytes(u, (v) => c.lo + (c.hi - c.lo) * v);

export const uniformSource: RenderableSource<UniformNoiseParams> = {
  name: "uniform",
  description: "Uniform noise image with a fixed draw; classes perturb its bounds (Table 4)",
  defaults: { size: 32, L: 1000, delta: 0.1, lo: 0.2, hi: 0.8, channels: 1 },
  validate(p) {
    validateLpce("uniform", p);
    checkNumber("uniform", "lo", p.lo, { min: 0, max: 1 });
    checkNumber("uniform", "hi", p.hi, { min: 0, max: 1, above: p.lo });
    validateChannels("uniform", p.channels);
  },
  renderBase(p, seed): Image {
    return { data: renderUniform(uniformDraw(p, seed), p), width: p.size, height: p.size, channels: p.channels };
  },
  async build(p, seed, options) {
    const t0 = Date.now();
    const u = uniformDraw(p, seed);
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    const classes: UniformClass[] = drawEpsilons(epsRng(seed), p.L, 2, p.delta).map(([e1, e2]) => ({
      lo: clamp(p.lo * (1 + e1)),
      hi: clamp(p.hi * (1 + e2)),
    }));
    return buildPerClass({
      source: "uniform", params: p, seed, size: p.size, channels: p.channels, numClasses: p.L,
      items: classes.map((c, k) => ({ label: k, record: c })),
      render: (k) => renderUniform(u, classes[k]),
      timings: { sample: (Date.now() - t0) / 1000 },
    }, options);
  },
};
