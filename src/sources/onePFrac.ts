/**
 * 1p-frac (Nakamura et al., ECCV 2024): ONE IFS with a target σ-factor, L
 * perturbations of its parameters, one image per perturbation, class k =
 * perturbation k. Defaults follow the released code: N = 2 maps, σ drawn in
 * [σ-0.1, σ+0.1], multiplicative Δ = 0.1, patch rendering on a 512 px canvas
 * with 100k points and fresh 3x3 masks per image, fill > 0.05 at 512 px; the
 * render is then area-downsampled to `size`.
 */
import { RECORD_VERSION, type SyntheticDataset } from "../types";
import { mapProbabilities, sigmaFactor, type Ifs } from "../fractals/ifs";
import { assertPerturbOptions, perturbIfs, type PerturbationMode } from "../fractals/perturb";
import { assertRenderOptions, fractalRendering, pickRenderOptions, RenderPool, type RenderOptions } from "../fractals/render";
import { assertSigmaFeasible, sampleIfsWithSigma } from "../fractals/sample";
import { Progress } from "../util/progress";
import { Rng } from "../util/rng";
import type { BuildOptions, SourceBuilder } from "./types";

/** Every image is rendered with the RenderOptions fields. */
export interface OnePFracParams extends RenderOptions {
  /** Number of classes = perturbations = images. */
  L: number;
  /** Perturbation box size Δ. */
  delta: number;
  /** Target σ-factor of the base IFS. */
  sigma: number;
  /** The target is drawn in [sigma - sigmaJitter, sigma + sigmaJitter]. */
  sigmaJitter: number;
  /** Maps N of the base IFS. */
  maps: number;
  perturbation: PerturbationMode;
  /** A render with fill rate <= minFill is redrawn (base search and every class). */
  minFill: number;
  /**
   * Draws allowed per image (base or class) before giving up with an error.
   * The reference redraws without bound; at Δ = 1 a class needed more than 100
   * draws at 512 px (Figure 2, seed 2), so the bound is generous.
   */
  maxAttempts: number;
}

export const ONE_P_FRAC_DEFAULTS: OnePFracParams = {
  size: 64,
  renderSize: 512,
  L: 1000,
  delta: 0.1,
  sigma: 3.5,
  sigmaJitter: 0.1,
  maps: 2,
  perturbation: "multiplicative",
  pointsPerImage: 100_000,
  mode: "patch",
  masks: "perImage",
  start: "origin",
  normalisation: "perAxis",
  padding: 0.02,
  minFill: 0.05,
  maxAttempts: 1000,
};

/** What the record keeps per class: the exact rendered system. */
export interface OnePFracClass {
  label: number;
  ifs: Ifs;
  /** Seed of this image's 3x3 masks (masks "perImage"; 0 with shared masks). */
  maskSeed: number;
  /** Fill rate at renderSize. */
  fill: number;
  /** Perturbations rejected (fill <= minFill) before this one. */
  redraws: number;
}

function validate(p: OnePFracParams): void {
  assertRenderOptions(pickRenderOptions(p));
  if (!Number.isInteger(p.L) || p.L < 1) throw new Error(`L: expected an integer >= 1 (number of classes), got ${p.L}`);
  assertPerturbOptions({ delta: p.delta, mode: p.perturbation });
  if (!Number.isFinite(p.sigmaJitter) || p.sigmaJitter < 0) throw new Error(`sigmaJitter: expected a number >= 0, got ${p.sigmaJitter}`);
  assertSigmaFeasible(p.sigma - p.sigmaJitter, p.maps, "sigma - sigmaJitter");
  assertSigmaFeasible(p.sigma + p.sigmaJitter, p.maps, "sigma + sigmaJitter");
  if (!Number.isFinite(p.minFill) || p.minFill < 0 || p.minFill >= 1) throw new Error(`minFill: expected a fraction in [0, 1), got ${p.minFill}`);
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1) throw new Error(`maxAttempts: expected an integer >= 1, got ${p.maxAttempts}`);
}

async function build(p: OnePFracParams, seed: number, options: BuildOptions = {}): Promise<SyntheticDataset> {
  validate(p);
  const rng = new Rng(seed);
  const renderSeed = rng.nextUint32();
  const pool = new RenderPool(pickRenderOptions(p), renderSeed, { workers: options.workers });
  try {
    const searchStart = performance.now();
    const base = await searchBase(p, rng, pool);
    const search = (performance.now() - searchStart) / 1000;

    const renderStart = performance.now();
    const { images, classes } = await renderClasses(p, base.ifs, rng, pool, options);
    const render = (performance.now() - renderStart) / 1000;

    return {
      images,
      labels: Int32Array.from({ length: p.L }, (_, k) => k),
      count: p.L,
      height: p.size,
      width: p.size,
      channels: 1,
      numClasses: p.L,
      record: {
        source: onePFracSource.name,
        params: { ...p },
        seed,
        rendering: fractalRendering(p),
        size: p.size,
        channels: 1,
        count: p.L,
        numClasses: p.L,
        classes,
        generator: {
          baseIfs: base.ifs,
          sigmaTarget: base.sigmaTarget,
          sigma: sigmaFactor(base.ifs),
          probabilities: mapProbabilities(base.ifs),
          renderSeed,
          searchAttempts: base.attempts,
          baseFill: base.fill,
        },
        timings: { search, render },
        version: RECORD_VERSION,
      },
    };
  } finally {
    await pool.close();
  }
}

/** Draws σ-exact systems until one renders with fill > minFill. */
async function searchBase(p: OnePFracParams, rng: Rng, pool: RenderPool) {
  let lastFill = 0;
  for (let attempt = 1; attempt <= p.maxAttempts; attempt++) {
    const sigmaTarget = rng.uniform(p.sigma - p.sigmaJitter, p.sigma + p.sigmaJitter);
    const ifs = sampleIfsWithSigma(rng, { sigma: sigmaTarget, maps: p.maps });
    lastFill = (await pool.fills([{ ifs }]))[0];
    if (lastFill > p.minFill) return { ifs, sigmaTarget, attempts: attempt, fill: lastFill };
  }
  throw new Error(`1p-frac: no base IFS with fill > minFill ${p.minFill} in maxAttempts ${p.maxAttempts} draws (last fill ${lastFill.toFixed(4)}); lower minFill or raise maxAttempts`);
}

/** Classes per render call within a round. */
const ROUND_SLICE = 1024;

/**
 * Each class has its own random stream (forked in class order), so a redraw
 * of class k never shifts another class's perturbation: the result does not
 * depend on batching or worker count. Rounds re-render only rejected classes.
 */
async function renderClasses(p: OnePFracParams, base: Ifs, rng: Rng, pool: RenderPool, options: BuildOptions) {
  const px = p.size * p.size;
  const probabilities = mapProbabilities(base);
  const perturb = { delta: p.delta, mode: p.perturbation };
  const streams = Array.from({ length: p.L }, () => rng.fork());
  // A class's masks come from its own stream right after its perturbation, so a redraw brings fresh masks too.
  const draw = (s: Rng) => ({ ifs: perturbIfs(base, s, perturb), maskSeed: p.masks === "perImage" ? s.nextUint32() : 0 });
  const classes: OnePFracClass[] = streams.map((s, k) => ({ label: k, ...draw(s), fill: 0, redraws: 0 }));
  const images = new Uint8Array(p.L * px);
  const progress = new Progress({ label: "1p-frac render", total: p.L, unit: "img", quiet: p.L * p.pointsPerImage < 2e7 });
  let pending = classes.map((_, k) => k);
  let shown = 0;
  let firstRound = true;
  // Progress follows the first round (all L classes); redraw rounds are short.
  const progressFrom = (offset: number) => (done: number) => {
    progress.tick(offset + done - shown);
    shown = offset + done;
    options.onProgress?.(shown, p.L);
  };
  while (pending.length > 0) {
    const again: number[] = [];
    // A round renders in slices, so its own image buffer stays small beside the set's (L = 21,000 at 224 px).
    for (let start = 0; start < pending.length; start += ROUND_SLICE) {
      const slice = pending.slice(start, start + ROUND_SLICE);
      const result = await pool.render(
        slice.map((k) => ({ ifs: classes[k].ifs, maskSeed: classes[k].maskSeed, probabilities })),
        firstRound ? progressFrom(start) : undefined,
      );
      slice.forEach((k, i) => {
        const c = classes[k];
        c.fill = result.fills[i];
        if (c.fill > p.minFill) {
          images.set(result.images.subarray(i * px, (i + 1) * px), k * px);
          return;
        }
        if (c.redraws + 1 >= p.maxAttempts) {
          throw new Error(`1p-frac: class ${k} still has fill ${c.fill.toFixed(4)} <= minFill ${p.minFill} after maxAttempts ${p.maxAttempts} perturbations; lower minFill or raise maxAttempts`);
        }
        c.redraws++;
        Object.assign(c, draw(streams[k]));
        again.push(k);
      });
    }
    firstRound = false;
    pending = again;
  }
  const redraws = classes.reduce((s, c) => s + c.redraws, 0);
  progress.finish(`${redraws} redraws`);
  return { images, classes };
}

export const onePFracSource: SourceBuilder<OnePFracParams> = {
  name: "1p-frac",
  description: "One IFS (σ-factor target, N maps), L perturbations of its parameters, one image per class (Nakamura et al. 2024)",
  defaults: ONE_P_FRAC_DEFAULTS,
  validate,
  build,
  legacyParams: (p) => ({ renderSize: p.size, masks: "shared" }),
};
