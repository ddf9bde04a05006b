/**
 * The preset search (SPEC §6): one LPCE pre-training at a candidate recipe,
 * fine-tuned exactly as the cpu preset's table rows are, beside scratch with
 * the same fine-tuning. The source is 1p-frac, or one photo (`real-image`, for
 * claims 7 and 8: is its task learned with more steps than the preset's?). One JSON per run in --out (default
 * results/preset-search/<name>.json), with the learning curve (LPCE loss and
 * top-1 on the un-augmented class images), so notebooks/preset-search.ipynb
 * can plot it and a stopped search loses at most the run in progress.
 *
 *   npx tsx bench/preset-search.ts --name light-d0.1-6k --recipe light --steps 6000 --delta 0.1
 *   npx tsx bench/preset-search.ts --name canny-camera-24k --source real-image --output canny --steps 24000
 *
 * Flags (default): --source 1p-frac|real-image (1p-frac), --recipe deit|light|none
 * (light), --steps (6000), --L (256), --delta (0.1), --sigma (3.5, 1p-frac),
 * --image, --output, --warp (real-image; the cpu preset's), --renderSize (the source's default), --size
 * (28), --patch (7), --dim (96), --depth (4), --ptLr (the cpu preset's, at batch 512),
 * --seed (0), --curveEvery (500), --scratch 1|0 (1), --norm fixed|set (fixed: the pre-training
 * input normalised with 0.5/0.5; set: with the pre-training set's own mean/std), --warmup (0.02,
 * the warmup as a fraction of the steps), --out DIR.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DEIT_LIGHT_PRETRAIN_AUGMENT, DEIT_PRETRAIN_AUGMENT, NO_AUGMENT } from "../src/augment";
import type { AugmentConfig } from "../src/augment";
import { initBackend } from "../src/backend";
import { loadDownstream } from "../src/datasets/downstream";
import { stableHash } from "../src/util/hash";
import { getPreset } from "../src/experiments/presets";
import { modelPreset } from "../src/models/config";
import type { ModelConfig } from "../src/models/config";
import { buildSource } from "../src/sources";
import { finetune, pretrain } from "../src/train";
import type { LoopConfig } from "../src/train";

const SOURCES = ["1p-frac", "gaussian", "real-image"];
/** Per source, the string flags that set its parameters (numbers are handled below). */
const SOURCE_FLAGS: Record<string, string[]> = { "1p-frac": [], gaussian: [], "real-image": ["image", "output", "warp"] };
const NORMS = ["fixed", "set"];

const RECIPES: Record<string, AugmentConfig> = {
  deit: DEIT_PRETRAIN_AUGMENT,
  light: DEIT_LIGHT_PRETRAIN_AUGMENT,
  none: { ...NO_AUGMENT, mean: [0.5], std: [0.5] },
};

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) throw new Error(`preset-search: expected --flag value pairs, got ${argv.slice(i).join(" ")}`);
    out.set(argv[i].slice(2), argv[i + 1]);
  }
  return out;
}

async function main(): Promise<void> {
  const f = flags(process.argv.slice(2));
  const str = (k: string, d: string) => f.get(k) ?? d;
  const num = (k: string, d: number) => {
    const v = Number(str(k, String(d)));
    if (!Number.isFinite(v)) throw new Error(`preset-search: --${k} must be a number, got ${f.get(k)}`);
    return v;
  };
  const source = str("source", "1p-frac");
  if (!SOURCES.includes(source)) throw new Error(`preset-search: --source must be one of ${SOURCES.join(", ")}, got ${source}`);
  const recipe = str("recipe", "light");
  if (!RECIPES[recipe]) throw new Error(`preset-search: --recipe must be one of ${Object.keys(RECIPES).join(", ")}, got ${recipe}`);
  const norm = str("norm", "fixed");
  if (!NORMS.includes(norm)) throw new Error(`preset-search: --norm must be one of ${NORMS.join(", ")}, got ${norm}`);
  const warmup = num("warmup", 0.02);
  if (!(warmup >= 0 && warmup < 1)) throw new Error(`preset-search: --warmup must be a fraction in [0, 1), got ${warmup}`);
  const seed = num("seed", 0);
  const L = num("L", 256);
  const steps = num("steps", 6000);
  const size = num("size", 28);
  const name = str("name", `${source === "1p-frac" ? "" : `${source}-`}${recipe}-d${num("delta", 0.1)}-${steps}-s${seed}`);
  const outDir = str("out", "results/preset-search");
  await initBackend({ quiet: true });

  const cpu = getPreset("cpu").base;
  const model: ModelConfig = { ...modelPreset("cpu"), imageSize: size, patchSize: num("patch", 7), dim: num("dim", 96), depth: num("depth", 4) };
  model.mlpDim = 2 * model.dim;
  const pt: LoopConfig = {
    ...cpu.pretrain, batchSize: Math.min(64, L), steps, baseLr: num("ptLr", cpu.pretrain.baseLr),
    warmupSteps: Math.round(warmup * steps), augment: { ...structuredClone(RECIPES[recipe]), normalize: norm as "fixed" | "set" },
  };
  const ft: LoopConfig = { ...cpu.finetune };
  // The preset's parameters for the source, as its table rows get them, then the flags.
  const sourceParams: Record<string, number | string> = { ...getPreset("cpu").sourceParams[source], size, L, delta: num("delta", 0.1) };
  if (source === "1p-frac") sourceParams.sigma = num("sigma", 3.5);
  for (const k of SOURCE_FLAGS[source]) if (f.has(k)) sourceParams[k] = str(k, "");
  const foreign = Object.values(SOURCE_FLAGS).flat().filter((k) => f.has(k) && !SOURCE_FLAGS[source].includes(k));
  if (foreign.length > 0) throw new Error(`preset-search: --${foreign[0]} does not apply to --source ${source}`);
  if (f.has("renderSize")) sourceParams.renderSize = num("renderSize", 512);
  const { train, test } = await loadDownstream("fashion-mnist", { trainPerClass: cpu.downstream.trainPerClass, testPerClass: cpu.downstream.testPerClass, seed });

  const t0 = Date.now();
  const set = await buildSource(source, sourceParams, seed);
  const buildSeconds = (Date.now() - t0) / 1000;
  const p = await pretrain(set, model, pt, { seed, label: `pretrain ${name}`, curveEverySteps: num("curveEvery", 500) });
  const tuned = await finetune(p.model, train, test, model, ft, { seed, quiet: true });
  p.model.dispose();
  tuned.model.dispose();

  // Scratch depends only on the model, the fine-tuning and the seed: computed once per such key.
  let scratch: number | null = null;
  if (str("scratch", "1") === "1") {
    const file = path.join(outDir, `scratch-${stableHash({ model, ft, seed, downstream: cpu.downstream })}.json`);
    if (fs.existsSync(file)) scratch = (JSON.parse(fs.readFileSync(file, "utf8")) as { accuracy: number }).accuracy;
    else {
      const s = await finetune(null, train, test, model, ft, { seed, quiet: true });
      s.model.dispose();
      scratch = 100 * s.testAccuracy;
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ model, ft, seed, accuracy: scratch }, null, 2) + "\n");
    }
  }
  const result = {
    name, args: process.argv.slice(2).join(" "), commit: execFileSync("git", ["rev-parse", "HEAD"]).toString().trim(), seed, source, recipe, model, sourceParams, pretrain: pt,
    buildSeconds, pretrainSeconds: p.seconds, imagesPerSecond: p.imagesPerSecond, steps: p.steps,
    normalization: p.normalization, curve: p.curve, finalLoss: p.curve[p.curve.length - 1]?.loss ?? null, lnL: Math.log(L),
    frac: 100 * tuned.testAccuracy, scratch, finetuneSeconds: tuned.seconds,
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify({ name, frac: result.frac, scratch, finalLoss: result.finalLoss, lnL: result.lnL, cleanAccuracy: p.curve[p.curve.length - 1]?.cleanAccuracy, pretrainSeconds: p.seconds }));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
