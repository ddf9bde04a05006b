import { describe, expect, it } from "vitest";
import { SOURCES, buildSource, listSources, renderBase, resolveParams } from "../src/sources/index";
import { assertImageSet, SyntheticDataset } from "../src/datasets/types";
import { imageAt } from "../src/image/contactSheet";

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
    const ds = await buildSource("gaussian", { size: 48, L: 6, delta: 0.5, blurPx: 0 }, 3);
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

describe("real-image", () => {
  it.each(["affine", "elastic", "polynomial"])("builds %s warps from camera.png at 32 px", async (warp) => {
    const ds = await buildSource("real-image", { size: 32, L: 3, warp }, 2);
    assertImageSet(ds);
    expect([ds.channels, ds.count, ds.height]).toEqual([1, 3, 32]);
    expect(image(ds, 0).every((v) => v === 0 || v === 255)).toBe(true);
    expect(image(ds, 0).some((v) => v === 255)).toBe(true);
    expect(image(ds, 0)).not.toEqual(image(ds, 1));
    const flat = await buildSource("real-image", { size: 32, L: 2, warp, delta: 0 }, 2);
    expect(image(flat, 0)).toEqual(image(flat, 1));
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
