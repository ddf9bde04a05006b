import { describe, expect, it } from "vitest";
import { assertImageSet } from "../src/types";
import { sigmaFactor, type Ifs } from "../src/fractals/ifs";
import { pickRenderOptions, renderTasks } from "../src/fractals/render";
import { fractalDbSource, ofdbSource, weightRows, type FractalCategory } from "../src/sources/fractalDb";
import { onePFracSource, type OnePFracClass, type OnePFracParams } from "../src/sources/onePFrac";

const TINY: OnePFracParams = { ...onePFracSource.defaults, size: 28, renderSize: 96, L: 12, pointsPerImage: 2000 };
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe("1p-frac source", () => {
  it("builds L classes, one 1-channel image each, with a σ-exact base and a complete record", async () => {
    const d = await onePFracSource.build(TINY, 5, { workers: 1 });
    assertImageSet(d, "1p-frac");
    expect([d.count, d.numClasses, d.height, d.width, d.channels]).toEqual([12, 12, 28, 28, 1]);
    expect(Array.from(d.labels)).toEqual([...Array(12).keys()]);
    const g = d.record.generator as { baseIfs: Ifs; sigmaTarget: number; sigma: number; renderSeed: number };
    expect(g.baseIfs).toHaveLength(2);
    expect(Math.abs(g.sigmaTarget - 3.5)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(sigmaFactor(g.baseIfs) - g.sigmaTarget)).toBeLessThan(1e-9);
    const classes = d.record.classes as OnePFracClass[];
    expect(classes).toHaveLength(12);
    for (const c of classes) expect(c.fill).toBeGreaterThan(TINY.minFill);
    expect(Object.keys(d.record.timings).sort()).toEqual(["render", "search"]);
    // Classes differ from each other (Δ = 0.1 moves the shape).
    const px = 28 * 28;
    expect(same(d.images.subarray(0, px), d.images.subarray(px, 2 * px))).toBe(false);
  });

  it("the record's class systems re-render to the exact bytes", async () => {
    const d = await onePFracSource.build(TINY, 8, { workers: 1 });
    const g = d.record.generator as { probabilities: number[]; renderSeed: number };
    const tasks = (d.record.classes as OnePFracClass[]).map((c) => ({ ifs: c.ifs, maskSeed: c.maskSeed, probabilities: g.probabilities }));
    const again = await renderTasks(tasks, pickRenderOptions(TINY), g.renderSeed, { workers: 1 });
    expect(same(again.images, d.images)).toBe(true);
  });

  it("same seed = same bytes and record, whatever the worker count; rebuild from record; other seed differs", async () => {
    const a = await onePFracSource.build(TINY, 3, { workers: 1 });
    const b = await onePFracSource.build(TINY, 3, { workers: 2 });
    expect(same(a.images, b.images)).toBe(true);
    const strip = (r: typeof a.record) => ({ ...r, timings: {} });
    expect(strip(b.record)).toEqual(strip(a.record));
    const rebuilt = await onePFracSource.build(a.record.params as unknown as OnePFracParams, a.record.seed, { workers: 1 });
    expect(same(rebuilt.images, a.images)).toBe(true);
    const c = await onePFracSource.build(TINY, 4, { workers: 1 });
    expect(same(c.images, a.images)).toBe(false);
  });

  it("workers really run for a big enough job and give the same bytes", async () => {
    const big = { ...TINY, L: 40, pointsPerImage: 100_000 }; // 4M points: over the in-thread limit
    const a = await onePFracSource.build(big, 9, { workers: 1 });
    const b = await onePFracSource.build(big, 9, { workers: 2 });
    expect(same(a.images, b.images)).toBe(true);
  });

  it("Δ = 0 with shared masks gives L identical images; per-image masks make them differ, and rebuild from the record", async () => {
    const px = 28 * 28;
    const shared = await onePFracSource.build({ ...TINY, delta: 0, L: 5, masks: "shared" }, 2, { workers: 1 });
    for (let k = 1; k < 5; k++) expect(same(shared.images.subarray(k * px, (k + 1) * px), shared.images.subarray(0, px))).toBe(true);
    const own = await onePFracSource.build({ ...TINY, delta: 0, L: 5 }, 2, { workers: 1 });
    const seeds = (own.record.classes as OnePFracClass[]).map((c) => c.maskSeed);
    expect(new Set(seeds).size).toBe(5);
    for (let k = 1; k < 5; k++) expect(same(own.images.subarray(k * px, (k + 1) * px), own.images.subarray(0, px))).toBe(false);
    const rebuilt = await onePFracSource.build(own.record.params as unknown as OnePFracParams, own.record.seed, { workers: 2 });
    expect(same(rebuilt.images, own.images)).toBe(true);
    expect(rebuilt.record.classes).toEqual(own.record.classes);
  });

  it("the additive mode builds too and differs from multiplicative", async () => {
    const m = await onePFracSource.build(TINY, 6, { workers: 1 });
    const a = await onePFracSource.build({ ...TINY, perturbation: "additive" }, 6, { workers: 1 });
    expect(same(a.images, m.images)).toBe(false);
  });

  it("redraws low-fill perturbations and counts them in the record", async () => {
    // Large Δ with few points: many perturbations fall under a 0.12 fill threshold.
    const p = { ...TINY, renderSize: 28, delta: 1.5, L: 20, pointsPerImage: 300, minFill: 0.12, maxAttempts: 1000 };
    const d = await onePFracSource.build(p, 1, { workers: 1 });
    const classes = d.record.classes as OnePFracClass[];
    const redraws = classes.reduce((s, c) => s + c.redraws, 0);
    expect(redraws).toBeGreaterThan(0);
    for (const c of classes) expect(c.fill).toBeGreaterThan(0.12);
  });

  it("an unreachable fill threshold ends with a clear error", async () => {
    await expect(onePFracSource.build({ ...TINY, minFill: 0.99, maxAttempts: 3 }, 1, { workers: 1 })).rejects.toThrow(
      /fill > minFill 0.99 in maxAttempts 3/,
    );
  });

  it("bad parameters give one clear error naming the field", () => {
    const bad = (o: Partial<OnePFracParams>) => () => onePFracSource.validate({ ...TINY, ...o });
    expect(bad({ delta: -0.1 })).toThrow(/^delta: expected a finite number >= 0/);
    expect(bad({ L: 0 })).toThrow(/^L: expected an integer >= 1/);
    expect(bad({ sigma: 5.95 })).toThrow(/sigma \+ sigmaJitter = 6.05 is infeasible for N = 2 maps/);
    expect(bad({ size: 4096 })).toThrow(/^size: expected an integer in 4..2048/);
    expect(bad({ minFill: 1 })).toThrow(/^minFill/);
    expect(bad({ perturbation: "x" as never })).toThrow(/^perturbation/);
  });
});

describe("FractalDB-style and OFDB-style sources", () => {
  const SEARCH = { size: 28, renderSize: 64, pointsPerImage: 1500, searchSize: 32, searchPointsPerImage: 1500 };

  it("FractalDB: C categories x M instances, labels by category, accepted systems pass the fill test", async () => {
    const p = { ...fractalDbSource.defaults, ...SEARCH, categories: 4, instances: 3 };
    const d = await fractalDbSource.build(p, 1, { workers: 1 });
    assertImageSet(d, "fractaldb");
    expect([d.count, d.numClasses]).toEqual([12, 4]);
    expect(Array.from(d.labels)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const classes = d.record.classes as FractalCategory[];
    for (const c of classes) {
      expect(c.searchFill).toBeGreaterThanOrEqual(0.2);
      expect(c.ifs.length).toBeGreaterThanOrEqual(2);
      expect(c.ifs.length).toBeLessThanOrEqual(7);
      expect(c.instances).toHaveLength(3);
      for (const inst of c.instances) expect(weightRows(p.weights)).toContainEqual(inst.row);
    }
    const again = await fractalDbSource.build(p, 1, { workers: 2 });
    expect(same(again.images, d.images)).toBe(true);
    expect(again.record.classes).toEqual(d.record.classes);
  });

  it("OFDB: one image per category; rebuild from the record gives the same bytes", async () => {
    const p = { ...ofdbSource.defaults, ...SEARCH, categories: 5 };
    const d = await ofdbSource.build(p, 2, { workers: 1 });
    expect([d.count, d.numClasses]).toEqual([5, 5]);
    expect(Array.from(d.labels)).toEqual([0, 1, 2, 3, 4]);
    const rebuilt = await ofdbSource.build(d.record.params as unknown as typeof p, d.record.seed, { workers: 2 });
    expect(same(rebuilt.images, d.images)).toBe(true);
    const other = await ofdbSource.build(p, 3, { workers: 1 });
    expect(same(other.images, d.images)).toBe(false);
  });

  it("an impossible search ends with a clear error; bad parameters name the field", async () => {
    const p = { ...ofdbSource.defaults, ...SEARCH, categories: 2, searchMinFill: 1, maxCandidatesPerCategory: 5 };
    await expect(ofdbSource.build(p, 1, { workers: 1 })).rejects.toThrow(/only 0 of 2 systems reached fill >= 1 in maxCandidates 10/);
    expect(() => fractalDbSource.validate({ ...fractalDbSource.defaults, instances: 0 })).toThrow(/^instances/);
    expect(() => fractalDbSource.validate({ ...fractalDbSource.defaults, weights: [] })).toThrow(/^weights/);
    expect(() => ofdbSource.validate({ ...ofdbSource.defaults, searchSize: 3 })).toThrow(/^searchSize: expected an integer in 4..2048/);
    expect(() => ofdbSource.validate({ ...ofdbSource.defaults, minMaps: 3, maxMaps: 2 })).toThrow(/^minMaps\/maxMaps/);
  });
});
