/**
 * `npm run bench`: every speed figure the project reports, one script after the
 * other (each in its own process: the wasm heap never shrinks, and timings of
 * one must not inherit the other's memory). Pass --quick for a smoke run.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const quick = process.argv.includes("--quick");
const benches: [string, string[]][] = [
  ["fractal construction (dataset rendering)", ["render.ts", ...(quick ? ["--quick"] : [])]],
  ["PNG writing (dataset disk format)", ["png.ts"]],
  ["augmentation throughput", ["augment.ts"]],
  ["training step per model preset", ["train.ts"]],
  ["training vs PyTorch", ["train-compare.ts", ...(quick ? ["--steps", "3"] : [])]],
  ["training arithmetic by OpenBLAS core type (bit for bit?)", ["kernel-bits.ts"]],
];

let failed = 0;
for (const [title, [script, ...args]] of benches) {
  console.log(`\n=== ${title}: bench/${script} ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), path.join(__dirname, script), ...args], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.log(`bench/${script} failed (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
