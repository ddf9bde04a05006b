import { describe, expect, it } from "vitest";
import { mapProbabilities, sigmaFactor, singularValues, type Ifs } from "../src/fractals/ifs";
import { perturbIfs } from "../src/fractals/perturb";
import { fillRate, renderIfs, renderTasks, type RenderOptions } from "../src/fractals/render";
import { sampleIfsWithSigma, sampleRandomIfs } from "../src/fractals/sample";
import { Rng } from "../src/util/rng";

const SIERPINSKI: Ifs = [
  { a: 0.5, b: 0, c: 0, d: 0.5, e: 0, f: 0 },
  { a: 0.5, b: 0, c: 0, d: 0.5, e: 0.5, f: 0 },
  { a: 0.5, b: 0, c: 0, d: 0.5, e: 0.25, f: 0.5 },
];

const TINY: RenderOptions = { size: 32, renderSize: 32, pointsPerImage: 3000, mode: "patch", masks: "shared", start: "origin", normalisation: "perAxis", padding: 0.02 };

describe("IFS basics", () => {
  it("singular values of known matrices", () => {
    expect(singularValues({ a: 3, b: 0, c: 0, d: -2, e: 0, f: 0 })).toEqual([3, 2]);
    const [s1, s2] = singularValues({ a: 0, b: -0.5, c: 0.5, d: 0, e: 0, f: 0 }); // rotation x 0.5
    expect(s1).toBeCloseTo(0.5, 12);
    expect(s2).toBeCloseTo(0.5, 12);
    expect(sigmaFactor(SIERPINSKI)).toBeCloseTo(3 * 1.5, 12);
  });

  it("map probabilities are proportional to |det A|", () => {
    const p = mapProbabilities([
      { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 },
      { a: 0, b: 3, c: 1, d: 0, e: 0, f: 0 }, // det -3
    ]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });
});

describe("σ-exact sampler", () => {
  it("hits the target σ with singular values in [0, 1] and s1 >= s2", () => {
    const rng = new Rng(7);
    for (const [sigma, maps] of [[3.5, 2], [0.2, 2], [5.99, 2], [4.0, 4], [1.0, 1], [3, 1]]) {
      for (let rep = 0; rep < 20; rep++) {
        const ifs = sampleIfsWithSigma(rng, { sigma, maps });
        expect(ifs).toHaveLength(maps);
        expect(Math.abs(sigmaFactor(ifs) - sigma)).toBeLessThan(1e-9);
        for (const m of ifs) {
          const [s1, s2] = singularValues(m);
          expect(s1).toBeLessThanOrEqual(1 + 1e-12);
          expect(s2).toBeGreaterThanOrEqual(0);
          expect(s1).toBeGreaterThanOrEqual(s2);
          expect(Math.abs(m.e)).toBeLessThanOrEqual(1);
          expect(Math.abs(m.f)).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("rejects infeasible σ naming σ and N", () => {
    expect(() => sampleIfsWithSigma(new Rng(1), { sigma: 6.5, maps: 2 })).toThrow(/sigma = 6.5 is infeasible for N = 2 maps.*\[0, 6\]/);
    expect(() => sampleIfsWithSigma(new Rng(1), { sigma: -0.1, maps: 3 })).toThrow(/infeasible for N = 3/);
    expect(() => sampleIfsWithSigma(new Rng(1), { sigma: 1, maps: 0 })).toThrow(/maps/);
  });

  it("plain random IFS has 2..7 maps with parameters in (-1, 1)", () => {
    const rng = new Rng(3);
    const counts = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const ifs = sampleRandomIfs(rng);
      counts.add(ifs.length);
      for (const m of ifs) for (const v of Object.values(m)) expect(Math.abs(v)).toBeLessThan(1);
    }
    expect([...counts].sort()).toEqual([2, 3, 4, 5, 6, 7]);
  });
});

describe("perturbations", () => {
  const base = sampleIfsWithSigma(new Rng(5), { sigma: 3.5, maps: 2 });
  const flat = (ifs: Ifs) => ifs.flatMap((m) => [m.a, m.b, m.c, m.d, m.e, m.f]);

  it("multiplicative: |θ' - θ| <= Δ|θ| and the bound is nearly reached", () => {
    const rng = new Rng(1);
    let maxRatio = 0;
    for (let i = 0; i < 200; i++) {
      const p = flat(perturbIfs(base, rng, { delta: 0.1, mode: "multiplicative" }));
      flat(base).forEach((v, j) => {
        const r = Math.abs(p[j] - v) / Math.abs(v);
        expect(r).toBeLessThanOrEqual(0.1 + 1e-12);
        maxRatio = Math.max(maxRatio, r);
      });
    }
    expect(maxRatio).toBeGreaterThan(0.09);
  });

  it("additive: |θ' - θ| <= Δ/2", () => {
    const rng = new Rng(2);
    let maxDiff = 0;
    for (let i = 0; i < 200; i++) {
      const p = flat(perturbIfs(base, rng, { delta: 0.2, mode: "additive" }));
      flat(base).forEach((v, j) => {
        expect(Math.abs(p[j] - v)).toBeLessThanOrEqual(0.1 + 1e-12);
        maxDiff = Math.max(maxDiff, Math.abs(p[j] - v));
      });
    }
    expect(maxDiff).toBeGreaterThan(0.09);
  });

  it("bad inputs give clear errors", () => {
    expect(() => perturbIfs(base, new Rng(1), { delta: -0.1, mode: "additive" })).toThrow(/delta: expected a finite number >= 0/);
    expect(() => perturbIfs(base, new Rng(1), { delta: 0.1, mode: "scaled" as never })).toThrow(/perturbation: expected one of multiplicative, additive/);
  });
});

describe("chaos-game renderer", () => {
  it("renders the Sierpinski triangle: right size, grey 127, plausible fill", () => {
    const img = renderIfs(SIERPINSKI, { ...TINY, mode: "point", pointsPerImage: 20000 });
    expect(img.length).toBe(32 * 32);
    expect(new Set(img)).toEqual(new Set([0, 127]));
    const fill = fillRate(img);
    // The triangle covers at most half the square and its holes remove a quarter or more.
    expect(fill).toBeGreaterThan(0.15);
    expect(fill).toBeLessThan(0.5);
    // Apex row (top: smallest y) is narrower than the base row.
    const row = (r: number) => img.subarray(r * 32, (r + 1) * 32).reduce((s, v) => s + (v ? 1 : 0), 0);
    expect(row(1)).toBeGreaterThan(row(30));
  });

  it("patch mode stamps 3x3 masks: more filled than point mode, still only 0 and 127", () => {
    const point = renderIfs(SIERPINSKI, { ...TINY, size: 64, renderSize: 64, mode: "point", pointsPerImage: 500 });
    const patch = renderIfs(SIERPINSKI, { ...TINY, size: 64, renderSize: 64, mode: "patch", pointsPerImage: 500 });
    expect(new Set(patch)).toEqual(new Set([0, 127]));
    expect(fillRate(patch)).toBeGreaterThan(1.5 * fillRate(point));
    expect(patch).not.toEqual(point);
  });

  it("density mode is log-scaled to reach 255", () => {
    const img = renderIfs(SIERPINSKI, { ...TINY, mode: "density", pointsPerImage: 20000 });
    expect(Math.max(...img)).toBe(255);
    expect(new Set(img).size).toBeGreaterThan(5);
  });

  it("keepAspect leaves a thin shape thin; perAxis stretches it", () => {
    const thin: Ifs = [
      { a: 0.5, b: 0, c: 0, d: 0.5, e: 0, f: 0 },
      { a: 0.5, b: 0, c: 0, d: 0.5, e: 1, f: 0.1 },
    ];
    const usedRows = (img: Uint8Array) => new Set(Array.from(img.keys()).filter((i) => img[i]).map((i) => Math.floor(i / 32))).size;
    const keep = renderIfs(thin, { ...TINY, mode: "point", normalisation: "keepAspect" });
    const stretch = renderIfs(thin, { ...TINY, mode: "point", normalisation: "perAxis" });
    expect(usedRows(keep)).toBeLessThanOrEqual(5);
    expect(usedRows(stretch)).toBeGreaterThan(25);
  });

  it("drops non-finite points: an expanding system renders few pixels, not garbage", () => {
    const exploding: Ifs = [{ a: 1e10, b: 0, c: 0, d: 1e10, e: 1, f: 1 }];
    const img = renderIfs(exploding, { ...TINY, mode: "point" });
    expect(fillRate(img)).toBeLessThan(0.02);
  });

  it("start from the fixed point of map 1 differs from the origin start only in the transient", () => {
    const a = renderIfs(SIERPINSKI, { ...TINY, mode: "point", start: "origin" }, 1);
    const b = renderIfs(SIERPINSKI, { ...TINY, mode: "point", start: "fixedPoint" }, 1);
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    expect(diff).toBeLessThan(0.05 * a.length);
  });

  it("worker count does not change bytes; seeds and flips do", async () => {
    const rng = new Rng(11);
    const base = sampleIfsWithSigma(rng, { sigma: 3.5, maps: 2 });
    const tasks = Array.from({ length: 9 }, (_, i) => ({ ifs: perturbIfs(base, rng, { delta: 0.1, mode: "multiplicative" as const }), probabilities: mapProbabilities(base), flipX: i === 3, patchKey: i }));
    const one = await renderTasks(tasks, TINY, 42, { workers: 1 });
    const two = await renderTasks(tasks, TINY, 42, { workers: 2, minPointsForWorkers: 0 });
    expect(Buffer.from(two.images).equals(Buffer.from(one.images))).toBe(true);
    expect(Array.from(two.fills)).toEqual(Array.from(one.fills));
    const other = await renderTasks(tasks, TINY, 43, { workers: 1 });
    expect(Buffer.from(other.images).equals(Buffer.from(one.images))).toBe(false);
    // Task 3 is flipped horizontally: it equals its un-flipped render mirrored.
    const plain = await renderTasks([{ ...tasks[3], flipX: false }], TINY, 42, { workers: 1 });
    const px = 32 * 32;
    for (let r = 0; r < 32; r++) {
      for (let c = 0; c < 32; c++) expect(one.images[3 * px + r * 32 + c]).toBe(plain.images[r * 32 + 31 - c]);
    }
  });

  it("bad render options give clear errors", () => {
    expect(() => renderIfs(SIERPINSKI, { size: 2 })).toThrow(/^size: expected an integer in 4..2048/);
    expect(() => renderIfs(SIERPINSKI, { size: 64, renderSize: 32 })).toThrow(/^renderSize: expected an integer in 64..2048 px \(at least size/);
    expect(() => renderIfs(SIERPINSKI, { size: 64, renderSize: 4096 })).toThrow(/^renderSize: expected an integer in 64..2048/);
    expect(() => renderIfs(SIERPINSKI, { size: 64, renderSize: 100.5 })).toThrow(/^renderSize: .* got 100.5$/);
    expect(() => renderIfs(SIERPINSKI, { masks: "each" as never })).toThrow(/^masks: expected one of perImage, shared/);
    expect(() => renderIfs(SIERPINSKI, { mode: "blob" as never })).toThrow(/mode: expected one of point, patch, density/);
    expect(() => renderIfs(SIERPINSKI, { padding: 0.7 })).toThrow(/padding/);
    expect(() => renderIfs([], {})).toThrow(/non-empty array/);
    expect(() => renderIfs([{ a: NaN, b: 0, c: 0, d: 0, e: 0, f: 0 }], {})).toThrow(/ifs\[0\]\.a: expected a finite number/);
  });
});
