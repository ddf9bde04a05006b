import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "child_process";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { backendInfo, initBackend } from "../src/backend";
import { MODEL_PRESETS } from "../src/models/config";
import { VitModel } from "../src/models/vit";
import { linear } from "../src/models/linalg";
import { gelu, layerNorm, selfAttention } from "../src/models/ops";
import { softTargetCrossEntropy } from "../src/train/loss";
import { Optimizer } from "../src/train/optim";
import * as fs from "fs";
import { blasStatus, canRunPinnedCore, coreToLoad, disableBlasKernels, enableBlasKernels, FUSED_KERNELS, fusedKernelsOn, kernelFamily, leadingAxes, PINNED_CORE, planMatMul } from "../src/backend/blas";
import { Rng } from "../src/util/rng";
import { requireDep } from "./helpers/deps";

function randn(shape: number[], rng: Rng): tf.Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
}

/** Largest |x - y| relative to the largest |y|: one number per comparison. */
function relErr(x: tf.Tensor, y: tf.Tensor): number {
  const a = x.dataSync();
  const b = y.dataSync();
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

// [name, aShape, bShape, transposeA, transposeB]
const CASES: [string, number[], number[], boolean, boolean][] = [
  ["2-D", [17, 24], [24, 9], false, false],
  ["transposed A", [24, 17], [24, 9], true, false],
  ["transposed B", [17, 24], [9, 24], false, true],
  ["both transposed", [24, 17], [9, 24], true, true],
  ["batched", [6, 17, 8], [6, 8, 17], false, false],
  ["batched, transposed B (attention scores)", [2, 3, 17, 8], [2, 3, 17, 8], false, true],
  ["broadcast B batch", [5, 7, 4], [1, 4, 3], false, false],
  ["broadcast A rank 2 against batched B", [7, 4], [5, 4, 3], false, false],
  ["general broadcast (falls back)", [2, 1, 7, 4], [1, 3, 4, 3], false, false],
];

describe("planMatMul", () => {
  it("maps shapes to strided sgemm batches", () => {
    expect(planMatMul([2, 3, 17, 8], [2, 3, 17, 8], false, true)).toEqual({
      batch: 6, m: 17, n: 17, k: 8, strideA: 136, strideB: 136, outShape: [2, 3, 17, 17],
    });
    expect(planMatMul([5, 7, 4], [4, 3], false, false)).toEqual({
      batch: 5, m: 7, n: 3, k: 4, strideA: 28, strideB: 0, outShape: [5, 7, 3],
    });
    expect(planMatMul([4, 7], [4, 3], true, false)?.outShape).toEqual([7, 3]);
  });
  it("finds leading reduction axes", () => {
    expect(leadingAxes([4, 5, 6], [1, 0])).toBe(2);
    expect(leadingAxes([4, 5, 6], 0)).toBe(1);
    expect(leadingAxes([4, 5, 6], [0, 1, 2])).toBe(0);
    expect(leadingAxes([4, 5, 6], -1)).toBe(0);
    expect(leadingAxes([4, 5, 6], [0, 2])).toBe(0);
  });
  it("declines what the addon does not handle", () => {
    expect(planMatMul([2, 1, 7, 4], [1, 3, 4, 3], false, false)).toBeNull();
    expect(planMatMul([7, 4], [5, 3], false, false)).toBeNull();
    expect(planMatMul([0, 4], [4, 3], false, false)).toBeNull();
    expect(planMatMul([2, 7, 4], [3, 4, 3], false, false)).toBeNull();
  });
});

describe("the OpenBLAS core the kernels load", () => {
  const x86 = (flags: string) => `processor\t: 0\nflags\t\t: fpu sse2 ${flags}\nbogomips\t: 4000\n`;
  it("pins the Haswell kernels on every CPU that can run them, whatever OPENBLAS_CORETYPE says", () => {
    expect(PINNED_CORE).toBe("Haswell");
    expect(canRunPinnedCore(x86("avx avx2 fma avx512f"))).toBe(true);
    expect(canRunPinnedCore(x86("avx avx2"))).toBe(false);
    expect(canRunPinnedCore(x86("avx fma"))).toBe(false);
    expect(canRunPinnedCore("")).toBe(false);
    expect(coreToLoad({ OPENBLAS_CORETYPE: "SkylakeX" }, x86("avx2 fma"))).toBe("Haswell");
    expect(coreToLoad({}, x86("avx"))).toBeNull();
    expect(coreToLoad({ SB_BLAS_CORE: "auto" }, x86("avx2 fma"))).toBeNull();
    expect(coreToLoad({ SB_BLAS_CORE: "Sandybridge" }, x86("avx2 fma"))).toBe("Sandybridge");
  });
  it("reads the kernel family out of OpenBLAS's config string", () => {
    expect(kernelFamily("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64")).toBe("SkylakeX");
    expect(kernelFamily("something else")).toBe("something else");
  });
  it("loads the pinned core in a process whose environment names another, and leaves the environment as it was", (ctx) => {
    const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
    if (!fs.existsSync(path.resolve(__dirname, "../native/build/blas.node")) || !canRunPinnedCore(cpuinfo)) {
      if (!requireDep("the OpenBLAS addon on an AVX2 + FMA CPU", false)) ctx.skip();
    }
    const src = path.resolve(__dirname, "../src/backend");
    const code = `
      const { initBackend, backendInfo } = require(${JSON.stringify(src)});
      initBackend({ quiet: true }).then(() => {
        console.log(JSON.stringify({ config: backendInfo().blas.config, env: process.env.OPENBLAS_CORETYPE }));
      });`;
    const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
    const run = (extra: Record<string, string>) => {
      const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_CORETYPE: "Sandybridge" };
      delete env.SB_BLAS_CORE;
      const r = spawnSync(tsx, ["-e", code], { encoding: "utf8", cwd: path.resolve(__dirname, ".."), env: { ...env, ...extra } });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split("\n").pop()!) as { config: string; env: string };
    };
    const pinned = run({});
    expect(kernelFamily(pinned.config)).toBe("Haswell");
    expect(pinned.env).toBe("Sandybridge");
    expect(kernelFamily(run({ SB_BLAS_CORE: "auto" }).config)).toBe("Sandybridge");
  });
});

describe("OpenBLAS kernels on the wasm backend", () => {
  let reason = "";
  beforeAll(async () => {
    delete process.env.SB_BLAS;
    await initBackend({ quiet: true });
    const s = enableBlasKernels({ threads: 2 });
    disableBlasKernels();
    if (!requireDep(`the OpenBLAS addon (${s.reason})`, s.enabled)) reason = s.reason ?? "unknown";
  });

  it("matches the plain wasm kernels on every matMul case", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(7);
    const plainKernel = tf.getKernel("BatchMatMul", "wasm").kernelFunc;
    enableBlasKernels({ threads: 2 });
    expect(tf.getKernel("BatchMatMul", "wasm").kernelFunc).not.toBe(plainKernel);
    disableBlasKernels();
    expect(tf.getKernel("BatchMatMul", "wasm").kernelFunc).toBe(plainKernel);
    for (const [name, aShape, bShape, ta, tb] of CASES) {
      const a = randn(aShape, rng);
      const b = randn(bShape, rng);
      const plain = tf.matMul(a, b, ta, tb);
      expect(enableBlasKernels({ threads: 2 }).enabled).toBe(true);
      const fast = tf.matMul(a, b, ta, tb);
      disableBlasKernels();
      expect(fast.shape, name).toEqual(plain.shape);
      expect(relErr(fast, plain), name).toBeLessThan(1e-4);
      tf.dispose([a, b, plain, fast]);
    }
  });

  it("matches the plain wasm Transpose on model-like permutations", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(10);
    // [shape, perm]: 2-D, attention head split and merge, a batched matrix transpose, size-1 axes, int32.
    const cases: [number[], number[]][] = [
      [[37, 45], [1, 0]],
      [[4, 17, 3, 3, 8], [2, 0, 3, 1, 4]],
      [[4, 3, 17, 8], [0, 2, 1, 3]],
      [[6, 17, 8], [0, 2, 1]],
      [[1, 5, 1, 7], [3, 2, 1, 0]],
      [[3, 4], [0, 1]],
    ];
    for (const [shape, perm] of cases) {
      for (const dtype of ["float32", "int32"] as const) {
        const x = dtype === "float32" ? randn(shape, rng) : tf.cast(randn(shape, rng).mul(100), "int32");
        const plain = tf.transpose(x, perm);
        enableBlasKernels({ threads: 1 });
        const fast = tf.transpose(x, perm);
        disableBlasKernels();
        expect(fast.shape, `${shape} ${perm}`).toEqual(plain.shape);
        expect(fast.dtype).toBe(dtype);
        expect(Array.from(fast.dataSync()), `${shape} ${perm} ${dtype}`).toEqual(Array.from(plain.dataSync()));
        tf.dispose([x, plain, fast]);
      }
    }
  });

  it("matches the plain wasm Slice", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(13);
    // [shape, begin, size]: qkv column slice, cls token, patch tokens, 1-D, whole tensor, -1 sizes.
    const cases: [number[], number[], number[]][] = [
      [[34, 24], [0, 8], [34, 8]],
      [[4, 17, 8], [0, 0, 0], [4, 1, 8]],
      [[4, 17, 8], [0, 1, 0], [4, 16, 8]],
      [[4, 5, 6, 7], [1, 2, 3, 4], [2, 2, 2, 3]],
      [[10], [3], [4]],
      [[3, 4], [0, 0], [3, 4]],
      [[3, 4, 5], [1, 0, 2], [-1, 2, -1]],
    ];
    for (const [shape, begin, sz] of cases) {
      for (const dtype of ["float32", "int32"] as const) {
        const x = dtype === "float32" ? randn(shape, rng) : tf.cast(randn(shape, rng).mul(100), "int32");
        const plain = tf.slice(x, begin, sz);
        enableBlasKernels({ threads: 1 });
        const fast = tf.slice(x, begin, sz);
        disableBlasKernels();
        expect(fast.shape, `${shape} ${begin} ${sz}`).toEqual(plain.shape);
        expect(Array.from(fast.dataSync()), `${shape} ${begin} ${sz} ${dtype}`).toEqual(Array.from(plain.dataSync()));
        tf.dispose([x, plain, fast]);
      }
    }
  });

  it("matches the plain wasm Sum, Exp and Erf", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(12);
    const x = randn([6, 17, 12], rng);
    const ops: [string, () => tf.Tensor][] = [
      ["sum axis 0", () => tf.sum(x, 0)],
      ["sum axes 0,1 keepDims", () => tf.sum(x, [1, 0], true)],
      ["sum last axis (plain path)", () => tf.sum(x, -1)],
      ["sum all (plain path)", () => tf.sum(x)],
      ["exp", () => tf.exp(x)],
      ["erf", () => tf.erf(x)],
    ];
    for (const [name, f] of ops) {
      const plain = f();
      enableBlasKernels({ threads: 1 });
      const fast = f();
      disableBlasKernels();
      expect(fast.shape, name).toEqual(plain.shape);
      expect(relErr(fast, plain), name).toBeLessThan(1e-5);
      tf.dispose([plain, fast]);
    }
    x.dispose();
  });

  it("matches fused matMul with bias and relu", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(8);
    const a = randn([2, 9, 16], rng);
    const b = randn([2, 16, 5], rng);
    const bias = randn([5], rng);
    // Reference from unfused ops: the wasm fused kernel itself is suspect (SPEC §7).
    const ref = tf.add(tf.matMul(a, b), bias);
    const refRelu = tf.relu(ref);
    expect(enableBlasKernels({ threads: 1 }).enabled).toBe(true);
    const fast = tf.fused.matMul({ a, b, bias });
    const relu = tf.fused.matMul({ a, b, bias, activation: "relu" });
    disableBlasKernels();
    expect(relErr(fast, ref)).toBeLessThan(1e-4);
    expect(relErr(relu, refRelu)).toBeLessThan(1e-4);
    tf.dispose([a, b, bias, ref, refRelu, fast, relu]);
  });

  it("gives the same bits on 1 and 2 threads at sizes that split across threads", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(23);
    // cpu-preset sizes: rows split (linear), columns split (weight gradient), batch split (attention).
    const x = randn([1088, 96], rng);
    const w = randn([96, 288], rng);
    const dy = randn([1088, 288], rng);
    const q = randn([192, 17, 32], rng);
    const bias = randn([288], rng);
    const g = randn([96], rng);
    const t5 = randn([64, 17, 3, 3, 32], rng);
    const run = (): tf.Tensor[] => {
      const ln = tf.valueAndGrads((xx: tf.Tensor, gg: tf.Tensor) => layerNorm(xx, gg, gg).mul(x).sum())([x, g]);
      return [
        tf.matMul(x, w), tf.matMul(x, dy, true, false), tf.matMul(q, q, false, true),
        tf.fused.matMul({ a: x, b: w, bias, activation: "relu" }),
        tf.transpose(t5, [2, 0, 3, 1, 4]), tf.slice(dy, [0, 96], [1088, 96]), tf.sum(dy, 0),
        tf.exp(dy.mul(0.1)), gelu(dy), ln.value, ...ln.grads,
        ...tf.valueAndGrads((xx: tf.Tensor) => selfAttention(xx.reshape([64, 17, 96]) as tf.Tensor3D, w as tf.Tensor2D, bias as tf.Tensor1D, 3).sum())([x]).grads,
      ];
    };
    enableBlasKernels({ threads: 1 });
    const one = run();
    enableBlasKernels({ threads: 2 });
    const two = run();
    disableBlasKernels();
    one.forEach((t, i) => expect(Array.from(two[i].dataSync()), `output ${i}`).toEqual(Array.from(t.dataSync())));
    tf.dispose([x, w, dy, q, bias, g, t5, ...one, ...two]);
  });

  it("fused GELU and LayerNorm give the tf-op values and gradients and leak no tensors", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(21);
    const x = randn([3, 17, 24], rng).mul(2);
    const g = randn([24], rng);
    const b = randn([24], rng);
    const w = randn([3, 17, 24], rng); // a non-uniform upstream gradient
    const loss = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => gelu(layerNorm(xx, gg, bb)).mul(w).sum();
    const run = () => tf.valueAndGrads(loss)([x, g, b]);
    const plain = run();
    expect(fusedKernelsOn()).toBe(false);
    enableBlasKernels({ threads: 1 });
    try {
      expect(fusedKernelsOn()).toBe(true);
      const before = tf.memory().numTensors;
      const fast = run();
      expect(tf.memory().numTensors - before).toBe(4);
      expect(relErr(fast.value, plain.value)).toBeLessThan(1e-4);
      ["x", "g", "b"].forEach((name, i) => expect(relErr(fast.grads[i], plain.grads[i]), name).toBeLessThan(1e-4));
      tf.dispose([fast.value, ...fast.grads]);
    } finally {
      disableBlasKernels();
    }
    expect(fusedKernelsOn()).toBe(false);
    tf.dispose([x, g, b, w, plain.value, ...plain.grads]);
  });

  it("fused linear and self-attention give the tf-op values and gradients and leak no tensors", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(24);
    // 2 heads of width 6, 5 tokens; linear on 3-D input (leading axes flattened natively).
    const x = randn([3, 5, 12], rng);
    const qkvW = randn([12, 36], rng).mul(0.3);
    const qkvB = randn([36], rng);
    const w = randn([12, 7], rng);
    const b = randn([7], rng);
    const up = randn([3, 5, 7], rng); // a non-uniform upstream gradient
    const loss = (xx: tf.Tensor, qw: tf.Tensor, qb: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      linear(selfAttention(xx as tf.Tensor3D, qw as tf.Tensor2D, qb as tf.Tensor1D, 2), ww as tf.Tensor2D, bb as tf.Tensor1D).mul(up).sum();
    const run = () => tf.valueAndGrads(loss)([x, qkvW, qkvB, w, b]);
    const plain = run();
    enableBlasKernels({ threads: 2 });
    try {
      expect(fusedKernelsOn()).toBe(true);
      const before = tf.memory().numTensors;
      const fast = run();
      expect(tf.memory().numTensors - before).toBe(6);
      expect(relErr(fast.value, plain.value)).toBeLessThan(1e-5);
      ["x", "qkvW", "qkvB", "w", "b"].forEach((name, i) => expect(relErr(fast.grads[i], plain.grads[i]), name).toBeLessThan(1e-4));
      tf.dispose([fast.value, ...fast.grads]);
    } finally {
      disableBlasKernels();
    }
    tf.dispose([x, qkvW, qkvB, w, b, up, plain.value, ...plain.grads]);
  });

  it("rejects shapes the fused attention and linear kernels cannot take", (ctx) => {
    if (reason) ctx.skip();
    enableBlasKernels({ threads: 1 });
    try {
      const qkv = tf.zeros([2, 5, 20]);
      expect(() => tf.engine().runKernel(FUSED_KERNELS.attention, { qkv }, { heads: 3, scale: 1 })).toThrow(
        "SbAttention: qkv must be [batch, seq, 3 * heads * headDim], got [2,5,20] for 3 heads");
      const w = tf.zeros([19, 4]);
      const b = tf.zeros([4]);
      expect(() => tf.engine().runKernel(FUSED_KERNELS.linear, { x: qkv, w, b })).toThrow(
        "SbLinear: shapes x [2,5,20], w [19,4], b [4] do not fit x[..., k] · w[k, n]");
      tf.dispose([qkv, w, b]);
    } finally {
      disableBlasKernels();
    }
  });

  it("fused AdamW updates parameters and state as the tf-op version does", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(22);
    const init = [randn([12, 7], rng), randn([7], rng)];
    const grads = [0, 1, 2].map(() => [randn([12, 7], rng), randn([7], rng)]);
    // Three steps (bias correction changes), weight decay on one parameter only.
    const train = () => {
      const params = init.map((t, i) => ({ name: `p${i}`, variable: tf.variable(t, true, `adamw-test-${i}-${Math.random()}`), decay: i === 0 }));
      const opt = new Optimizer({ kind: "adamw", weightDecay: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, params);
      for (const [g0, g1] of grads) opt.apply({ [params[0].variable.name]: g0, [params[1].variable.name]: g1 }, 0.01);
      return { params, opt };
    };
    const plain = train();
    enableBlasKernels({ threads: 1 });
    const before = tf.memory().numTensors;
    const fast = train();
    disableBlasKernels();
    expect(tf.memory().numTensors - before).toBe(6); // 2 parameters + their m and v
    for (let i = 0; i < 2; i++) expect(relErr(fast.params[i].variable, plain.params[i].variable), `p${i}`).toBeLessThan(1e-5);
    for (const [key, v] of plain.opt.state) expect(relErr(fast.opt.state.get(key)!, v), key).toBeLessThan(1e-5);
    for (const run of [plain, fast]) {
      run.opt.dispose();
      run.params.forEach((p) => p.variable.dispose());
    }
    tf.dispose([...init, ...grads.flat()]);
  });

  it("gives the same gradients as the plain kernels and leaks no tensors", (ctx) => {
    if (reason) ctx.skip();
    const rng = new Rng(9);
    const q = randn([4, 17, 8], rng);
    const k = randn([4, 17, 8], rng);
    const w = randn([8, 12], rng);
    // Attention-like batched products plus a 2-D linear layer: every transpose case in the backward.
    const loss = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
      tf.matMul(tf.matMul(tf.matMul(x, y, false, true), y), z.reshape([1, 8, 12]).tile([4, 1, 1])).square().mean()
        .add(tf.matMul(x.reshape([68, 8]), z).square().mean());
    const g = tf.grads(loss);
    const plain = g([q, k, w]);
    expect(enableBlasKernels({ threads: 2 }).enabled).toBe(true);
    const before = tf.memory().numTensors;
    const fast = g([q, k, w]);
    expect(tf.memory().numTensors - before).toBe(3);
    disableBlasKernels();
    for (let i = 0; i < 3; i++) expect(relErr(fast[i], plain[i])).toBeLessThan(1e-4);
    tf.dispose([q, k, w, ...plain, ...fast]);
  });

  it("shares data for same-dtype Cast, freeing it with the last reference", (ctx) => {
    if (reason) ctx.skip();
    enableBlasKernels({ threads: 1 });
    try {
      const bytes = tf.memory().numBytes;
      const x = tf.tensor1d([1, 2, 3]);
      const z = tf.cast(x, "float32");
      const i = tf.cast(x, "int32");
      x.dispose();
      expect(Array.from(z.dataSync())).toEqual([1, 2, 3]);
      expect(i.dtype).toBe("int32");
      expect(Array.from(i.dataSync())).toEqual([1, 2, 3]);
      tf.dispose([z, i]);
      expect(tf.memory().numBytes).toBe(bytes);
    } finally {
      disableBlasKernels();
    }
  });

  it("trains a small ViT to the same loss and gradients as the plain kernels", (ctx) => {
    if (reason) ctx.skip();
    const model = new VitModel({ ...MODEL_PRESETS.smoke, depth: 2, dropPath: 0, numClasses: 5 }, 3);
    const c = model.config;
    const rng = new Rng(11);
    const x = randn([4, c.imageSize, c.imageSize, c.channels], rng) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor1d([0, 1, 4, 2], "int32"), 5).toFloat() as tf.Tensor2D;
    const vars = model.trainableParams().map((p) => p.variable);
    const run = () => tf.variableGrads(() => softTargetCrossEntropy(model.forward(x, { training: true }), y), vars);
    const plain = run();
    enableBlasKernels({ threads: 2 });
    const fast = run();
    disableBlasKernels();
    expect(Math.abs(fast.value.dataSync()[0] - plain.value.dataSync()[0])).toBeLessThan(1e-5);
    const names = Object.keys(plain.grads);
    expect(names.length).toBe(vars.length);
    for (const name of names) expect(relErr(fast.grads[name], plain.grads[name]), name).toBeLessThan(1e-4);
    tf.dispose([x, y, plain.value, fast.value, ...Object.values(plain.grads), ...Object.values(fast.grads)]);
    model.dispose();
  });

  it("backendInfo() records whether the kernels are on and their threads", (ctx) => {
    if (reason) ctx.skip();
    enableBlasKernels({ threads: 2 });
    expect(backendInfo().blas).toMatchObject({ enabled: true, threads: 2 });
    disableBlasKernels();
    expect(backendInfo().blas.enabled).toBe(false);
  });

  it("rejects a bad thread count: the option throws, SB_BLAS_THREADS keeps the plain kernels", () => {
    expect(() => enableBlasKernels({ threads: 0 })).toThrow(/threads must be a positive integer, got 0/);
    process.env.SB_BLAS_THREADS = "two";
    try {
      const s = enableBlasKernels();
      expect(s.enabled).toBe(false);
      expect(s.reason).toBe('SB_BLAS_THREADS must be a positive integer, got "two"');
    } finally {
      delete process.env.SB_BLAS_THREADS;
    }
  });

  it("leaves the kernels alone when SB_BLAS=0", () => {
    process.env.SB_BLAS = "0";
    try {
      expect(enableBlasKernels()).toEqual({ enabled: false, reason: "SB_BLAS=0" });
      expect(blasStatus().enabled).toBe(false);
    } finally {
      delete process.env.SB_BLAS;
    }
  });

  it("falls back to the plain path with one notice when the addon is missing", () => {
    // A fresh process: the notice is printed once per process, and initBackend may already have printed it here.
    const src = path.resolve(__dirname, "../src/backend");
    const code = `
      const tf = require("@tensorflow/tfjs");
      const { initBackend } = require(${JSON.stringify(src)});
      const { enableBlasKernels } = require(${JSON.stringify(src + "/blas")});
      initBackend({ quiet: true }).then(() => {
        const again = enableBlasKernels();
        const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]), false, false);
        console.log(JSON.stringify({ again, y: Array.from(y.dataSync()) }));
      });`;
    const tsx = path.resolve(__dirname, "../node_modules/.bin/tsx");
    const r = spawnSync(tsx, ["-e", code], {
      encoding: "utf8", cwd: path.resolve(__dirname, ".."), env: { ...process.env, SB_BLAS_ADDON: "/nonexistent/blas.node" },
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(out.again.enabled).toBe(false);
    expect(out.again.reason).toMatch(/not loadable from \/nonexistent\/blas\.node/);
    expect(out.y).toEqual([11]);
    expect(r.stderr.split("\n").filter((l) => l.includes("using the plain wasm matmul kernels"))).toHaveLength(1);
  });
});
