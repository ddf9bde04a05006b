/**
 * Does the training arithmetic depend on which OpenBLAS kernels the machine
 * picks? `npx tsx bench/kernel-bits.ts [CORETYPE ...]` runs the same ten
 * cpu-preset training steps (fixed weights, batch and seed) once per core type,
 * each in its own process with OPENBLAS_CORETYPE set (OpenBLAS reads it once,
 * at load), and prints each run's losses against the first run's: how many
 * steps agree bit for bit and the largest difference. Each core type runs
 * twice: as the toolkit loads OpenBLAS (pinned to the Haswell kernels where the
 * CPU runs them, src/backend/blas.ts), and with SB_BLAS_CORE=auto, OpenBLAS's
 * own pick, which is what every result used before the pin.
 *
 * Why it matters: a pre-training that stalls near ln L turns last-bit
 * differences into points of top-1 (the README's kernel spread), so one key
 * must mean one set of kernels.
 */
import { spawnSync } from "child_process";
import { backendInfo, initBackend } from "../src/backend";
import { modelPreset } from "../src/models/config";
import { kernelFamily } from "../src/backend/blas";
import { VitModel } from "../src/models/vit";
import { Optimizer } from "../src/train/optim";
import { optimizerConfig, trainStep } from "../src/train/loop";
import { Rng } from "../src/util/rng";
import { randomBatch } from "./train";

const STEPS = 10;
const CLASSES = 256;
/** The machine's own pick first (the reference), then cores an AVX-512 x86 machine can run. */
const DEFAULT_CORES = ["", "Haswell", "SkylakeX", "Cooperlake"];

interface Run {
  core: string;
  pinned: boolean;
  blas: string;
  losses: number[];
}

async function child(): Promise<void> {
  await initBackend({ quiet: true });
  const cfg = modelPreset("cpu");
  const rng = new Rng(0);
  const model = new VitModel({ ...cfg, numClasses: CLASSES }, 0);
  const opt = new Optimizer(optimizerConfig({ optimizer: "adamw", weightDecay: 0.05, momentum: 0.9, nesterov: false }), model.trainableParams());
  const batch = randomBatch(cfg, 64, CLASSES, rng);
  const losses: number[] = [];
  try {
    for (let i = 0; i < STEPS; i++) losses.push(trainStep(model, opt, batch, 1e-3, 0, rng, false).loss);
  } finally {
    opt.dispose();
    model.dispose();
  }
  const blas = (backendInfo() as { blas?: { config?: string } }).blas?.config ?? "no native kernels";
  process.stdout.write(JSON.stringify({ blas, losses }) + "\n");
}

function run(core: string, pinned: boolean): Run | string {
  const env: NodeJS.ProcessEnv = { ...process.env, SB_BLAS_THREADS: "1" };
  if (core) env.OPENBLAS_CORETYPE = core;
  else delete env.OPENBLAS_CORETYPE;
  if (pinned) delete env.SB_BLAS_CORE;
  else env.SB_BLAS_CORE = "auto";
  const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), __filename, "--child"], { env, encoding: "utf8" });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{")) return `failed (exit ${r.status}): ${r.stderr.trim().split("\n").pop()}`;
  return { core, pinned, ...(JSON.parse(line) as Omit<Run, "core" | "pinned">) };
}

function main(): void {
  const cores = process.argv.slice(2).length > 0 ? ["", ...process.argv.slice(2)] : DEFAULT_CORES;
  let reference: Run | null = null;
  console.log(`${STEPS} AdamW steps of the cpu preset's model, batch 64, ${CLASSES} classes, 1 thread`);
  console.log("OPENBLAS_CORETYPE | loaded as | kernels | steps equal bit for bit | max |loss - reference| | last loss");
  for (const [core, pinned] of [true, false].flatMap((p) => cores.map((c) => [c, p] as const))) {
    const r = run(core, pinned);
    const name = `${core || "(as set here)"} | ${pinned ? "toolkit (pinned)" : "SB_BLAS_CORE=auto"}`;
    if (typeof r === "string") {
      console.log(`${name} | ${r}`);
      continue;
    }
    reference ??= r;
    const same = r.losses.filter((l, i) => l === reference!.losses[i]).length;
    const maxDiff = Math.max(...r.losses.map((l, i) => Math.abs(l - reference!.losses[i])));
    console.log(`${name} | ${kernelFamily(r.blas)} | ${same}/${STEPS} | ${maxDiff.toExponential(2)} | ${r.losses[STEPS - 1].toPrecision(10)}`);
  }
}

if (process.argv.includes("--child")) void child();
else main();
