/**
 * Multi-category fractal baselines (paper Table 2):
 * - FractalDB-style (Kataoka et al. 2020): C categories from a random search
 *   (fill >= 0.2), M instances each by parameter re-weighting (one map's six
 *   parameters times a weight from a small grid), patch randomness and flips.
 * - OFDB-style (Nakamura et al. 2023): C categories, one image each.
 * Both share the search and the renderer; OFDB is FractalDB with M = 1 and
 * no instance augmentation.
 */
import type { SyntheticDataset } from "../datasets/types";
import { mapProbabilities, type Ifs } from "../fractals/ifs";
import { assertRenderOptions, DEFAULT_RENDER, pickRenderOptions, RenderPool, type RenderMode, type RenderOptions, type RenderTask } from "../fractals/render";
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

export interface FractalDbParams extends OfdbParams {
  /** Instances M per category. */
  instances: number;
  /** Re-weighting grid: an instance multiplies one map's parameters by one of these. */
  weights: number[];
  /** Flip instances horizontally / vertically at random. */
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
  categories: 100,
  instances: 10,
  weights: [0.8, 0.9, 1.0, 1.1, 1.2],
  flips: true,
};

/** How one FractalDB instance was made from its category's system (enough to re-render it exactly). */
export interface FractalInstance {
  /** Index of the re-weighted map. */
  map: number;
  weight: number;
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
  return { ...pickRenderOptions(p), size: p.searchSize, mode: p.searchMode, pointsPerImage: p.searchPointsPerImage };
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
  if (typeof p.flips !== "boolean") throw new Error(`flips: expected a boolean, got ${JSON.stringify(p.flips)}`);
}

function reweight(ifs: Ifs, map: number, weight: number): Ifs {
  return ifs.map((m, i) => (i === map ? { a: m.a * weight, b: m.b * weight, c: m.c * weight, d: m.d * weight, e: m.e * weight, f: m.f * weight } : m));
}

/** Tasks for one category's instances; probabilities stay those of the searched (un-weighted) system. */
function instanceTasks(category: FractalCategory): RenderTask[] {
  const probabilities = mapProbabilities(category.ifs);
  return category.instances.map((inst) => ({
    ifs: reweight(category.ifs, inst.map, inst.weight),
    probabilities,
    patchKey: inst.patchKey,
    flipX: inst.flipX,
    flipY: inst.flipY,
  }));
}

function drawInstances(rng: Rng, ifs: Ifs, p: FractalDbParams): FractalInstance[] {
  return Array.from({ length: p.instances }, () => ({
    map: rng.int(ifs.length),
    weight: p.weights[rng.int(p.weights.length)],
    patchKey: rng.int(512),
    flipX: p.flips && rng.next() < 0.5,
    flipY: p.flips && rng.next() < 0.5,
  }));
}

/** OFDB is the single plain instance of each category. */
const PLAIN_INSTANCE: FractalInstance = { map: 0, weight: 1, patchKey: 0, flipX: false, flipY: false };

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
      instances: instances ? drawInstances(instanceRng, ifs, instances) : [PLAIN_INSTANCE],
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
        size: p.size,
        channels: 1,
        count,
        numClasses: p.categories,
        classes,
        generator: { searchSeed, renderSeed, candidates: found.candidates },
        timings: { search, render },
        version: "1",
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
};
