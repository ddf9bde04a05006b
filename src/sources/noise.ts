/**
 * Noise sources under the LPCE loss (paper Table 4). The base object is a
 * noise image drawn once with a FIXED noise seed (derived from the dataset
 * seed); class k changes only the distribution's parameters, never the draw,
 * so two classes differ through ε alone (like the fixed map sequence of
 * 1p-frac). Every parameter θ is perturbed multiplicatively, θ_k = θ·(1 + ε),
 * ε ~ U(-Δ, Δ).
 *
 * - Gaussian, model "colour" (default; the paper adds ε to "the mean vector
 *   and covariance matrix"): every pixel's colour is drawn from N(μ, Σ) over
 *   the channels, pixel = 255·(μ_k + Σ_k^{1/2}·z) with z ~ N(0, I) per pixel.
 *   Base μ = mean·1 and Σ = std²·(1 on the diagonal, correlation off it);
 *   class k perturbs every entry of μ and of Σ's upper triangle (mirrored),
 *   then projects Σ_k onto the positive semi-definite matrices (negative
 *   eigenvalues set to 0).
 * - Gaussian, model "blur" (the toolkit's first reading, kept as an option):
 *   z blurred with a Gaussian of std ρ_k pixels and re-standardised; classes
 *   perturb mean, std and ρ.
 * - Uniform: pixel = 255·(lo_k + (hi_k - lo_k)·u), bounds clamped to [0, 1].
 * Values are clipped to [0, 255] and rounded.
 */
import { Rng } from "../util/rng";
import { gaussianBlur } from "../image/canny";
import type { Image } from "../image/image";
import { LpceParams, RenderableSource, buildPerClass, checkChoice, checkNumber, drawEpsilons, validateLpce } from "./lpce";

export const NOISE_MODELS = ["colour", "blur"] as const;

export interface GaussianNoiseParams extends LpceParams {
  model: (typeof NOISE_MODELS)[number];
  /** Mean intensity μ in [0, 1] (every channel). */
  mean: number;
  /** Standard deviation σ in intensity units [0, 1] (every channel). */
  std: number;
  /** "colour": correlation between channels in the base covariance (RGB only). */
  correlation: number;
  /** "blur": correlation length ρ of the noise, pixels (Gaussian blur std). */
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

interface BlurClass { mean: number; std: number; blurPx: number }
/** μ (channels) and Σ (channels x channels, row-major) after the PSD projection. */
interface ColourClass { mu: number[]; cov: number[] }
type GaussianClass = BlurClass | ColourClass;

function renderBlur(p: GaussianNoiseParams, planes: Float32Array[], cls: BlurClass): Uint8Array {
  const shaped = planes.map((z) => (cls.blurPx > 0 ? standardise(gaussianBlur(z, p.size, p.size, cls.blurPx)) : z));
  return toBytes(interleave(shaped), (z) => cls.mean + cls.std * z);
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi): values and column eigenvectors. */
export function symmetricEigen(m: number[], n: number): { values: number[]; vectors: number[] } {
  const a = m.slice();
  const v: number[] = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p * n + q] === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

/** V·f(Λ)·Vᵀ for a symmetric matrix. */
function spectralMap(m: number[], n: number, f: (lambda: number) => number): number[] {
  const { values, vectors: v } = symmetricEigen(m, n);
  const out = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j] += v[i * n + k] * f(values[k]) * v[j * n + k];
  return out;
}

/** The nearest PSD matrix in Frobenius norm: negative eigenvalues to 0. */
export function projectPsd(m: number[], n: number): number[] {
  return spectralMap(m, n, (l) => Math.max(0, l));
}

function renderColour(p: GaussianNoiseParams, planes: Float32Array[], cls: ColourClass): Uint8Array {
  const n = p.channels;
  const root = spectralMap(cls.cov, n, (l) => Math.sqrt(Math.max(0, l)));
  const out = new Uint8Array(p.size * p.size * n);
  for (let i = 0; i < p.size * p.size; i++) {
    for (let c = 0; c < n; c++) {
      let v = cls.mu[c];
      for (let k = 0; k < n; k++) v += root[c * n + k] * planes[k][i];
      out[i * n + c] = Math.min(255, Math.max(0, Math.round(255 * v)));
    }
  }
  return out;
}

function renderGaussian(p: GaussianNoiseParams, planes: Float32Array[], cls: GaussianClass): Uint8Array {
  return "mu" in cls ? renderColour(p, planes, cls) : renderBlur(p, planes, cls);
}

/** Base μ and Σ of the colour model. */
function baseColour(p: GaussianNoiseParams): ColourClass {
  const n = p.channels;
  return {
    mu: new Array<number>(n).fill(p.mean),
    cov: Array.from({ length: n * n }, (_, i) => p.std * p.std * (Math.floor(i / n) === i % n ? 1 : p.correlation)),
  };
}

/** ε on every entry of μ and of Σ's upper triangle (mirrored), then the PSD projection. */
function drawColourClasses(p: GaussianNoiseParams, rng: Rng): ColourClass[] {
  const n = p.channels;
  const base = baseColour(p);
  const upper: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) upper.push([i, j]);
  return drawEpsilons(rng, p.L, n + upper.length, p.delta).map((eps) => {
    const mu = base.mu.map((m, c) => m * (1 + eps[c]));
    const cov = base.cov.slice();
    upper.forEach(([i, j], u) => (cov[i * n + j] = cov[j * n + i] = base.cov[i * n + j] * (1 + eps[n + u])));
    return { mu, cov: projectPsd(cov, n) };
  });
}

function drawBlurClasses(p: GaussianNoiseParams, rng: Rng): BlurClass[] {
  return drawEpsilons(rng, p.L, 3, p.delta).map(([e1, e2, e3]) => ({
    mean: p.mean * (1 + e1),
    std: p.std * (1 + e2),
    blurPx: p.blurPx * (1 + e3),
  }));
}

export const gaussianSource: RenderableSource<GaussianNoiseParams> = {
  name: "gaussian",
  description: "Gaussian noise image with a fixed draw; classes perturb the per-pixel colour mean vector and covariance (Table 4; model blur: mean, std, correlation length)",
  defaults: { size: 32, L: 1000, delta: 0.1, model: "colour", mean: 0.5, std: 0.2, correlation: 0.5, blurPx: 1, channels: 1 },
  validate(p) {
    validateLpce("gaussian", p);
    checkChoice("gaussian", "model", p.model, NOISE_MODELS);
    checkNumber("gaussian", "correlation", p.correlation, { min: -0.5, max: 1 });
    checkNumber("gaussian", "mean", p.mean, { min: 0, max: 1 });
    checkNumber("gaussian", "std", p.std, { min: 0, max: 1 });
    checkNumber("gaussian", "blurPx", p.blurPx, { min: 0, max: 64 });
    validateChannels("gaussian", p.channels);
  },
  renderBase(p, seed): Image {
    const data = renderGaussian(p, gaussianPlanes(p.size, p.channels, seed), p.model === "colour" ? baseColour(p) : p);
    return { data, width: p.size, height: p.size, channels: p.channels };
  },
  legacyParams: () => ({ model: "blur" }),
  async build(p, seed, options) {
    const t0 = Date.now();
    const planes = gaussianPlanes(p.size, p.channels, seed);
    const classes: GaussianClass[] = p.model === "colour" ? drawColourClasses(p, epsRng(seed)) : drawBlurClasses(p, epsRng(seed));
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
  legacyParams: () => ({}),
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
