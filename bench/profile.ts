/**
 * Where a training step's time goes (`npm run bench:profile -- [preset] [batch]
 * [dropPath]`, defaults cpu 64 0.1): kernels per step and the time per kernel
 * name (one step under tf.profile, which adds overhead of its own), then the
 * plain wall and CPU time per step over 30 steps. `SB_BLAS_THREADS`,
 * `SB_FUSED=0` and `SB_BLAS=0` switch the levers of bench:train one at a time.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/backend";
import { modelPreset } from "../src/models/config";
import { VitModel } from "../src/models/vit";
import { optimizerConfig, trainStep } from "../src/train/loop";
import { Optimizer } from "../src/train/optim";
import { Rng } from "../src/util/rng";
import { randomBatch } from "./train";

const STEPS = 30;

async function main(): Promise<void> {
  const [preset = "cpu", batchArg = "64", dropArg = "0.1"] = process.argv.slice(2);
  const batch = Number(batchArg);
  const dropPath = Number(dropArg);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`bench:profile: batch must be a positive integer, got ${batchArg}`);
  const info = await initBackend();
  const cfg = { ...modelPreset(preset), dropPath, numClasses: 10 };
  const model = new VitModel(cfg, 0);
  const opt = new Optimizer(optimizerConfig({ optimizer: "adamw", weightDecay: 0.05, momentum: 0.9, nesterov: false }), model.trainableParams());
  const rng = new Rng(0);
  const data = randomBatch(cfg, batch, 10, rng);
  try {
    for (let i = 0; i < 3; i++) trainStep(model, opt, data, 1e-4, 0, rng);
    const profile = await tf.profile(() => void trainStep(model, opt, data, 1e-4, 0, rng));
    const byName = new Map<string, { count: number; ms: number }>();
    for (const k of profile.kernels) {
      const ms = await k.kernelTimeMs;
      const e = byName.get(k.name) ?? { count: 0, ms: 0 };
      e.count += 1;
      e.ms += typeof ms === "number" ? ms : 0;
      byName.set(k.name, e);
    }
    console.log(`${preset}, batch ${batch}, drop-path ${dropPath}; backend ${info.name}, ${info.blas.enabled ? `native kernels on ${info.blas.threads} thread(s)${info.blas.fused ? ", fused" : ""}` : "plain wasm kernels"}`);
    console.log(`${profile.kernels.length} kernels per step ("forward" rows are custom-gradient ops: their time includes the kernels inside)`);
    console.log("| kernel | per step | ms (profiled step) |\n|---|---|---|");
    for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms)) console.log(`| ${name} | ${e.count} | ${e.ms.toFixed(2)} |`);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < STEPS; i++) trainStep(model, opt, data, 1e-4, 0, rng);
    const cpu = process.cpuUsage(c0);
    const ms = (performance.now() - t0) / STEPS;
    console.log(`${ms.toFixed(1)} ms/step wall, ${((cpu.user + cpu.system) / 1000 / STEPS).toFixed(1)} ms/step CPU (all threads), ${((1000 * batch) / ms).toFixed(0)} img/s over ${STEPS} steps`);
  } finally {
    opt.dispose();
    model.dispose();
  }
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
