import { describe, expect, it } from "vitest";
import { areaDownsample } from "../src/image/area";
import { fillRate, pickRenderOptions, renderTasks } from "../src/fractals/render";
import { onePFracSource, type OnePFracClass, type OnePFracParams } from "../src/sources/onePFrac";
import { fractalDbSource, weightRows, type FractalCategory } from "../src/sources/fractalDb";
import { paramsFromRecord, rebuildFromRecord } from "../src/sources";
import { meanPairwiseRelativeL2 } from "../src/image/metrics";
import { Rng } from "../src/util/rng";
import { mapProbabilities } from "../src/fractals/ifs";
import { resolutionSheetImage, setStatistics } from "../src/sources/inspect";
import { buildSource, resolveParams } from "../src/sources";

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

function down(src: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to * to);
  areaDownsample(src, from, from, out, to, to);
  return out;
}

describe("area downsampling", () => {
  it("keeps a constant image constant at every ratio", () => {
    for (const [from, to] of [[512, 28], [362, 28], [100, 7], [224, 224], [97, 31]]) {
      for (const c of [0, 1, 127, 254, 255]) {
        const out = down(new Uint8Array(from * from).fill(c), from, to);
        expect(new Set(out)).toEqual(new Set([c]));
      }
    }
  });

  it("keeps the mean of random images within rounding", () => {
    const rng = new Rng(3);
    for (const [from, to] of [[512, 28], [90, 32], [64, 64]]) {
      const src = Uint8Array.from({ length: from * from }, () => rng.int(256));
      const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
      expect(Math.abs(mean(down(src, from, to)) - mean(src))).toBeLessThanOrEqual(0.5);
    }
  });

  it("averages exactly over fractional coverage (3 px -> 2 px)", () => {
    // Output pixel 0 covers source 0 and half of source 1: (1·30 + 0.5·60) / 1.5 = 40 on each axis.
    const src = Uint8Array.from([30, 60, 90, 30, 60, 90, 30, 60, 90]);
    expect(Array.from(down(src, 3, 2))).toEqual([40, 80, 40, 80]);
    expect(() => areaDownsample(src, 3, 3, new Uint8Array(16), 4, 4)).toThrow(/target 4x4 must be integers within 1x1..3x3/);
  });
});

const SMALL: OnePFracParams = { ...onePFracSource.defaults, L: 6, size: 28, renderSize: 128, pointsPerImage: 4000 };

describe("render at renderSize, deliver at size", () => {
  it("the pipeline's 28 px image is the render-size image downsampled by the same function, bit for bit", async () => {
    const small = await onePFracSource.build(SMALL, 4, { workers: 1 });
    const full = await onePFracSource.build({ ...SMALL, size: 128 }, 4, { workers: 1 });
    expect((small.record.classes as OnePFracClass[]).map((c) => c.ifs)).toEqual((full.record.classes as OnePFracClass[]).map((c) => c.ifs));
    for (let k = 0; k < SMALL.L; k++) {
      const expected = down(full.images.subarray(k * 128 * 128, (k + 1) * 128 * 128), 128, 28);
      expect(same(small.images.subarray(k * 784, (k + 1) * 784), expected)).toBe(true);
    }
    expect(small.record.rendering).toEqual({ renderSize: 128, pointsPerImage: 4000, resampling: "area" });
  });

  it("the redraw threshold uses the render-size fill: a class that passes at 28 px but not at 256 px is redrawn", async () => {
    const p: OnePFracParams = { ...SMALL, L: 8, renderSize: 256, pointsPerImage: 1500, minFill: 0.05, maxAttempts: 200 };
    const direct = await onePFracSource.build({ ...p, renderSize: 28 }, 2, { workers: 1 });
    expect((direct.record.classes as OnePFracClass[]).every((c) => c.redraws === 0)).toBe(true);
    const high = await onePFracSource.build(p, 2, { workers: 1 });
    const classes = high.record.classes as OnePFracClass[];
    expect(classes.some((c) => c.redraws > 0)).toBe(true);
    const g = high.record.generator as { probabilities: number[]; renderSeed: number };
    const rendered = await renderTasks(classes.map((c) => ({ ifs: c.ifs, maskSeed: c.maskSeed, probabilities: g.probabilities })), { ...pickRenderOptions(p), size: 256 }, g.renderSeed, { workers: 1 });
    classes.forEach((c, k) => {
      const at256 = fillRate(rendered.images.subarray(k * 65536, (k + 1) * 65536));
      expect(c.fill).toBe(at256);
      expect(at256).toBeGreaterThan(p.minFill);
      // The same image at 28 px covers far more of the canvas: a 28 px test would pass anything.
      expect(fillRate(high.images.subarray(k * 784, (k + 1) * 784))).toBeGreaterThan(3 * p.minFill);
    });
  });

  it("bad renderSize gives one clear error naming the field", () => {
    const bad = (o: Partial<OnePFracParams>) => () => onePFracSource.validate({ ...SMALL, ...o });
    expect(bad({ renderSize: 16 })).toThrow(/^renderSize: expected an integer in 28..2048 px \(at least size, at most 2048\), got 16$/);
    expect(bad({ renderSize: 4096 })).toThrow(/^renderSize: .* got 4096$/);
    expect(bad({ renderSize: 300.5 })).toThrow(/^renderSize: .* got 300.5$/);
  });

  it("at Δ = 0.01 the classes of a 28 px set are close and grey (512 px render, 100k points; 4 seeds, L = 8)", async () => {
    const distances: number[] = [];
    for (const seed of [0, 1, 2, 3]) {
      const d = await onePFracSource.build({ ...onePFracSource.defaults, L: 8, size: 28, delta: 0.01 }, seed, { workers: 1 });
      distances.push(meanPairwiseRelativeL2(d));
      expect(new Set(d.images.subarray(0, 784)).size).toBeGreaterThan(8);
    }
    const mean = distances.reduce((s, v) => s + v, 0) / distances.length;
    expect(mean).toBeLessThanOrEqual(0.3);
    expect(mean).toBeGreaterThan(0);
  });
});

describe("records", () => {
  it("an old record (no rendering field) is read as rendered at size with shared masks, with one notice, and rebuilds bit for bit", async () => {
    const old = await onePFracSource.build({ ...SMALL, renderSize: 28, masks: "shared" }, 5, { workers: 1 });
    const legacy = { ...old.record, version: "1", rendering: undefined, params: { ...old.record.params } };
    delete (legacy.params as Record<string, unknown>).renderSize;
    delete (legacy.params as Record<string, unknown>).masks;
    const notices: string[] = [];
    const params = paramsFromRecord(legacy, (m) => notices.push(m));
    expect(params).toMatchObject({ renderSize: 28, masks: "shared" });
    paramsFromRecord(legacy, (m) => notices.push(m));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/version 1 1p-frac record \(no renderSize/);
    const rebuilt = await rebuildFromRecord(legacy, { workers: 1 });
    expect(same(rebuilt.images, old.images)).toBe(true);
    // A current record rebuilds as it is.
    const now = await onePFracSource.build(SMALL, 5, { workers: 1 });
    expect(same((await rebuildFromRecord(now.record, { workers: 2 })).images, now.images)).toBe(true);
  });
});

describe("FractalDB instances as the reference builds them", () => {
  it("weight rows scale one parameter index of every map; 4 flips per row; fresh masks per instance", async () => {
    const rows = weightRows([0.8, 0.9, 1.0, 1.1, 1.2]);
    expect(rows).toHaveLength(25);
    expect(rows[0]).toEqual([1, 1, 1, 1, 1, 1]);
    for (const r of rows.slice(1)) expect(r.filter((w) => w !== 1)).toHaveLength(1);
    const p = { ...fractalDbSource.defaults, size: 28, renderSize: 64, pointsPerImage: 1500, searchSize: 32, searchPointsPerImage: 1500, categories: 2, instances: 8 };
    const d = await fractalDbSource.build(p, 3, { workers: 1 });
    expect(d.record.rendering).toEqual({ renderSize: 64, pointsPerImage: 1500, resampling: "area" });
    for (const c of d.record.classes as FractalCategory[]) {
      const flips = c.instances.map((i) => Number(i.flipX) + 2 * Number(i.flipY));
      expect(flips).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
      expect(c.instances[1].row).toEqual(c.instances[0].row);
      expect(new Set(c.instances.map((i) => i.maskSeed)).size).toBe(8);
      for (const inst of c.instances) expect(rows).toContainEqual(inst.row);
    }
    // Re-render instance 0 of category 0 by hand: every map scaled by the row.
    const cat = (d.record.classes as FractalCategory[])[0];
    const inst = cat.instances[0];
    const [wa, wb, wc, wd, we, wf] = inst.row!;
    const ifs = cat.ifs.map((m) => ({ a: m.a * wa, b: m.b * wb, c: m.c * wc, d: m.d * wd, e: m.e * we, f: m.f * wf }));
    const renderSeed = (d.record.generator as { renderSeed: number }).renderSeed;
    const r = await renderTasks([{ ifs, probabilities: mapProbabilities(cat.ifs), maskSeed: inst.maskSeed }], pickRenderOptions(p), renderSeed, { workers: 1 });
    expect(same(r.images, d.images.subarray(0, 784))).toBe(true);
  });
});

describe("resolution sheet and statistics", () => {
  it.each([["1p-frac", { L: 5, size: 16, renderSize: 64, pointsPerImage: 3000 }], ["rcdb", { L: 5, size: 16, renderSize: 64, maxLines: 8 }]] as const)(
    "%s: classes 0..k-1 of a set are the L = k build, whose renders downsample to the set's images; the sheet shows render, training image, difference",
    async (name, overrides) => {
      const set = await buildSource(name, overrides, 3);
      const full = await buildSource(name, { ...overrides, L: 3, size: 64 }, 3);
      for (let i = 0; i < 3; i++) expect(same(down(full.images.subarray(i * 4096, (i + 1) * 4096), 64, 16), set.images.subarray(i * 256, (i + 1) * 256))).toBe(true);
      const sheet = await resolutionSheetImage(name, resolveParams(name, overrides), 3, set, { k: 3, amplify: 4 });
      expect([sheet.width, sheet.height]).toEqual([4 * 64 + 5 * 4, 3 * 64 + 4 * 4]);
      // Row 0, column 1 is class 0's render, pixel for pixel.
      for (let y = 0; y < 64; y++) {
        const row = sheet.data.subarray((4 + y) * sheet.width + 4 + 68, (4 + y) * sheet.width + 4 + 68 + 64);
        expect(same(row, full.images.subarray(y * 64, (y + 1) * 64))).toBe(true);
      }
      const stats = setStatistics(set);
      expect(stats.distance).toBeGreaterThan(0);
      expect(stats.fillTrain).toBeGreaterThan(0);
      if (name === "1p-frac") expect(stats.fillRender).toBeCloseTo((set.record.classes as OnePFracClass[]).reduce((s, c) => s + c.fill, 0) / 5, 12);
      else expect(stats.fillRender).toBeNull();
    },
  );
});
