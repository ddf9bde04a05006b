/**
 * Optional OpenBLAS matmul kernels for the tfjs wasm backend (SPEC §7).
 *
 * The wasm backend is fast only for plain 2-D matMuls (~17 GFLOP/s); transposed
 * and batched ones (attention, and every matMul gradient) run at ~1 GFLOP/s,
 * and its Transpose kernel (attention head split/merge, explicit-transpose
 * gradients) took over half of a ViT training step once matmuls were fast.
 * The native addon `native/build/blas.node` (built by scripts/build-native.sh)
 * runs cblas_sgemm and a tiled transpose directly on the wasm heap, where every
 * tensor lives, so replacing the backend's `BatchMatMul`, `_FusedMatMul` and
 * `Transpose` kernels costs no copies. The next hot spots of a step follow the
 * same way: `Slice` (wasm copies the whole input out of the heap first), `Sum`
 * over leading axes (bias gradients; wasm transposes first) and the
 * scalar-libm `Exp` and `Erf` (softmax, exact GELU). Cases the addon
 * does not handle (other dtypes, general batch broadcasting, fused
 * activations other than relu, other reduction axes) go to the original wasm
 * kernel.
 *
 * With them goes same-dtype `Cast`, which on wasm copies the whole tensor (the
 * gradient of every tensor the engine saves for backward is such a Cast): it
 * shares the data by reference count, as initBackend's shared `Identity` and
 * wasm's `Reshape` do (tfjs tensors are immutable).
 *
 * The addon also brings kernels of its own (FUSED_KERNELS: linear layer,
 * multi-head attention, GELU, LayerNorm, AdamW), registered under new names
 * next to the replaced ones.
 *
 * `SB_BLAS=0` disables the kernels; `SB_FUSED=0` all but the fused ones;
 * `SB_BLAS_THREADS=n` sets how many threads each native kernel splits its
 * work over (native/parallel.h; OpenBLAS itself runs single-threaded).
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

interface BlasAddon {
  /** out[i] = op(A[i]) op(B[i]) (+ bias rows, then relu); offsets in bytes, strides in elements (0 = broadcast). */
  sgemm(
    heap: ArrayBuffer, batch: number, m: number, n: number, k: number, transA: number, transB: number,
    aOff: number, strideA: number, bOff: number, strideB: number, outOff: number, biasOff: number, relu: number,
  ): void;
  /** out = x.transpose(perm) for 4-byte elements; offsets in bytes. */
  transpose(heap: ArrayBuffer, inOff: number, outOff: number, shape: number[], perm: number[]): void;
  /** out = x[begin : begin + size] for 4-byte elements. */
  slice(heap: ArrayBuffer, inOff: number, outOff: number, shape: number[], begin: number[], size: number[]): void;
  /** out[j] = sum over i of x[i, j] for x viewed as [rows, cols] float32. */
  sumLeading(heap: ArrayBuffer, inOff: number, outOff: number, rows: number, cols: number): void;
  /** Elementwise float32: op 0 = exp, 1 = erf, 2 = exact GELU. */
  unary(heap: ArrayBuffer, inOff: number, outOff: number, n: number, op: number): void;
  /** out = dy * GELU'(x), elementwise float32. */
  geluGrad(heap: ArrayBuffer, xOff: number, dyOff: number, outOff: number, n: number): void;
  /** LayerNorm of x [rows, cols] over cols: y, and xhat and rstd [rows] for the backward. */
  layerNorm(heap: ArrayBuffer, xOff: number, gOff: number, bOff: number, yOff: number, xhatOff: number, rstdOff: number,
    rows: number, cols: number, eps: number): void;
  /** LayerNorm backward from dy, xhat, rstd and g: dx [rows, cols], dg and db [cols]. */
  layerNormGrad(heap: ArrayBuffer, dyOff: number, xhatOff: number, rstdOff: number, gOff: number,
    dxOff: number, dgOff: number, dbOff: number, rows: number, cols: number): void;
  /** One AdamW update of n floats (see AdamWAttrs); writes new p, m, v to the out offsets. */
  adamw(heap: ArrayBuffer, pOff: number, gOff: number, mOff: number, vOff: number, pOutOff: number, mOutOff: number,
    vOutOff: number, n: number, beta1: number, beta2: number, sqrtBc2: number, eps: number, decay: number, stepSize: number): void;
  /** Self-attention on packed qkv [batch, seq, 3 dim]: out [batch, seq, dim] and softmax probabilities [batch·heads, seq, seq]. */
  attention(heap: ArrayBuffer, qkvOff: number, outOff: number, probsOff: number, batch: number, seq: number, heads: number,
    headDim: number, scale: number): void;
  /** Backward of attention: dqkv [batch, seq, 3 dim] from qkv, the saved probabilities and dOut. */
  attentionGrad(heap: ArrayBuffer, qkvOff: number, probsOff: number, dOutOff: number, dqkvOff: number, batch: number,
    seq: number, heads: number, headDim: number, scale: number): void;
  setThreads(threads: number): void;
  getThreads(): number;
  config(): string;
}

export interface BlasOptions {
  /** Threads per native kernel; default SB_BLAS_THREADS, else the number of CPU cores. */
  threads?: number;
  /** Path of the compiled addon; default SB_BLAS_ADDON, else native/build/blas.node. */
  addonPath?: string;
}

export interface BlasStatus {
  enabled: boolean;
  /** Why the kernels are off (absent when enabled). */
  reason?: string;
  threads?: number;
  /** OpenBLAS build string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Cooperlake". */
  config?: string;
  /** Whether the fused GELU / LayerNorm / AdamW kernels are on (off with SB_FUSED=0). */
  fused?: boolean;
}

/** How one BatchMatMul maps onto a strided batch of sgemm calls. */
export interface MatMulPlan {
  batch: number;
  m: number;
  n: number;
  k: number;
  /** Elements between consecutive A (B) matrices; 0 when one matrix is broadcast. */
  strideA: number;
  strideB: number;
  outShape: number[];
}

const KERNELS = ["BatchMatMul", "_FusedMatMul", "Transpose", "Slice", "Cast", "Sum", "Exp", "Erf"] as const;

/**
 * Kernels of our own, each one native pass for what takes 5-40 tf kernels:
 * a linear layer on any leading axes and its three gradients
 * (src/models/linalg.ts), multi-head self-attention on a packed qkv, exact
 * GELU and LayerNorm, each forward and backward (src/models/ops.ts), and the
 * AdamW update of one parameter (src/train/optim.ts). Half of a cpu-preset
 * training step was tfjs's per-kernel overhead (~2000 kernels per step), so
 * the count of kernels, not their arithmetic, is what these cut. Callers run
 * them through tf.engine().runKernel only while fusedKernelsOn(); otherwise
 * they use the plain tf ops. `SB_FUSED=0` keeps the other native kernels but
 * not these (for A/B timing).
 */
export const FUSED_KERNELS = {
  linear: "SbLinear",
  linearGrad: "SbLinearGrad",
  attention: "SbAttention",
  attentionGrad: "SbAttentionGrad",
  gelu: "SbGelu",
  geluGrad: "SbGeluGrad",
  layerNorm: "SbLayerNorm",
  layerNormGrad: "SbLayerNormGrad",
  adamw: "SbAdamW",
} as const;

/** Attributes of SbAttention and SbAttentionGrad: head count and the score scale (1/sqrt(headDim)). */
export interface AttentionAttrs {
  heads: number;
  scale: number;
}

/** Scalars of one SbAdamW update (decay = 1 - lr·wd, stepSize = lr / (1 - beta1^t), sqrtBc2 = sqrt(1 - beta2^t)). */
export interface AdamWAttrs {
  beta1: number;
  beta2: number;
  sqrtBc2: number;
  eps: number;
  decay: number;
  stepSize: number;
}
const DEFAULT_ADDON = path.resolve(__dirname, "../../native/build/blas.node");

let originals: Map<string, tf.KernelConfig> | null = null;
let fusedRegistered = false;
// dlopen of the same addon twice fails ("did not self-register"): keep the first.
const loaded = new Map<string, BlasAddon>();
let status: BlasStatus = { enabled: false, reason: "enableBlasKernels() not called" };
let noticePrinted = false;

const size = (shape: number[]): number => shape.reduce((p, d) => p * d, 1);

/**
 * Plans `matMul(a, b, transposeA, transposeB)` as strided sgemm calls, or
 * returns null for what the addon does not handle (mismatched inner sizes,
 * empty tensors, batch broadcasting other than "same batch" or "one side has
 * a single matrix"), so the caller can defer to the original kernel.
 */
export function planMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  if (aShape.length < 2 || bShape.length < 2) return null;
  const [a0, a1] = aShape.slice(-2);
  const [b0, b1] = bShape.slice(-2);
  const [m, kA] = transposeA ? [a1, a0] : [a0, a1];
  const [kB, n] = transposeB ? [b1, b0] : [b0, b1];
  if (kA !== kB || m === 0 || n === 0 || kA === 0) return null;
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  } catch {
    return null;
  }
  const batch = size(outer);
  const batchA = size(aShape.slice(0, -2));
  const batchB = size(bShape.slice(0, -2));
  if (batch === 0 || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  return {
    batch, m, n, k: kA,
    strideA: batchA === 1 ? 0 : m * kA,
    strideB: batchB === 1 ? 0 : kA * n,
    outShape: [...outer, m, n],
  };
}

/**
 * j when `axis` is exactly the leading axes 0..j-1 of a non-empty tensor and
 * leaves at least one axis (the reduction wasm runs through a transpose), else 0.
 */
export function leadingAxes(shape: number[], axis: number | number[]): number {
  const axes = tf.util.parseAxisParam(axis, shape).sort((p, q) => p - q);
  const ok = axes.length > 0 && axes.length < shape.length && axes.every((a, i) => a === i) && size(shape) > 0;
  return ok ? axes.length : 0;
}

/**
 * OpenBLAS picks its sgemm kernels once, when the library loads, from the CPU
 * or from OPENBLAS_CORETYPE; kernels for different cores sum in different
 * orders, so one row trained on two machines gave different numbers under one
 * key (up to 13 points of top-1 on a stalled pre-training: the README's kernel
 * spread). Every x86 CPU with AVX2 and FMA runs the Haswell kernels, the ones
 * this machine kind's environment names, so we load those whatever the CPU or
 * the environment says; the core used is part of every result's key
 * (kernelSettings). SB_BLAS_CORE names another core, or "auto" for OpenBLAS's
 * own pick (bench/kernel-bits.ts compares them).
 */
export const PINNED_CORE = "Haswell";

/** Whether the CPU described by /proc/cpuinfo's text can run the pinned core's kernels (x86 AVX2 + FMA). */
export function canRunPinnedCore(cpuinfo: string): boolean {
  const flags = cpuinfo.match(/^flags\s*:(.*)$/m)?.[1].trim().split(/\s+/) ?? [];
  return flags.includes("avx2") && flags.includes("fma");
}

function cpuinfoText(): string {
  try {
    return fs.readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return ""; // not Linux: OpenBLAS picks, and the key records its pick
  }
}

/** The OPENBLAS_CORETYPE to load the library with, or null to leave the environment's. */
export function coreToLoad(env: NodeJS.ProcessEnv, cpuinfo: string): string | null {
  const asked = env.SB_BLAS_CORE;
  if (asked === "auto") return null;
  if (asked) return asked;
  return canRunPinnedCore(cpuinfo) ? PINNED_CORE : null;
}

/** The kernel family in OpenBLAS's config string ("... NO_AFFINITY SkylakeX MAX_THREADS=64"), or the whole string. */
export function kernelFamily(config: string): string {
  const words = config.split(" ");
  const i = words.findIndex((w) => w.startsWith("MAX_THREADS"));
  return i > 0 ? words[i - 1] : config;
}

function loadAddon(addonPath: string): BlasAddon | string {
  const cached = loaded.get(addonPath);
  if (cached) return cached;
  const core = coreToLoad(process.env, cpuinfoText());
  const before = process.env.OPENBLAS_CORETYPE;
  if (core) process.env.OPENBLAS_CORETYPE = core;
  try {
    const mod = { exports: {} as BlasAddon };
    process.dlopen(mod, addonPath);
    loaded.set(addonPath, mod.exports);
    return mod.exports;
  } catch (e) {
    return `OpenBLAS addon not loadable from ${addonPath} (${(e as Error).message.split("\n")[0]}); run scripts/build-native.sh`;
  } finally {
    // OpenBLAS has read it; child processes (PyTorch peers, row children) see the environment as it was.
    if (before === undefined) delete process.env.OPENBLAS_CORETYPE;
    else process.env.OPENBLAS_CORETYPE = before;
  }
}

/** The wasm memory; read it after any makeOutput, whose malloc may grow (and detach) it. */
function heapOf(backend: BackendWasm): ArrayBuffer {
  return (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer as ArrayBuffer;
}

function offsetOf(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId)!.memoryOffset;
}

/** Runs the planned sgemm into a fresh backend output; bias (length n) is added to every row. */
function runPlan(addon: BlasAddon, backend: BackendWasm, plan: MatMulPlan, a: tf.TensorInfo, b: tf.TensorInfo,
  transposeA: boolean, transposeB: boolean, bias: tf.TensorInfo | null, relu: boolean): tf.TensorInfo {
  const out = backend.makeOutput(plan.outShape, "float32");
  addon.sgemm(heapOf(backend), plan.batch, plan.m, plan.n, plan.k,
    transposeA ? 1 : 0, transposeB ? 1 : 0, offsetOf(backend, a), plan.strideA, offsetOf(backend, b), plan.strideB,
    offsetOf(backend, out), bias ? offsetOf(backend, bias) : -1, relu ? 1 : 0);
  return out;
}

function makeKernels(addon: BlasAddon, saved: Map<string, tf.KernelConfig>): tf.KernelConfig[] {
  const batchMatMul: tf.KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const plan = a.dtype === "float32" && b.dtype === "float32" ? planMatMul(a.shape, b.shape, transposeA, transposeB) : null;
    if (!plan) return saved.get("BatchMatMul")!.kernelFunc(args);
    return runPlan(addon, args.backend as BackendWasm, plan, a, b, transposeA, transposeB, null, false);
  };
  const fusedMatMul: tf.KernelFunc = (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation: string };
    const plan = a!.dtype === "float32" && b!.dtype === "float32" ? planMatMul(a!.shape, b!.shape, transposeA, transposeB) : null;
    const biasOk = bias == null || (bias.dtype === "float32" && bias.shape.length === 1 && plan !== null && bias.shape[0] === plan.n);
    if (!plan || !biasOk || (activation !== "linear" && activation !== "relu") || preluActivationWeights != null) {
      return saved.get("_FusedMatMul")!.kernelFunc(args);
    }
    return runPlan(addon, args.backend as BackendWasm, plan, a!, b!, transposeA, transposeB, bias ?? null, activation === "relu");
  };
  const transpose: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { perm } = args.attrs as { perm: number[] };
    if (x.dtype !== "float32" && x.dtype !== "int32") return saved.get("Transpose")!.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(perm.map((p) => x.shape[p]), x.dtype);
    addon.transpose(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), x.shape, perm);
    return out;
  };
  const slice: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size: sizes } = args.attrs as { begin: number[]; size: number[] };
    const [b, sz] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, sizes);
    if ((x.dtype !== "float32" && x.dtype !== "int32") || x.shape.length === 0 || size(sz) === 0) {
      return saved.get("Slice")!.kernelFunc(args);
    }
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(sz, x.dtype);
    addon.slice(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), x.shape, b, sz);
    return out;
  };
  const cast: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = args.attrs as { dtype: string };
    if (x.dtype !== dtype || dtype === "string") return saved.get("Cast")!.kernelFunc(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  const sum: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const lead = leadingAxes(x.shape, axis);
    if (x.dtype !== "float32" || lead === 0) return saved.get("Sum")!.kernelFunc(args);
    const rest = x.shape.slice(lead);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(keepDims ? [...x.shape.slice(0, lead).map(() => 1), ...rest] : rest, "float32");
    addon.sumLeading(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), size(x.shape.slice(0, lead)), size(rest));
    return out;
  };
  const unary = (name: "Exp" | "Erf", op: number): tf.KernelFunc => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype !== "float32" || size(x.shape) === 0) return saved.get(name)!.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(x.shape, "float32");
    addon.unary(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), size(x.shape), op);
    return out;
  };
  const funcs: Record<string, tf.KernelFunc> = {
    BatchMatMul: batchMatMul, _FusedMatMul: fusedMatMul, Transpose: transpose, Slice: slice, Cast: cast,
    Sum: sum, Exp: unary("Exp", 0), Erf: unary("Erf", 1),
  };
  return KERNELS.map((name) => ({ ...saved.get(name)!, kernelFunc: funcs[name] }));
}

/** Our own kernels (FUSED_KERNELS); float32 only: the model and optimiser have no other dtype. */
function makeFusedKernels(addon: BlasAddon): tf.KernelConfig[] {
  const float32 = (name: string, ...ts: tf.TensorInfo[]) => {
    for (const t of ts) if (t.dtype !== "float32") throw new Error(`${name}: float32 tensors only, got ${t.dtype}`);
  };
  const gelu: tf.KernelFunc = ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    float32(FUSED_KERNELS.gelu, x);
    const be = backend as BackendWasm;
    const out = be.makeOutput(x.shape, "float32");
    addon.unary(heapOf(be), offsetOf(be, x), offsetOf(be, out), size(x.shape), 2);
    return out;
  };
  const geluGrad: tf.KernelFunc = ({ inputs, backend }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    float32(FUSED_KERNELS.geluGrad, x, dy);
    const be = backend as BackendWasm;
    const out = be.makeOutput(x.shape, "float32");
    addon.geluGrad(heapOf(be), offsetOf(be, x), offsetOf(be, dy), offsetOf(be, out), size(x.shape));
    return out;
  };
  const rowsCols = (shape: number[]) => {
    const cols = shape[shape.length - 1];
    return { rows: size(shape) / cols, cols };
  };
  const layerNorm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, g, b } = inputs as { x: tf.TensorInfo; g: tf.TensorInfo; b: tf.TensorInfo };
    float32(FUSED_KERNELS.layerNorm, x, g, b);
    const be = backend as BackendWasm;
    const { rows, cols } = rowsCols(x.shape);
    const y = be.makeOutput(x.shape, "float32");
    const xhat = be.makeOutput(x.shape, "float32");
    const rstd = be.makeOutput([...x.shape.slice(0, -1), 1], "float32");
    addon.layerNorm(heapOf(be), offsetOf(be, x), offsetOf(be, g), offsetOf(be, b), offsetOf(be, y), offsetOf(be, xhat),
      offsetOf(be, rstd), rows, cols, (attrs as { eps: number }).eps);
    return [y, xhat, rstd];
  };
  const layerNormGrad: tf.KernelFunc = ({ inputs, backend }) => {
    const { dy, xhat, rstd, g } = inputs as Record<"dy" | "xhat" | "rstd" | "g", tf.TensorInfo>;
    float32(FUSED_KERNELS.layerNormGrad, dy, xhat, rstd, g);
    const be = backend as BackendWasm;
    const { rows, cols } = rowsCols(dy.shape);
    const dx = be.makeOutput(dy.shape, "float32");
    const dg = be.makeOutput(g.shape, "float32");
    const db = be.makeOutput(g.shape, "float32");
    addon.layerNormGrad(heapOf(be), offsetOf(be, dy), offsetOf(be, xhat), offsetOf(be, rstd), offsetOf(be, g),
      offsetOf(be, dx), offsetOf(be, dg), offsetOf(be, db), rows, cols);
    return [dx, dg, db];
  };
  const adamw: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { p, g, m, v } = inputs as Record<"p" | "g" | "m" | "v", tf.TensorInfo>;
    float32(FUSED_KERNELS.adamw, p, g, m, v);
    const a = attrs as unknown as AdamWAttrs;
    const be = backend as BackendWasm;
    const outs = [p, m, v].map((t) => be.makeOutput(t.shape, "float32"));
    addon.adamw(heapOf(be), offsetOf(be, p), offsetOf(be, g), offsetOf(be, m), offsetOf(be, v),
      offsetOf(be, outs[0]), offsetOf(be, outs[1]), offsetOf(be, outs[2]), size(p.shape),
      a.beta1, a.beta2, a.sqrtBc2, a.eps, a.decay, a.stepSize);
    return outs;
  };
  // x [..., k], w [k, n], b [n], dy [..., n] (the same leading axes as x).
  const linearShapes = (name: string, x: tf.TensorInfo, w: tf.TensorInfo, other: tf.TensorInfo, otherName: "b" | "dy") => {
    const [k, n] = w.shape;
    const ok = w.shape.length === 2 && x.shape.length >= 1 && x.shape[x.shape.length - 1] === k && (otherName === "b"
      ? other.shape.length === 1 && other.shape[0] === n
      : tf.util.arraysEqual(other.shape, [...x.shape.slice(0, -1), n]));
    if (!ok) throw new Error(`${name}: shapes x [${x.shape}], w [${w.shape}], ${otherName} [${other.shape}] do not fit x[..., k] · w[k, n]`);
  };
  const linear: tf.KernelFunc = ({ inputs, backend }) => {
    const { x, w, b } = inputs as Record<"x" | "w" | "b", tf.TensorInfo>;
    float32(FUSED_KERNELS.linear, x, w, b);
    linearShapes(FUSED_KERNELS.linear, x, w, b, "b");
    const be = backend as BackendWasm;
    const [k, n] = w.shape;
    const y = be.makeOutput([...x.shape.slice(0, -1), n], "float32");
    addon.sgemm(heapOf(be), 1, size(x.shape) / k, n, k, 0, 0, offsetOf(be, x), 0, offsetOf(be, w), 0, offsetOf(be, y), offsetOf(be, b), 0);
    return y;
  };
  const linearGrad: tf.KernelFunc = ({ inputs, backend }) => {
    const { x, w, dy } = inputs as Record<"x" | "w" | "dy", tf.TensorInfo>;
    float32(FUSED_KERNELS.linearGrad, x, w, dy);
    linearShapes(FUSED_KERNELS.linearGrad, x, w, dy, "dy");
    const be = backend as BackendWasm;
    const [k, n] = w.shape;
    const rows = size(x.shape) / k;
    const [dx, dw, db] = [x.shape, w.shape, [n]].map((shape) => be.makeOutput(shape, "float32"));
    const heap = heapOf(be);
    addon.sgemm(heap, 1, rows, k, n, 0, 1, offsetOf(be, dy), 0, offsetOf(be, w), 0, offsetOf(be, dx), -1, 0);
    addon.sgemm(heap, 1, k, n, rows, 1, 0, offsetOf(be, x), 0, offsetOf(be, dy), 0, offsetOf(be, dw), -1, 0);
    addon.sumLeading(heap, offsetOf(be, dy), offsetOf(be, db), rows, n);
    return [dx, dw, db];
  };
  const attentionShape = (qkv: tf.TensorInfo, attrs: unknown) => {
    const { heads, scale } = attrs as AttentionAttrs;
    const [batch, seq, width] = qkv.shape;
    if (qkv.shape.length !== 3 || width % (3 * heads) !== 0) {
      throw new Error(`${FUSED_KERNELS.attention}: qkv must be [batch, seq, 3 * heads * headDim], got [${qkv.shape}] for ${heads} heads`);
    }
    return { batch, seq, heads, headDim: width / 3 / heads, scale };
  };
  const attention: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { qkv } = inputs as { qkv: tf.TensorInfo };
    float32(FUSED_KERNELS.attention, qkv);
    const a = attentionShape(qkv, attrs);
    const be = backend as BackendWasm;
    const out = be.makeOutput([a.batch, a.seq, a.heads * a.headDim], "float32");
    const probs = be.makeOutput([a.batch * a.heads, a.seq, a.seq], "float32");
    addon.attention(heapOf(be), offsetOf(be, qkv), offsetOf(be, out), offsetOf(be, probs), a.batch, a.seq, a.heads, a.headDim, a.scale);
    return [out, probs];
  };
  const attentionGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { qkv, probs, dy } = inputs as Record<"qkv" | "probs" | "dy", tf.TensorInfo>;
    float32(FUSED_KERNELS.attentionGrad, qkv, probs, dy);
    const a = attentionShape(qkv, attrs);
    const be = backend as BackendWasm;
    const dqkv = be.makeOutput(qkv.shape, "float32");
    addon.attentionGrad(heapOf(be), offsetOf(be, qkv), offsetOf(be, probs), offsetOf(be, dy), offsetOf(be, dqkv),
      a.batch, a.seq, a.heads, a.headDim, a.scale);
    return dqkv;
  };
  const funcs: Record<string, tf.KernelFunc> = {
    [FUSED_KERNELS.linear]: linear, [FUSED_KERNELS.linearGrad]: linearGrad,
    [FUSED_KERNELS.attention]: attention, [FUSED_KERNELS.attentionGrad]: attentionGrad,
    [FUSED_KERNELS.gelu]: gelu, [FUSED_KERNELS.geluGrad]: geluGrad, [FUSED_KERNELS.layerNorm]: layerNorm,
    [FUSED_KERNELS.layerNormGrad]: layerNormGrad, [FUSED_KERNELS.adamw]: adamw,
  };
  return Object.values(FUSED_KERNELS).map((kernelName) => ({ kernelName, backendName: "wasm", kernelFunc: funcs[kernelName] }));
}

/**
 * Whether BatchMatMul runs natively now: then transpose flags cost nothing
 * (sgemm reads either layout), so callers may skip explicit tf.transpose.
 */
export function blasKernelsOn(): boolean {
  return originals !== null && tf.getBackend() === "wasm";
}

/** Whether the FUSED_KERNELS can be run now (registered, and wasm is the active backend). */
export function fusedKernelsOn(): boolean {
  return fusedRegistered && tf.getBackend() === "wasm";
}

/** Thread count from the option (a bad one throws) or SB_BLAS_THREADS (a bad one is returned as the reason to stay off). */
function resolveThreads(opt: number | undefined): number | string {
  if (opt !== undefined) {
    if (!Number.isInteger(opt) || opt < 1) throw new Error(`enableBlasKernels: threads must be a positive integer, got ${opt}`);
    return opt;
  }
  const env = process.env.SB_BLAS_THREADS;
  if (env === undefined || env === "") return os.cpus().length;
  const threads = Number(env);
  return Number.isInteger(threads) && threads >= 1 ? threads : `SB_BLAS_THREADS must be a positive integer, got "${env}"`;
}

/** Leaves (or puts back) the plain kernels and records why. */
function off(reason: string, notice: boolean): BlasStatus {
  disableBlasKernels();
  if (notice && !noticePrinted) {
    process.stderr.write(`notice: ${reason}; using the plain wasm matmul kernels\n`);
    noticePrinted = true;
  }
  status = { enabled: false, reason };
  return { ...status };
}

/**
 * Replaces the wasm backend's BatchMatMul, _FusedMatMul, Transpose, Slice,
 * Cast, Sum, Exp and Erf kernels with the native ones. Call after the wasm
 * backend is ready (initBackend does). Never throws for a missing addon or a
 * bad SB_BLAS_THREADS: it returns `{enabled: false, reason}`, prints one
 * notice and leaves the plain kernels (a bad `threads` option throws).
 * Calling it again only updates the thread count.
 */
export function enableBlasKernels(opts: BlasOptions = {}): BlasStatus {
  if (process.env.SB_BLAS === "0") return off("SB_BLAS=0", false);
  if (tf.getBackend() !== "wasm") return off(`backend is "${tf.getBackend()}", not wasm`, false);
  const threads = resolveThreads(opts.threads);
  if (typeof threads === "string") return off(threads, true);
  const addon = loadAddon(opts.addonPath ?? (process.env.SB_BLAS_ADDON || DEFAULT_ADDON));
  if (typeof addon === "string") return off(addon, true);
  addon.setThreads(threads);
  if (!originals) {
    const saved = new Map(KERNELS.map((name) => [name, tf.getKernel(name, "wasm")] as [string, tf.KernelConfig]));
    for (const config of makeKernels(addon, saved)) {
      tf.unregisterKernel(config.kernelName, "wasm");
      tf.registerKernel(config);
    }
    originals = saved;
    if (process.env.SB_FUSED !== "0") {
      for (const config of makeFusedKernels(addon)) tf.registerKernel(config);
      fusedRegistered = true;
    }
  }
  status = { enabled: true, threads: addon.getThreads(), config: addon.config(), fused: fusedRegistered };
  return { ...status };
}

/** Puts the original wasm kernels back (for A/B comparisons); a no-op when not enabled. */
export function disableBlasKernels(): void {
  if (!originals) return;
  for (const config of originals.values()) {
    tf.unregisterKernel(config.kernelName, "wasm");
    tf.registerKernel(config);
  }
  if (fusedRegistered) for (const name of Object.values(FUSED_KERNELS)) tf.unregisterKernel(name, "wasm");
  fusedRegistered = false;
  originals = null;
  status = { enabled: false, reason: "disableBlasKernels() called" };
}

/** Whether the OpenBLAS kernels are active, for recording with results. */
export function blasStatus(): BlasStatus {
  return { ...status };
}
