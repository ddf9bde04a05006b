/**
 * Training throughput and peak memory per model preset on the active backend
 * (`npx tsx bench/train.ts [preset:batch ...]`). Measures the optimiser step
 * alone (forward, backward, AdamW) on random batches: augmentation is excluded.
 */
import { spawnSync } from "child_process";
import * as tf from "@tensorflow/tfjs";
import { backendInfo, initBackend } from "../src/backend";
import type { Batch } from "../src/augment";
import { ModelConfig, modelPreset } from "../src/models/config";
import { VitModel } from "../src/models/vit";
import { Optimizer } from "../src/train/optim";
import { optimizerConfig, trainStep } from "../src/train/loop";
import { Rng } from "../src/util/rng";

export interface TrainingMeasurement {
  backend: string;
  batch: number;
  steps: number;
  recomputeBlocks: boolean;
  msPerStep: number;
  /** Process CPU time (user + system) per step: steadier than wall time on a shared machine. */
  cpuMsPerStep: number;
  imagesPerSecond: number;
  /** Peak of tf.memory().numBytes during one step (tf.profile); counts shared buffers once per tensor. */
  peakTensorBytes: number;
  /** wasm heap size after the run (it only grows, so it is the real peak); 0 on other backends. */
  wasmHeapBytes: number;
  /** Largest process resident set size seen (wasm memory only grows). */
  peakRssBytes: number;
  parameters: number;
}

export function randomBatch(cfg: ModelConfig, n: number, numClasses: number, rng: Rng): Batch {
  const size = cfg.imageSize;
  const x = new Float32Array(n * size * size * cfg.channels).map(() => rng.normal());
  const labels = new Int32Array(n).map(() => rng.int(numClasses));
  const y = new Float32Array(n * numClasses);
  labels.forEach((l, i) => (y[i * numClasses + l] = 1));
  return { x, y, labels, n, size, channels: cfg.channels, numClasses };
}

function wasmHeapBytes(): number {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return tf.getBackend() === "wasm" ? b.wasm?.HEAPU8?.buffer.byteLength ?? 0 : 0;
}

/** Times `steps` AdamW steps at batch `batch` after one warm-up step. */
export async function measureTraining(modelCfg: ModelConfig, batch: number, steps: number, opts: { numClasses?: number; recomputeBlocks?: boolean } = {}): Promise<TrainingMeasurement> {
  const numClasses = opts.numClasses ?? 10;
  const recompute = opts.recomputeBlocks ?? false;
  await initBackend({ quiet: true });
  const rng = new Rng(0);
  const model = new VitModel({ ...modelCfg, numClasses }, 0);
  const opt = new Optimizer(optimizerConfig({ optimizer: "adamw", weightDecay: 0.05, momentum: 0.9, nesterov: false }), model.trainableParams());
  const data = randomBatch(modelCfg, batch, numClasses, rng);
  let peakRss = process.memoryUsage().rss;
  try {
    const profile = await tf.profile(() => {
      trainStep(model, opt, data, 1e-4, 0, rng, recompute);
    });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) {
      trainStep(model, opt, data, 1e-4, 0, rng, recompute);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const msPerStep = (performance.now() - t0) / steps;
    const cpu = process.cpuUsage(c0);
    return {
      backend: backendInfo().name,
      batch,
      steps,
      recomputeBlocks: recompute,
      msPerStep,
      cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps,
      imagesPerSecond: (1000 * batch) / msPerStep,
      peakTensorBytes: profile.peakBytes,
      peakRssBytes: peakRss,
      wasmHeapBytes: wasmHeapBytes(),
      parameters: model.numParameters(),
    };
  } finally {
    opt.dispose();
    model.dispose();
  }
}

/** [preset, batch, steps, recompute blocks]; without recomputation ViT-Tiny at batch 64 overflows wasm's 4 GB heap. */
const DEFAULT_RUNS: Row[] = [
  ["smoke", 32, 20, false],
  ["cpu", 64, 5, false],
  ["vit-tiny/4@32", 16, 2, false],
  ["vit-tiny/4@32", 64, 2, true],
  ["vit-tiny/16@224", 4, 2, false],
];

type Row = [string, number, number, boolean];

function parseRow(arg: string): Row {
  const [name, b, st, rc] = arg.split(":");
  return [name, Number(b), Number(st ?? 3), rc === "rc"];
}

const mb = (b: number) => (b / 2 ** 20).toFixed(0);

async function printRow([name, batch, steps, recomputeBlocks]: Row): Promise<void> {
  try {
    const m = await measureTraining(modelPreset(name), batch, steps, { recomputeBlocks });
    console.log(`${name} | ${batch} | ${recomputeBlocks ? "yes" : "no"} | ${(m.parameters / 1e6).toFixed(2)}M | ${m.msPerStep.toFixed(1)} | ${m.cpuMsPerStep.toFixed(1)} | ${m.imagesPerSecond.toFixed(1)} | ${mb(m.peakTensorBytes)} | ${mb(m.wasmHeapBytes)} | ${mb(m.peakRssBytes)} | ${m.backend}`);
  } catch (e) {
    console.log(`${name} | ${batch} | failed: ${(e as Error).message}`);
  }
}

/**
 * `npx tsx bench/train.ts [preset:batch[:steps[:rc]] ...]`. Each row runs in its
 * own process: the wasm heap never shrinks, so sharing one would report the
 * largest earlier row's memory for every later row.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--row") {
    await initBackend({ quiet: true });
    await printRow(parseRow(args[1]));
    return;
  }
  const rows = args.length ? args.map(parseRow) : DEFAULT_RUNS;
  const info = await initBackend();
  console.log(`backend ${info.name}; random batches, AdamW; wall time suffers from machine load, CPU time less so`);
  console.log("preset | batch | recompute | params | ms/step | cpu ms/step | img/s | peak tensor MiB | wasm heap MiB | peak RSS MiB | backend");
  for (const [name, batch, steps, rc] of rows) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, "--row", `${name}:${batch}:${steps}${rc ? ":rc" : ""}`], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    process.stdout.write(r.status === 0 ? r.stdout : `${name} | ${batch} | failed: exit ${r.status ?? r.signal}\n`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
