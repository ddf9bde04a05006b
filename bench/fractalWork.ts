/**
 * Construction-time measurements for the fractal sources (bench/render.ts is
 * a thin script over these). Images stay in memory: PNG writing is timed elsewhere.
 */
import { fractalDbSource, ofdbSource, type FractalDbParams, type OfdbParams } from "../src/sources/fractalDb";
import { onePFracSource, type OnePFracClass, type OnePFracParams } from "../src/sources/onePFrac";

export interface RenderMeasurement {
  label: string;
  workers: number;
  /** Images in the set. */
  images: number;
  /** Images rendered, rejected redraws / search candidates included. */
  renders: number;
  searchSeconds: number;
  renderSeconds: number;
  totalSeconds: number;
  /** CPU seconds of all threads (less sensitive than wall time to other load on the machine). */
  cpuSeconds: number;
  /** Chaos-game points per second of render time (rejected renders included). */
  pointsPerSecond: number;
  /** Finished images per second of total time. */
  imagesPerSecond: number;
}

/** Runs fn and returns its result with the process CPU seconds it used (worker threads included). */
async function withCpu<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(start);
  return [result, (used.user + used.system) / 1e6];
}

function measurement(label: string, workers: number, images: number, renders: number, points: number, timings: Record<string, number>, cpuSeconds: number): RenderMeasurement {
  const totalSeconds = timings.search + timings.render;
  return {
    label,
    workers,
    images,
    renders,
    searchSeconds: timings.search,
    renderSeconds: timings.render,
    totalSeconds,
    cpuSeconds,
    pointsPerSecond: (renders * points) / timings.render,
    imagesPerSecond: images / totalSeconds,
  };
}

/** 1p-frac construction (base search + L renders with fill redraws). */
export async function measureOnePFrac(overrides: Partial<OnePFracParams>, workers: number, seed = 0): Promise<RenderMeasurement> {
  const p: OnePFracParams = { ...onePFracSource.defaults, ...overrides };
  const [d, cpu] = await withCpu(() => onePFracSource.build(p, seed, { workers }));
  const redraws = (d.record.classes as OnePFracClass[]).reduce((s, c) => s + c.redraws, 0);
  return measurement(`1p-frac L=${p.L} ${p.renderSize}->${p.size}px ${p.pointsPerImage} pts ${p.mode}`, workers, d.count, d.count + redraws, p.pointsPerImage, d.record.timings, cpu);
}

/** OFDB-style construction: category search plus one render per category. Points/s counts the final renders only. */
export async function measureOfdb(overrides: Partial<OfdbParams>, workers: number, seed = 0): Promise<RenderMeasurement & { candidates: number }> {
  const p: OfdbParams = { ...ofdbSource.defaults, ...overrides };
  const [d, cpu] = await withCpu(() => ofdbSource.build(p, seed, { workers }));
  const candidates = (d.record.generator as { candidates: number }).candidates;
  const label = `OFDB C=${p.categories} search ${p.searchSize}px/${p.searchPointsPerImage} pts/${p.searchMode}, render ${p.renderSize}->${p.size}px/${p.pointsPerImage} pts/${p.mode}`;
  return { ...measurement(label, workers, d.count, d.count, p.pointsPerImage, d.record.timings, cpu), candidates };
}

export interface Projection {
  sample: RenderMeasurement;
  targetCategories: number;
  targetInstances: number;
  /** Search time per category x target categories + render time per image x target images. */
  projectedSeconds: number;
}

/**
 * FractalDB-style construction timed on a sample (few categories and
 * instances) and extrapolated linearly to targetCategories x targetInstances.
 * A projection, not a measurement of the full build.
 */
export async function projectFractalDb(sample: Partial<FractalDbParams>, workers: number, targetCategories = 1000, targetInstances = 1000, seed = 0): Promise<Projection> {
  const p: FractalDbParams = { ...fractalDbSource.defaults, ...sample };
  const [d, cpu] = await withCpu(() => fractalDbSource.build(p, seed, { workers }));
  const m = measurement(`FractalDB sample C=${p.categories} M=${p.instances} ${p.renderSize}->${p.size}px ${p.pointsPerImage} pts`, workers, d.count, d.count, p.pointsPerImage, d.record.timings, cpu);
  const projectedSeconds = (m.searchSeconds / p.categories) * targetCategories + (m.renderSeconds / d.count) * targetCategories * targetInstances;
  return { sample: m, targetCategories, targetInstances, projectedSeconds };
}
