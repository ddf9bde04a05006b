/**
 * Multi-category fractal baselines (paper Table 2):
 * - FractalDB-style (Kataoka et al. 2020): C categories from a random search
 *   (fill >= 0.2), M instances each. As in the FractalDB renderer
 *   (make_fractaldb.py), an instance applies one weight row (w_a..w_f) to
 *   every map, parameter a of every map times w_a and so on; the rows are the
 *   identity plus one parameter index scaled by one grid value (grid 0.8..1.2:
 *   1 + 6 x 4 = 25 rows); every row comes in 4 flips; every instance draws
 *   fresh patch masks. Rendered at 362 px with 200k points (FractalDB-1k).
 * - OFDB-style (Nakamura et al. 2023): C categories, one image each, 512 px,
 *   100k points.
 * Both share the search and the renderer; OFDB is FractalDB with M = 1 and
 * no instance augmentation.
 */
import { RECORD_VERSION, type SyntheticDataset } from "../types";
import { mapProbabilities, type Ifs } from "../fractals/ifs";
import { assertRenderOptions, DEFAULT_RENDER, fractalRendering, pickRenderOptions, RenderPool, type RenderMode, type RenderOptions, type RenderTask } from "../fractals/render";
import { searchCategories } from "../fractals/search";
import { Progress } from "../util/progress";
import { Rng } from "../util/rng";
import type { BuildOptions, SourceBuilder } from "./types";

/** The output images are rendered with the RenderOptions fields. */
export interface OfdbParams extends RenderOptions {
  /** Categories C (= classes). */
  categories: number;
  /** The search renders candidates at this size, mode and point count... */
  searchSize: number;
  searchMode: RenderMode;
  searchPointsPerImage: number;
  /** ...and accepts one when its fill rate is >= searchMinFill. */
  searchMinFill: number;
  /** Candidate systems have minMaps..maxMaps maps. */
  minMaps: number;
  maxMaps: number;
  /** Error out after this many candidates per category wanted. */
  maxCandidatesPerCategory: number;
}

/**
 * "parameterRow": an instance scales one parameter index of every map (FractalDB).
 * "oneMap": an instance scales all six parameters of one random map (sets recorded before weight rows).
 */
export type Weighting = "parameterRow" | "oneMap";
export const WEIGHTINGS: readonly Weighting[] = ["parameterRow", "oneMap"];

export interface FractalDbParams extends OfdbParams {
  /** Instances M per category. */
  instances: number;
  /** Weight grid: each value other than 1 scales one parameter index (a..f) in its own weight row. */
  weights: number[];
  weighting: Weighting;
  /** Instances cycle through the 4 flips (none, x, y, both); oneMap: flip at random. */
  flips: boolean;
}

/** Search settings follow FractalDB (512 px, fill >= 0.2, 2-7 maps); output size is a CPU-scale default. */
export const OFDB_DEFAULTS: OfdbParams = {
  categories: 1000,
  ...DEFAULT_RENDER,
  searchSize: 512,
  searchMode: "point",
  searchPointsPerImage: 100_000,
  searchMinFill: 0.2,
  minMaps: 2,
  maxMaps: 7,
  maxCandidatesPerCategory: 1000,
};

export const FRACTAL_DB_DEFAULTS: FractalDbParams = {
  ...OFDB_DEFAULTS,
  renderSize: 362,
  pointsPerImage: 200_000,
  categories: 100,
  instances: 10,
  weights: [0.8, 0.9, 1.0, 1.1, 1.2],
  weighting: "parameterRow",
  flips: true,
};

/** How one FractalDB instance was made from its category's system (enough to re-render it exactly). */
export interface FractalInstance {
  /** Multipliers of a..f, applied to every map ("parameterRow"). */
  row?: number[];
  /** Index of the re-weighted map and its weight ("oneMap"). */
  map?: number;
  weight?: number;
  /** Seed of the instance's own masks (masks "perImage"). */
  maskSeed: number;
  /** XORed into the shared masks (masks "shared"). */
  patchKey: number;
  flipX: boolean;
  flipY: boolean;
}

export interface FractalCategory {
  label: number;
  ifs: Ifs;
  /** Fill rate at the search size. */
  searchFill: number;
  instances: FractalInstance[];
}

function searchRenderOptions(p: OfdbParams): RenderOptions {
  return { ...pickRenderOptions(p), size: p.searchSize, renderSize: p.searchSize, mode: p.searchMode, pointsPerImage: p.searchPointsPerImage };
}

function validateOfdb(p: OfdbParams): void {
  if (!Number.isInteger(p.categories) || p.categories < 1) throw new Error(`categories: expected an integer >= 1, got ${p.categories}`);
  assertRenderOptions(pickRenderOptions(p));
  try {
    assertRenderOptions(searchRenderOptions(p));
  } catch (e) {
    throw new Error(`search${(e as Error).message.replace(/^./, (c) => c.toUpperCase())}`);
  }
  if (!Number.isFinite(p.searchMinFill) || p.searchMinFill < 0 || p.searchMinFill > 1) throw new Error(`searchMinFill: expected a fraction in [0, 1], got ${p.searchMinFill}`);
  if (!Number.isInteger(p.minMaps) || !Number.isInteger(p.maxMaps) || p.minMaps < 1 || p.maxMaps < p.minMaps || p.maxMaps > 255) {
    throw new Error(`minMaps/maxMaps: need integers 1 <= minMaps <= maxMaps <= 255, got ${p.minMaps}/${p.maxMaps}`);
  }
  if (!Number.isInteger(p.maxCandidatesPerCategory) || p.maxCandidatesPerCategory < 1) {
    throw new Error(`maxCandidatesPerCategory: expected an integer >= 1, got ${p.maxCandidatesPerCategory}`);
  }
}

function validateFractalDb(p: FractalDbParams): void {
  validateOfdb(p);
  if (!Number.isInteger(p.instances) || p.instances < 1) throw new Error(`instances: expected an integer >= 1, got ${p.instances}`);
  if (!Array.isArray(p.weights) || p.weights.length === 0 || !p.weights.every((w) => Number.isFinite(w))) {
    throw new Error(`weights: expected a non-empty array of finite numbers, got ${JSON.stringify(p.weights)}`);
  }
  if (!WEIGHTINGS.includes(p.weighting)) throw new Error(`weighting: expected one of ${WEIGHTINGS.join(", ")}, got ${JSON.stringify(p.weighting)}`);
  if (typeof p.flips !== "boolean") throw new Error(`flips: expected a boolean, got ${JSON.stringify(p.flips)}`);
}

/** Identity first, then for each parameter index a..f each grid value other than 1. */
export function weightRows(grid: number[]): number[][] {
  const rows = [[1, 1, 1, 1, 1, 1]];
  for (let j = 0; j < 6; j++) {
    for (const w of grid) if (w !== 1) rows.push(Array.from({ length: 6 }, (_, i) => (i === j ? w : 1)));
  }
  return rows;
}

function reweight(ifs: Ifs, inst: FractalInstance): Ifs {
  if (inst.row) {
    const [wa, wb, wc, wd, we, wf] = inst.row;
    return ifs.map((m) => ({ a: m.a * wa, b: m.b * wb, c: m.c * wc, d: m.d * wd, e: m.e * we, f: m.f * wf }));
  }
  const w = inst.weight ?? 1;
  return ifs.map((m, i) => (i === inst.map ? { a: m.a * w, b: m.b * w, c: m.c * w, d: m.d * w, e: m.e * w, f: m.f * w } : m));
}

/** Tasks for one category's instances; probabilities stay those of the searched (un-weighted) system. */
function instanceTasks(category: FractalCategory): RenderTask[] {
  const probabilities = mapProbabilities(category.ifs);
  return category.instances.map((inst) => ({
    ifs: reweight(category.ifs, inst),
    probabilities,
    maskSeed: inst.maskSeed,
    patchKey: inst.patchKey,
    flipX: inst.flipX,
    flipY: inst.flipY,
  }));
}

/**
 * parameterRow: every 4 consecutive instances share one weight row drawn from
 * the grid and take the 4 flips in turn; each draws its own mask seed.
 */
function drawInstances(rng: Rng, ifs: Ifs, p: FractalDbParams): FractalInstance[] {
  const perImage = p.masks === "perImage";
  if (p.weighting === "oneMap") {
    return Array.from({ length: p.instances }, () => ({
      map: rng.int(ifs.length),
      weight: p.weights[rng.int(p.weights.length)],
      patchKey: rng.int(512),
      flipX: p.flips && rng.next() < 0.5,
      flipY: p.flips && rng.next() < 0.5,
      maskSeed: perImage ? rng.nextUint32() : 0,
    }));
  }
  const rows = weightRows(p.weights);
  let row = rows[0];
  return Array.from({ length: p.instances }, (_, m) => {
    if (m % 4 === 0) row = rows[rng.int(rows.length)];
    const flip = p.flips ? m % 4 : 0;
    return { row, flipX: (flip & 1) !== 0, flipY: (flip & 2) !== 0, maskSeed: perImage ? rng.nextUint32() : 0, patchKey: perImage ? 0 : rng.int(512) };
  });
}

/** OFDB is the single plain instance of each category, with its own masks. */
function plainInstance(rng: Rng, p: OfdbParams): FractalInstance {
  return { row: [1, 1, 1, 1, 1, 1], maskSeed: p.masks === "perImage" ? rng.nextUint32() : 0, patchKey: 0, flipX: false, flipY: false };
}

/** `instances` null = OFDB: one plain image per category. */
async function buildCategorySet(source: string, p: OfdbParams, instances: FractalDbParams | null, seed: number, options: BuildOptions): Promise<SyntheticDataset> {
  const perCategory = instances?.instances ?? 1;
  const root = new Rng(seed);
  const searchRng = root.fork();
  const instanceRng = root.fork();
  const searchSeed = root.nextUint32();
  const renderSeed = root.nextUint32();
  const searchPool = new RenderPool(searchRenderOptions(p), searchSeed, { workers: options.workers });
  const renderPool = new RenderPool(pickRenderOptions(p), renderSeed, { workers: options.workers });
  try {
    const searchStart = performance.now();
    const found = await searchCategories(
      searchRng,
      { count: p.categories, minFill: p.searchMinFill, minMaps: p.minMaps, maxMaps: p.maxMaps, maxCandidates: p.maxCandidatesPerCategory * p.categories },
      searchPool,
    );
    await searchPool.close();
    const search = (performance.now() - searchStart) / 1000;

    const renderStart = performance.now();
    const classes: FractalCategory[] = found.systems.map((ifs, c) => ({
      label: c,
      ifs,
      searchFill: found.fills[c],
      instances: instances ? drawInstances(instanceRng, ifs, instances) : [plainInstance(instanceRng, p)],
    }));
    const tasks = classes.flatMap(instanceTasks);
    const progress = new Progress({ label: `${source} render`, total: tasks.length, unit: "img", quiet: tasks.length * p.pointsPerImage < 2e7 });
    let reported = 0;
    const { images } = await renderPool.render(tasks, (done) => {
      progress.tick(done - reported);
      reported = done;
      options.onProgress?.(done, tasks.length);
    });
    progress.finish();
    const render = (performance.now() - renderStart) / 1000;

    const count = tasks.length;
    return {
      images,
      labels: Int32Array.from({ length: count }, (_, i) => Math.floor(i / perCategory)),
      count,
      height: p.size,
      width: p.size,
      channels: 1,
      numClasses: p.categories,
      record: {
        source,
        params: { ...(instances ?? p) },
        seed,
        rendering: fractalRendering(p),
        size: p.size,
        channels: 1,
        count,
        numClasses: p.categories,
        classes,
        generator: { searchSeed, renderSeed, candidates: found.candidates },
        timings: { search, render },
        version: RECORD_VERSION,
      },
    };
  } finally {
    await Promise.all([searchPool.close(), renderPool.close()]);
  }
}

export const fractalDbSource: SourceBuilder<FractalDbParams> = {
  name: "fractaldb",
  description: "FractalDB-style: C searched IFS categories x M instances (parameter re-weighting, patch randomness, flips)",
  defaults: FRACTAL_DB_DEFAULTS,
  validate: validateFractalDb,
  build: (p, seed, options = {}) => {
    validateFractalDb(p);
    return buildCategorySet(fractalDbSource.name, p, p, seed, options);
  },
  legacyParams: (p) => ({ renderSize: p.size, masks: "shared", weighting: "oneMap" }),
};

export const ofdbSource: SourceBuilder<OfdbParams> = {
  name: "ofdb",
  description: "OFDB-style: C searched IFS categories, one image each",
  defaults: OFDB_DEFAULTS,
  validate: validateOfdb,
  build: (p, seed, options = {}) => {
    validateOfdb(p);
    return buildCategorySet(ofdbSource.name, p, null, seed, options);
  },
  legacyParams: (p) => ({ renderSize: p.size, masks: "shared" }),
};
