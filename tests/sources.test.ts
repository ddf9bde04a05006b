import { describe, expect, it } from "vitest";
import { SOURCES, buildSource, listSources, renderBase, resolveParams } from "../src/sources/index";
import { assertImageSet, SyntheticDataset } from "../src/types";
import { imageAt } from "../src/image/contactSheet";
import { projectPsd, symmetricEigen } from "../src/sources/noise";
import { elasticField, type RealImageParams } from "../src/sources/realImage";
import { rmsDisplacement, type DisplacementField } from "../src/image/warp";
import { areaResize } from "../src/image/image";
import { renderRadial, traceLines, type RadialFamily, type RadialShape } from "../src/sources/radial";
import { rcdbFamily } from "../src/sources/rcdb";
import { visualAtomsFamily } from "../src/sources/visualAtoms";
import { Rng } from "../src/util/rng";

function stats(bytes: Uint8Array): { mean: number; std: number } {
  let s = 0;
  for (const v of bytes) s += v;
  const mean = s / bytes.length;
  let v2 = 0;
  for (const v of bytes) v2 += (v - mean) ** 2;
  return { mean, std: Math.sqrt(v2 / bytes.length) };
}

const image = (ds: SyntheticDataset, i: number) => imageAt(ds, i).data;

describe("noise sources", () => {
  it("gaussian: image mean and std track the perturbed mu_k and sigma_k", async () => {
    const ds = await buildSource("gaussian", { size: 48, L: 6, delta: 0.5, blurPx: 0, model: "blur" }, 3);
    assertImageSet(ds);
    const classes = ds.record.classes as Array<{ mean: number; std: number }>;
    for (let k = 0; k < 6; k++) {
      const { mean, std } = stats(image(ds, k));
      expect(Math.abs(mean / 255 - classes[k].mean)).toBeLessThan(0.02);
      expect(Math.abs(std / 255 - classes[k].std) / classes[k].std).toBeLessThan(0.1);
    }
    // Same fixed draw: pixels of two classes are an affine function of each other (ranks agree).
    const a = image(ds, 0);
    const b = image(ds, 1);
    const order = (x: Uint8Array, i: number, j: number) => Math.sign(x[i] - x[j]);
    let agree = 0;
    for (let i = 0; i < 200; i++) agree += order(a, i, i + 1) * order(b, i, i + 1) >= 0 ? 1 : 0;
    expect(agree).toBeGreaterThan(190);
  });
  it("gaussian colour model: per-pixel colour mean and covariance track μ_k and the PSD-projected Σ_k", async () => {
    const ds = await buildSource("gaussian", { size: 64, L: 4, delta: 0.5, channels: 3, mean: 0.5, std: 0.1, correlation: 0.6 }, 2);
    const classes = ds.record.classes as Array<{ mu: number[]; cov: number[] }>;
    for (let k = 0; k < 4; k++) {
      const px = image(ds, k);
      const n = px.length / 3;
      const mean = [0, 1, 2].map((c) => px.filter((_, i) => i % 3 === c).reduce((s, v) => s + v, 0) / n / 255);
      for (let c = 0; c < 3; c++) expect(Math.abs(mean[c] - classes[k].mu[c])).toBeLessThan(0.01);
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          let cov = 0;
          for (let i = 0; i < n; i++) cov += (px[3 * i + a] / 255 - mean[a]) * (px[3 * i + b] / 255 - mean[b]);
          expect(Math.abs(cov / n - classes[k].cov[3 * a + b])).toBeLessThan(0.0015);
        }
      }
      const { values } = symmetricEigen(classes[k].cov, 3);
      for (const v of values) expect(v).toBeGreaterThanOrEqual(-1e-12);
    }
    expect(projectPsd([1, 2, 2, 1], 2).map((v) => +v.toFixed(12))).toEqual([1.5, 1.5, 1.5, 1.5]);
  });

  it("uniform: range tracks the perturbed bounds, delta 0 gives identical images", async () => {
    const ds = await buildSource("uniform", { size: 32, L: 4, delta: 0.3 }, 1);
    const classes = ds.record.classes as Array<{ lo: number; hi: number }>;
    for (let k = 0; k < 4; k++) {
      const px = image(ds, k);
      expect(Math.min(...px) / 255).toBeCloseTo(classes[k].lo, 1);
      expect(Math.max(...px) / 255).toBeCloseTo(classes[k].hi, 1);
    }
    const flat = await buildSource("uniform", { size: 16, L: 3, delta: 0 }, 1);
    expect(image(flat, 1)).toEqual(image(flat, 0));
    expect(image(flat, 0)).toEqual((await renderBase("uniform", resolveParams("uniform", { size: 16, L: 3, delta: 0 }), 1))?.data);
  });
});

describe.each(["rcdb", "visualatoms"])("%s", (name) => {
  it("same seed = same bytes, other seed differs, delta 0 = identical classes, delta > 0 differs", async () => {
    const a = await buildSource(name, { size: 32, L: 3, delta: 0.1 }, 5);
    const b = await buildSource(name, { size: 32, L: 3, delta: 0.1 }, 5);
    const c = await buildSource(name, { size: 32, L: 3, delta: 0.1 }, 6);
    assertImageSet(a);
    expect([a.channels, a.numClasses, [...a.labels]]).toEqual([1, 3, [0, 1, 2]]);
    expect(a.images).toEqual(b.images);
    expect(a.images).not.toEqual(c.images);
    expect(image(a, 0)).not.toEqual(image(a, 1));
    const flat = await buildSource(name, { size: 32, L: 3, delta: 0 }, 5);
    expect(image(flat, 1)).toEqual(image(flat, 0));
    expect(image(flat, 2)).toEqual(image(flat, 0));
    // Some ink, some background.
    const ink = image(a, 0).filter((v) => v !== image(a, 0)[0]).length;
    expect(ink).toBeGreaterThan(0);
  });
  it("multi-category: C categories x M instances, labels by category", async () => {
    const ds = await buildSource(`${name}-multi`, { size: 24, categories: 3, instances: 2 }, 1);
    assertImageSet(ds);
    expect([ds.count, ds.numClasses, [...ds.labels]]).toEqual([6, 3, [0, 0, 1, 1, 2, 2]]);
    expect(image(ds, 0)).not.toEqual(image(ds, 2));
  });
});

describe("RCDB and VisualAtoms lines as their references draw them", () => {
  const families = [rcdbFamily, visualAtomsFamily] as RadialFamily<RadialShape>[];
  it.each(families.map((f) => [f.name, f] as const))("%s: radial step per line, a grey per line, x/y oval rates, centre jitter, 1 px lines at 512 px", (_, family) => {
    const shapes = Array.from({ length: 20 }, (_, i) => family.sample(new Rng(i), 6));
    for (const s of shapes) {
      const steps = s.radii.slice(1).map((r, j) => r - s.radii[j]);
      for (const d of steps) expect(d).toBeCloseTo(steps[0], 9);
      expect(s.greys).toHaveLength(s.radii.length);
      for (const o of [s.ovalX, s.ovalY]) expect(o >= 1 && o <= 2).toBe(true);
      expect(Math.abs(s.centreX) <= 20 && Math.abs(s.centreY) <= 20).toBe(true);
    }
    expect(new Set(shapes.map((s) => s.ovalX / s.ovalY)).size).toBe(20);
    // One line drawn alone at 512 px: every pixel it sets has its grey, and it is 1 px wide (about one pixel per unit of length).
    const s = { ...shapes.find((x) => x.radii.length >= 2)!, noiseStrength: 0 };
    const canvas = renderRadial(family, { ...s, radii: [s.radii[1]], greys: [s.greys[1]] }, [s.radii[1]], 512);
    const ink = canvas.filter((v) => v !== family.background);
    expect(new Set(ink)).toEqual(new Set([s.greys[1]]));
    let length = 0;
    traceLines(family, { ...s, radii: [s.radii[1]] }, [s.radii[1]], 512, (xs, ys) => {
      for (let i = 0; i < xs.length; i++) length += Math.hypot(xs[(i + 1) % xs.length] - xs[i], ys[(i + 1) % xs.length] - ys[i]);
    });
    expect(ink.length).toBeGreaterThan(0.7 * length);
    expect(ink.length).toBeLessThan(1.5 * length + 4);
  });

  it("offsets accumulate outward: VisualAtoms' wave amplitude grows with the line index, RCDB's lines are its Perlin walk", () => {
    const shape = { ...visualAtomsFamily.sample(new Rng(3), 200), noiseStrength: 0, n1: 3, n2: 5, ovalX: 1, ovalY: 1, centreX: 0, centreY: 0 };
    const radii = Array.from({ length: 10 }, (_, j) => 20 + 10 * j);
    const spread: number[] = [];
    traceLines(visualAtomsFamily, { ...shape, radii }, radii, 512, (xs, ys) => {
      const r = Array.from(xs, (x, i) => Math.hypot(x - 255.5, ys[i] - 255.5));
      spread.push(Math.max(...r) - Math.min(...r));
    });
    // Line j carries (j + 1) waves of peak-to-peak amplitude ~2 reference px.
    spread.forEach((d, j) => expect(d / (j + 1)).toBeGreaterThan(1));
    expect(spread[9]).toBeGreaterThan(5 * spread[0]);
    const flat = { ...rcdbFamily.sample(new Rng(4), 200), noiseStrength: 0, ovalX: 1, ovalY: 1, centreX: 0, centreY: 0 };
    traceLines(rcdbFamily, { ...flat, radii }, radii, 512, (xs, ys, j) => {
      for (let i = 0; i < xs.length; i++) expect(Math.hypot(xs[i] - 255.5, ys[i] - 255.5)).toBeCloseTo(radii[j], 6);
    });
  });
});

describe("real-image", () => {
  it.each(["affine", "elastic", "polynomial"])("builds %s warps from camera.png rendered at 32 px", async (warp) => {
    const ds = await buildSource("real-image", { size: 32, renderSize: 32, L: 3, warp }, 2);
    assertImageSet(ds);
    expect([ds.channels, ds.count, ds.height]).toEqual([1, 3, 32]);
    expect(image(ds, 0).every((v) => v === 0 || v === 255)).toBe(true);
    expect(image(ds, 0).some((v) => v === 255)).toBe(true);
    expect(image(ds, 0)).not.toEqual(image(ds, 1));
    if (warp === "elastic") return; // every elastic class is its own field, whatever Δ
    const flat = await buildSource("real-image", { size: 32, renderSize: 32, L: 2, warp, delta: 0 }, 2);
    expect(image(flat, 0)).toEqual(image(flat, 1));
  });

  it("warps and Canny run at renderSize (224 px); the 28 px image is their area downsampling", async () => {
    const small = await buildSource("real-image", { size: 28, L: 2 }, 4);
    const full = await buildSource("real-image", { size: 224, L: 2 }, 4);
    expect(small.record.rendering).toEqual({ renderSize: 224, pointsPerImage: null, resampling: "area" });
    for (let k = 0; k < 2; k++) expect(image(small, k)).toEqual(areaResize(imageAt(full, k), 28, 28).data);
    expect(new Set(image(small, 0)).size).toBeGreaterThan(8);
  });

  it("elastic fields have the standard transform's magnitude (α = 50, σ = 5 px at 224), scaled with renderSize", () => {
    const p = resolveParams("real-image", { warp: "elastic" }) as unknown as RealImageParams;
    // Per axis: α·√(1/3)·Σk² of the 2-D Gaussian = α·√(1/3)/(2σ√π); both axes: √2 times that.
    const expected = (alpha: number, sigma: number) => (Math.SQRT2 * alpha * Math.sqrt(1 / 3)) / (2 * sigma * Math.sqrt(Math.PI));
    // Away from the border, where the clamped edges repeat samples and raise the variance.
    const interior = (f: DisplacementField, margin: number) => {
      let s = 0;
      let n = 0;
      for (let y = margin; y < f.height - margin; y++) {
        for (let x = margin; x < f.width - margin; x++, n++) s += f.dx[y * f.width + x] ** 2 + f.dy[y * f.width + x] ** 2;
      }
      return Math.sqrt(s / n);
    };
    expect(interior(elasticField(p, 7), 15) / expected(50, 5)).toBeCloseTo(1, 1);
    expect(interior(elasticField({ ...p, renderSize: 448 }, 7), 30) / (2 * expected(50, 5))).toBeCloseTo(1, 1);
    expect(interior(elasticField({ ...p, elasticAlpha: 25 }, 7), 15) / expected(25, 5)).toBeCloseTo(1, 1);
    expect(rmsDisplacement(elasticField(p, 7))).toBeGreaterThan(expected(50, 5));
  });

  it("RGB output has 3 channels, JPEG input works, missing file names the path", async () => {
    const ds = await buildSource("real-image", { size: 16, L: 2, output: "rgb", image: "data/real-images/rocket.jpg" }, 0);
    expect(ds.channels).toBe(3);
    expect(ds.images.length).toBe(2 * 16 * 16 * 3);
    await expect(buildSource("real-image", { size: 16, L: 2, image: "data/missing.png" }, 0)).rejects.toThrow(/data\/missing\.png: cannot read image file/);
  });
});

describe("registry", () => {
  it("lists every source and rejects unknown names, keys and bad values", async () => {
    expect(listSources().map((s) => s.name)).toEqual(Object.keys(SOURCES));
    for (const n of ["1p-frac", "fractaldb", "ofdb", "gaussian", "uniform", "rcdb", "visualatoms", "rcdb-multi", "visualatoms-multi", "real-image"]) expect(SOURCES[n]).toBeDefined();
    await expect(buildSource("nope", {}, 0)).rejects.toThrow(/unknown source "nope" \(known: .*gaussian.*real-image/);
    expect(() => resolveParams("rcdb", { sizee: 3 })).toThrow(/rcdb\.sizee: unknown key/);
    expect(() => resolveParams("rcdb", { delta: -0.1 })).toThrow(/rcdb\.delta: must be >= 0/);
    expect(() => resolveParams("real-image", { warp: "twirl" })).toThrow(/real-image\.warp: expected one of affine, elastic, polynomial/);
    for (const s of listSources()) expect(() => resolveParams(s.name, {})).not.toThrow();
  });
});
