/**
 * The code version that goes into every result's cache key (issue #10 item 6):
 * a hash of the source a row runs (the import closure of the executor, plus the
 * worker scripts beside those files, which are loaded by path), the native
 * kernels' C++ sources, and the installed tfjs versions. The kernel settings
 * that change the arithmetic (native kernels on/off, fused kernels, the
 * OpenBLAS core: src/backend/blas.ts pins it where it can) are added
 * at plan time; the thread count is not, because results no longer depend on
 * it (native/parallel.cc splits work by size only).
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { blasStatus, kernelFamily } from "../backend/blas";
import { stableHash } from "../util/hash";
import { projectRoot } from "../util/root";

/** The module a row runs; everything it imports (transitively) determines the result. */
const ROW_ENTRY = "src/run/executor.ts";
const TFJS_PACKAGES = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu"];
const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

function resolveImport(fromFile: string, spec: string): string | null {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Project-relative paths of the files the row entry imports, directly or not, plus the .js files beside them. */
export function rowSourceFiles(root = projectRoot(), entry = ROW_ENTRY): string[] {
  const seen = new Set<string>();
  const stack = [path.join(root, entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const dep = resolveImport(file, m[1]);
      if (dep && dep.startsWith(path.join(root, "src"))) stack.push(dep);
    }
  }
  // Worker scripts are started by path (new Worker(...)), not imported.
  for (const dir of new Set([...seen].map((f) => path.dirname(f)))) {
    for (const name of fs.readdirSync(dir)) if (name.endsWith(".js")) seen.add(path.join(dir, name));
  }
  return [...seen].map((f) => path.relative(root, f)).sort();
}

function nativeSources(root: string): string[] {
  const dir = path.join(root, "native");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((n) => /\.(cc|h)$/.test(n)).map((n) => path.join("native", n)).sort();
}

function installedVersion(pkg: string): string | null {
  try {
    return (JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return null; // an optional backend that is not installed
  }
}

let cached: string | null = null;

/** 16 hex digits over the row's source files, native/*.cc|h and the tfjs versions. */
export function codeVersion(): string {
  if (cached) return cached;
  const root = projectRoot();
  const h = createHash("sha256");
  for (const rel of [...rowSourceFiles(root), ...nativeSources(root)]) {
    h.update(`${rel}\0`).update(fs.readFileSync(path.join(root, rel))).update("\0");
  }
  for (const pkg of TFJS_PACKAGES) h.update(`${pkg}@${installedVersion(pkg)}\0`);
  return (cached = h.digest("hex").slice(0, 16));
}

export interface KernelSettings {
  native: boolean;
  fused: boolean;
  /** The OpenBLAS kernel family the native kernels run ("Haswell"), null without them. */
  blasCore: string | null;
}

/** The kernel settings in force now (read after initBackend). */
export function kernelSettings(): KernelSettings {
  const s = blasStatus();
  return { native: s.enabled, fused: s.enabled && s.fused === true, blasCore: s.enabled && s.config ? kernelFamily(s.config) : null };
}

/** What goes into the cache key besides the config: the code version and the kernel settings. */
export function resultVersion(kernels: KernelSettings = kernelSettings(), code = codeVersion()): string {
  return stableHash({ code, kernels });
}
