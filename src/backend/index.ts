/**
 * The tfjs backend chain (SPEC §7): tfjs-node-gpu -> tfjs-node -> wasm -> cpu.
 *
 * The native packages are optional dependencies (their install downloads
 * libtensorflow), so they are required lazily inside try/catch. wasm with SIMD
 * on one thread is the engine on CPU-only machines; the pure-JS cpu backend is a
 * last resort (25-100x slower). `SB_BACKEND=tensorflow|wasm|cpu` forces one.
 */
import * as tf from "@tensorflow/tfjs";
import * as path from "path";
import { blasStatus, enableBlasKernels, kernelFamily, type BlasStatus } from "./blas";

export type BackendChoice = "tensorflow" | "wasm" | "cpu";

export interface BackendInfo {
  /** tfjs backend name: "tensorflow", "wasm" or "cpu". */
  name: string;
  /** Which package provided it (e.g. "@tensorflow/tfjs-node-gpu"). */
  provider: string;
  tfjsVersion: string;
  /** tfjs's own threads (wasm runs on one; 0 = libtensorflow decides). */
  threads: number;
  /** Whether the OpenBLAS kernels replace wasm's (and with how many threads), read when backendInfo() is called. */
  blas: BlasStatus;
}

type LoadedBackend = Omit<BackendInfo, "blas">;

let info: LoadedBackend | null = null;
let pending: Promise<LoadedBackend> | null = null;

/** Why the last backend in the chain failed to load, for the forced-backend error. */
let lastFailure = "";

function tryRequire(pkg: string): boolean {
  try {
    require(pkg);
    return true;
  } catch (e) {
    lastFailure = `${pkg}: ${(e as Error).message.split("\n")[0]}`;
    return false;
  }
}

async function tryTensorflow(): Promise<LoadedBackend | null> {
  for (const pkg of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
    if (tryRequire(pkg) && (await tf.setBackend("tensorflow"))) {
      return { name: "tensorflow", provider: pkg, tfjsVersion: tf.version.tfjs, threads: 0 };
    }
  }
  return null;
}

/**
 * tfjs copies every tensor a gradient saves (engine.clone -> Identity), and
 * wasm's Identity copies the buffer; sharing it by reference count (as wasm's
 * Reshape and the cpu backend's Identity do) removes one copy per saved tensor.
 * tfjs kernels never write into their inputs, so sharing is safe.
 */
function shareWasmIdentity(): void {
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      (backend as tf.KernelBackend & { incRef(id: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}

/**
 * Emscripten's module adds process handlers that rethrow every uncaught
 * exception and unhandled rejection, so Node prints the throwing source line:
 * the whole minified bundle. Removing them restores Node's own reporting.
 */
function dropEmscriptenHandlers(before: { exception: Function[]; rejection: Function[] }): void {
  for (const l of process.listeners("uncaughtException")) if (!before.exception.includes(l)) process.removeListener("uncaughtException", l);
  for (const l of process.listeners("unhandledRejection")) if (!before.rejection.includes(l)) process.removeListener("unhandledRejection", l);
}

async function tryWasm(): Promise<LoadedBackend | null> {
  const before = { exception: process.listeners("uncaughtException"), rejection: process.listeners("unhandledRejection") };
  try {
    const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"));
    wasm.setWasmPaths(dist + path.sep);
    // Threads in Node give ~0-14% and need hacks (SPEC §7): one thread, SIMD on.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
    const ok = await tf.setBackend("wasm");
    dropEmscriptenHandlers(before);
    if (!ok) return null;
    await tf.ready();
    if (process.env.SB_WASM_SHARE_IDENTITY !== "0") shareWasmIdentity();
    enableBlasKernels(); // OpenBLAS matmul/transpose kernels when built; SB_BLAS=0 disables
    return { name: "wasm", provider: "@tensorflow/tfjs-backend-wasm", tfjsVersion: tf.version.tfjs, threads: 1 };
  } catch (e) {
    lastFailure = `@tensorflow/tfjs-backend-wasm: ${(e as Error).message.split("\n")[0]}`;
    return null;
  }
}

async function tryCpu(): Promise<LoadedBackend | null> {
  if (!(await tf.setBackend("cpu"))) return null;
  return { name: "cpu", provider: "@tensorflow/tfjs-backend-cpu", tfjsVersion: tf.version.tfjs, threads: 1 };
}

const LOADERS: Record<BackendChoice, () => Promise<LoadedBackend | null>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

function parseForced(value: string | undefined): BackendChoice | null {
  if (value === undefined || value === "") return null;
  if (value === "tensorflow" || value === "wasm" || value === "cpu") return value;
  throw new Error(`SB_BACKEND: expected "tensorflow", "wasm" or "cpu", got "${value}"`);
}

async function select(quiet: boolean): Promise<LoadedBackend> {
  const forced = parseForced(process.env.SB_BACKEND);
  let chosen: LoadedBackend | null = null;
  if (forced) {
    chosen = await LOADERS[forced]();
    if (!chosen) {
      const hint = forced === "tensorflow" ? " (@tensorflow/tfjs-node[-gpu] are optional dependencies; installing them downloads libtensorflow)" : "";
      throw new Error(`SB_BACKEND=${forced}: that backend could not be loaded${hint}; last error: ${lastFailure || "setBackend failed"}`);
    }
  } else {
    for (const name of ["tensorflow", "wasm", "cpu"] as BackendChoice[]) {
      chosen = await LOADERS[name]();
      if (chosen) break;
    }
    if (!chosen) throw new Error("no tfjs backend could be loaded (tried tensorflow, wasm, cpu)");
  }
  await tf.ready();
  const blas = blasStatus();
  const kernels = blas.enabled ? `; OpenBLAS kernels (${kernelFamily(blas.config ?? "")}), ${blas.threads} thread(s)` : chosen.name === "wasm" ? `; plain wasm kernels (${blas.reason ?? "OpenBLAS addon off"})` : "";
  if (!quiet) process.stderr.write(`tfjs backend: ${chosen.name} (${chosen.provider}, tfjs ${chosen.tfjsVersion}${kernels})\n`);
  return chosen;
}

/** Selects the backend once (later calls return the same info). */
export async function initBackend(opts: { quiet?: boolean } = {}): Promise<BackendInfo> {
  if (!info) {
    pending ??= select(opts.quiet ?? false).then((i) => (info = i)).finally(() => (pending = null));
    await pending;
  }
  return backendInfo();
}

/** The active backend, to store with every result. Throws before initBackend(). */
export function backendInfo(): BackendInfo {
  if (!info) throw new Error("backendInfo(): call await initBackend() first");
  return { ...info, blas: blasStatus() };
}
