/**
 * Training throughput and peak memory per model preset on the active backend
 * (`npx tsx bench/train.ts [preset:batch ...]`). Measures the optimiser step
 * alone (forward, backward, AdamW) on random batches: augmentation is excluded.
 */
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
  msPerStep: number;
  /** Process CPU time (user + system) per step: steadier than wall time on a shared machine. */
  cpuMsPerStep: number;
  imagesPerSecond: number;
  /** Peak bytes held by tf tensors during one step (tf.profile). */
  peakTensorBytes: number;
  /** Largest process resident set size seen (wasm memory only grows). */
  peakRssBytes: number;
  parameters: number;
}

function randomBatch(cfg: ModelConfig, n: number, numClasses: number, rng: Rng): Batch {
  const size = cfg.imageSize;
  const x = new Float32Array(n * size * size * cfg.channels).map(() => rng.normal());
  const labels = new Int32Array(n).map(() => rng.int(numClasses));
  const y = new Float32Array(n * numClasses);
  labels.forEach((l, i) => (y[i * numClasses + l] = 1));
  return { x, y, labels, n, size, channels: cfg.channels, numClasses };
}

/** Times `steps` AdamW steps at batch `batch` after one warm-up step. */
export async function measureTraining(modelCfg: ModelConfig, batch: number, steps: number, numClasses = 10): Promise<TrainingMeasurement> {
  await initBackend({ quiet: true });
  const rng = new Rng(0);
  const model = new VitModel({ ...modelCfg, numClasses }, 0);
  const opt = new Optimizer(optimizerConfig({ optimizer: "adamw", weightDecay: 0.05, momentum: 0.9, nesterov: false }), model.trainableParams());
  const data = randomBatch(modelCfg, batch, numClasses, rng);
  let peakRss = process.memoryUsage().rss;
  try {
    const profile = await tf.profile(() => {
      trainStep(model, opt, data, 1e-4, 0, rng);
    });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) {
      trainStep(model, opt, data, 1e-4, 0, rng);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const msPerStep = (performance.now() - t0) / steps;
    const cpu = process.cpuUsage(c0);
    return {
      backend: backendInfo().name,
      batch,
      steps,
      msPerStep,
      cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps,
      imagesPerSecond: (1000 * batch) / msPerStep,
      peakTensorBytes: profile.peakBytes,
      peakRssBytes: peakRss,
      parameters: model.numParameters(),
    };
  } finally {
    opt.dispose();
    model.dispose();
  }
}

const DEFAULT_RUNS: [string, number, number][] = [
  ["smoke", 32, 20],
  ["cpu", 64, 5],
  // Batch 64 (the brief's size) exceeds wasm's 4 GB heap for ViT-Tiny at 65 tokens; the row reports the error.
  ["vit-tiny/4@32", 64, 2],
  ["vit-tiny/4@32", 16, 2],
  ["vit-tiny/16@224", 2, 2],
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = args.length ? args.map((a) => { const [name, b, s] = a.split(":"); return [name, Number(b), Number(s ?? 3)] as [string, number, number]; }) : DEFAULT_RUNS;
  await initBackend();
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  console.log("preset | batch | params | ms/step | cpu ms/step | img/s | peak tensor MiB | peak RSS MiB | backend");
  for (const [name, batch, steps] of runs) {
    let m: TrainingMeasurement;
    try {
      m = await measureTraining(modelPreset(name), batch, steps);
    } catch (e) {
      console.log(`${name} | ${batch} | failed: ${(e as Error).message}`);
      continue;
    }
    console.log(`${name} | ${batch} | ${(m.parameters / 1e6).toFixed(2)}M | ${m.msPerStep.toFixed(1)} | ${m.cpuMsPerStep.toFixed(1)} | ${m.imagesPerSecond.toFixed(1)} | ${mb(m.peakTensorBytes)} | ${mb(m.peakRssBytes)} | ${m.backend}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
