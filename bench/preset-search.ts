/**
 * How the cpu preset was chosen: one 1p-frac pre-training versus scratch at a
 * candidate setting, printed as one JSON line. Run with flags, e.g.
 *   npx tsx bench/preset-search.ts --L 64 --pretrainEpochs 40 --trainPerClass 20 --seeds 0,1
 */
import { DEIT_PRETRAIN_AUGMENT, NO_AUGMENT, type AugmentConfig } from "../src/augment";
import { initBackend } from "../src/backend";
import { loadDownstream } from "../src/datasets/downstream";
import { modelPreset } from "../src/models/config";
import { buildSource } from "../src/sources";
import { finetune, pretrain, type LoopConfig } from "../src/train";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const num = (name: string, fallback: number) => Number(arg(name, String(fallback)));

async function main() {
  await initBackend();
  const model = { ...modelPreset(arg("model", "cpu")) };
  if (process.argv.includes("--dim")) Object.assign(model, { dim: num("dim", 96), mlpDim: 2 * num("dim", 96) });
  if (process.argv.includes("--depth")) model.depth = num("depth", 4);
  const seeds = arg("seeds", "0").split(",").map(Number);
  const ftAug: AugmentConfig = {
    ...NO_AUGMENT, randomResizedCrop: true, cropScale: [num("ftCropMin", 0.6), 1], cropRatio: [3 / 4, 4 / 3], randomAspect: true,
    hflip: 0.5, labelSmoothing: 0.1, mean: [0.5], std: [0.5],
  };
  const ptAug: AugmentConfig = process.argv.includes("--ptNoAug") ? { ...NO_AUGMENT, mean: [0.5], std: [0.5] } : { ...DEIT_PRETRAIN_AUGMENT, hflip: num("ptFlip", 0.5), vflip: num("ptFlip", 0.5), cropScale: [num("ptCropMin", 0.08), 1], randomErasing: num("ptErasing", 0.5), randAugment: arg("ptRandAug", "1") === "1", mixupAlpha: num("ptMixup", 0.8), cutmixAlpha: num("ptCutmix", 1.0) };
  const pt: LoopConfig = {
    epochs: num("pretrainEpochs", 40), batchSize: 64, optimizer: "adamw", baseLr: num("ptLr", 1e-3) * 8, lrReferenceBatch: 512,
    weightDecay: 0.05, momentum: 0.9, nesterov: false, warmupEpochs: num("ptWarmup", 2), minLr: 1e-5, gradClip: 0, augment: ptAug, evalBatchSize: 256,
  };
  const ft: LoopConfig = {
    epochs: num("ftEpochs", 30), batchSize: 50, optimizer: arg("ftOpt", "sgd") as "sgd" | "adamw", baseLr: num("ftLr", 0.1), lrReferenceBatch: 512,
    weightDecay: num("ftWd", 1e-4), momentum: 0.9, nesterov: true, warmupEpochs: 3, minLr: 1e-5, gradClip: 0, augment: ftAug, evalBatchSize: 256,
  };
  for (const seed of seeds) {
    const { train, test } = await loadDownstream("fashion-mnist", { trainPerClass: num("trainPerClass", 20), testPerClass: num("testPerClass", 200), seed });
    const t0 = Date.now();
    const set = await buildSource("1p-frac", { size: num("size", 28), L: num("L", 64), delta: num("delta", 0.1), sigma: 3.5, pointsPerImage: num("points", 20000) }, seed);
    const p = await pretrain(set, model, pt, { seed, quiet: true });
    const ptSec = (Date.now() - t0) / 1000;
    const last = p.history[p.history.length - 1];
    const f1 = await finetune(p.model, train, test, model, ft, { seed, quiet: true });
    const f0 = await finetune(null, train, test, model, ft, { seed, quiet: true });
    console.log(JSON.stringify({ seed, args: process.argv.slice(2).join(" "), pretrainSeconds: ptSec, ptImgPerSec: p.imagesPerSecond, ptLoss: last.loss, ptTrainAcc: last.trainAccuracy,
      frac: f1.testAccuracy, scratch: f0.testAccuracy, ftSeconds: f1.seconds + f0.seconds }));
    p.model.dispose(); f1.model.dispose(); f0.model.dispose();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
