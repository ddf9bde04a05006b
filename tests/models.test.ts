import { beforeAll, describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/backend";
import { bmm, linear, matmul2d } from "../src/models/linalg";
import { gelu, layerNorm, residual } from "../src/models/ops";
import { VitModel } from "../src/models/vit";
import { Rng } from "../src/util/rng";
import { MODEL_PRESETS, listModelPresets, modelPreset, validateModelConfig, VitConfig } from "../src/models/config";
import { loadModel, saveModel, transfer } from "../src/models/io";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

const smoke: VitConfig = { ...MODEL_PRESETS.smoke, numClasses: 4 };

describe("linalg custom gradients", () => {
  it("matmul2d and linear gradients equal tf autodiff", () => {
    tf.tidy(() => {
      const a = tf.randomNormal([5, 7], 0, 1, "float32", 1);
      const b = tf.randomNormal([7, 3], 0, 1, "float32", 2);
      const bias = tf.randomNormal([3], 0, 1, "float32", 3);
      const dy = tf.randomNormal([5, 3], 0, 1, "float32", 4);
      const fast = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => linear(x, y as tf.Tensor2D, z as tf.Tensor1D).mul(dy).sum());
      const ref = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.matMul(x, y).add(z).mul(dy).sum());
      const gf = fast([a, b, bias]);
      const gr = ref([a, b, bias]);
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(gf[i], gr[i])).toBeLessThan(1e-4);
      expect(maxAbsDiff(matmul2d(a as tf.Tensor2D, b as tf.Tensor2D), tf.matMul(a, b))).toBeLessThan(1e-5);
    });
  });

  it("bmm gradients equal tf autodiff", () => {
    tf.tidy(() => {
      const a = tf.randomNormal([4, 5, 6], 0, 1, "float32", 5);
      const b = tf.randomNormal([4, 6, 3], 0, 1, "float32", 6);
      const dy = tf.randomNormal([4, 5, 3], 0, 1, "float32", 7);
      const gf = tf.grads((x: tf.Tensor, y: tf.Tensor) => bmm(x as tf.Tensor3D, y as tf.Tensor3D).mul(dy).sum())([a, b]);
      const gr = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).mul(dy).sum())([a, b]);
      expect(maxAbsDiff(gf[0], gr[0])).toBeLessThan(1e-4);
      expect(maxAbsDiff(gf[1], gr[1])).toBeLessThan(1e-4);
    });
  });
});

describe("backend", () => {
  it("a clone outlives its disposed original (wasm Identity shares the buffer)", () => {
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
  });
});

describe("ops custom gradients", () => {
  it("residual with a drop-path mask equals h + mask·branch in value and gradients", () => {
    tf.tidy(() => {
      const h = tf.randomNormal([3, 4, 5], 0, 1, "float32", 13);
      const t = tf.randomNormal([3, 4, 5], 0, 1, "float32", 14);
      const dy = tf.randomNormal([3, 4, 5], 0, 1, "float32", 15);
      const mask = new Float32Array([0, 1.25, 1.25]);
      const m = tf.tensor3d(mask, [3, 1, 1]);
      const ref = (a: tf.Tensor, b: tf.Tensor) => a.add(b.mul(m));
      expect(maxAbsDiff(residual(h as tf.Tensor3D, t as tf.Tensor3D, mask), ref(h, t))).toBe(0);
      const gf = tf.grads((a: tf.Tensor, b: tf.Tensor) => residual(a as tf.Tensor3D, b as tf.Tensor3D, mask).mul(dy).sum())([h, t]);
      const gr = tf.grads((a: tf.Tensor, b: tf.Tensor) => ref(a, b).mul(dy).sum())([h, t]);
      expect(maxAbsDiff(gf[0], gr[0])).toBe(0);
      expect(maxAbsDiff(gf[1], gr[1])).toBe(0);
      expect(gf[1].slice([0, 0, 0], [1, 4, 5]).abs().max().dataSync()[0]).toBe(0); // dropped sample: no gradient
      expect(maxAbsDiff(residual(h as tf.Tensor3D, t as tf.Tensor3D, null), h.add(t))).toBe(0);
    });
  });

  it("gelu value and gradient equal the autodiff reference", () => {
    tf.tidy(() => {
      const x = tf.randomNormal([3, 4, 5], 0, 2, "float32", 11);
      const dy = tf.randomNormal([3, 4, 5], 0, 1, "float32", 12);
      const ref = (t: tf.Tensor) => t.mul(0.5).mul(tf.erf(t.mul(Math.SQRT1_2)).add(1));
      expect(maxAbsDiff(gelu(x), ref(x))).toBeLessThan(1e-6);
      expect(maxAbsDiff(gelu(tf.scalar(1)), tf.scalar(0.8413447))).toBeLessThan(1e-5);
      const gf = tf.grad((t: tf.Tensor) => gelu(t).mul(dy).sum())(x);
      const gr = tf.grad((t: tf.Tensor) => ref(t).mul(dy).sum())(x);
      expect(maxAbsDiff(gf, gr)).toBeLessThan(1e-4);
    });
  });

  it("layerNorm value and gradients equal the autodiff reference", () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 8], 1, 3, "float32", 13);
      const g = tf.randomNormal([8], 1, 0.5, "float32", 14);
      const b = tf.randomNormal([8], 0, 0.5, "float32", 15);
      const dy = tf.randomNormal([2, 3, 8], 0, 1, "float32", 16);
      const ref = (t: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
        const { mean, variance } = tf.moments(t, -1, true);
        return t.sub(mean).div(tf.sqrt(variance.add(1e-6))).mul(gg).add(bb);
      };
      expect(maxAbsDiff(layerNorm(x, g, b), ref(x, g, b))).toBeLessThan(1e-5);
      const gf = tf.grads((t: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => layerNorm(t, gg, bb).mul(dy).sum())([x, g, b]);
      const gr = tf.grads((t: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => ref(t, gg, bb).mul(dy).sum())([x, g, b]);
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(gf[i], gr[i])).toBeLessThan(1e-4);
    });
  });
});

describe("model config", () => {
  it("lists presets with wildcards", () => {
    expect(listModelPresets("vit-tiny/*")).toEqual(["vit-tiny/16@224", "vit-tiny/4@32"]);
    expect(listModelPresets()).toContain("smoke");
    expect(() => modelPreset("vit-huge")).toThrow(/unknown model preset "vit-huge"/);
  });

  it("rejects bad configs naming the field", () => {
    expect(() => validateModelConfig({ ...smoke, dim: 15 })).toThrow(/dim 15 is not divisible by heads 2/);
    expect(() => validateModelConfig({ ...smoke, patchSize: 5 })).toThrow(/imageSize 16 is not divisible by patchSize 5/);
    expect(() => validateModelConfig({ ...smoke, depth: 0 })).toThrow(/depth must be a positive integer/);
    expect(() => validateModelConfig({ ...smoke, dropPath: 1 })).toThrow(/dropPath/);
  });
});

describe("VitModel", () => {
  it("forward shapes, features, and input checks", () => {
    const m = new VitModel({ ...smoke, imageSize: 24, patchSize: 6, channels: 3, depth: 2, pool: "mean" }, 1);
    tf.tidy(() => {
      const x = tf.randomNormal([3, 24, 24, 3]) as tf.Tensor4D;
      expect(m.forward(x).shape).toEqual([3, 4]);
      expect(m.features(x, 1).shape).toEqual([3, 16]);
      expect(() => m.forward(tf.zeros([1, 16, 16, 3]) as tf.Tensor4D)).toThrow(/input is 16x16x3, model expects 24x24x3/);
    });
    m.dispose();
  });

  it("recomputed blocks give the same loss and gradients, without leaking tensors", () => {
    const m = new VitModel({ ...smoke, depth: 3, dropPath: 0.3 }, 1);
    const x = tf.randomNormal([6, 16, 16, 1], 0, 1, "float32", 3) as tf.Tensor4D;
    const run = (recomputeBlocks: boolean) =>
      tf.variableGrads(() => m.forward(x, { training: true, rng: new Rng(5), recomputeBlocks }).square().sum() as tf.Scalar);
    const before = tf.memory().numTensors;
    const a = run(false);
    const b = run(true);
    expect(Object.keys(b.grads).sort()).toEqual(Object.keys(a.grads).sort());
    expect(b.value.dataSync()[0]).toBe(a.value.dataSync()[0]);
    for (const k of Object.keys(a.grads)) expect(maxAbsDiff(a.grads[k], b.grads[k])).toBeLessThan(1e-6);
    tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    m.dispose();
  });

  it("the same seed gives the same weights", () => {
    const a = new VitModel(smoke, 7);
    const b = new VitModel(smoke, 7);
    for (let i = 0; i < a.params.length; i++) expect(maxAbsDiff(a.params[i].variable, b.params[i].variable)).toBe(0);
    a.dispose();
    b.dispose();
  });

  it("freezeBlocks leaves only later blocks, norm and head trainable", () => {
    const m = new VitModel({ ...smoke, depth: 3 }, 1);
    m.freezeBlocks(2);
    const names = m.trainableParams().map((p) => p.name);
    expect(names.some((n) => n.startsWith("blocks.0.") || n.startsWith("blocks.1.") || n === "pos" || n.startsWith("patch"))).toBe(false);
    expect(names).toContain("blocks.2.qkv.w");
    expect(names).toContain("head.w");
    m.dispose();
  });

  it("save/load round-trip gives identical outputs; transfer keeps the body", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vit-"));
    const m = new VitModel(smoke, 3);
    saveModel(m, dir);
    const back = loadModel(dir);
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, "float32", 9) as tf.Tensor4D;
    const y1 = m.forward(x);
    const y2 = back.forward(x);
    expect(maxAbsDiff(y1, y2)).toBe(0);
    const t = transfer(dir, 7, 11);
    expect(t.config.numClasses).toBe(7);
    expect(maxAbsDiff(t.param("blocks.0.qkv.w").variable, m.param("blocks.0.qkv.w").variable)).toBe(0);
    expect(t.param("head.w").variable.shape).toEqual([16, 7]);
    expect(() => transfer(m, 7, 1, { ...MODEL_PRESETS.smoke, dim: 32 })).toThrow(/transfer: dim is 32 in the model config but 16/);
    tf.dispose([x, y1, y2]);
    [m, back, t].forEach((v) => v.dispose());
    expect(() => loadModel(path.join(dir, "nope"))).toThrow(/model\.json: not found/);
  });
});
