/**
 * The real row executor: build the source, pre-train, then fine-tune (or
 * linear-probe) on the downstream set; or only build and time the source
 * (Table 10), or only build and draw it (Figure 2). Accuracies are reported in
 * percent, like the paper.
 */
import * as fs from "fs";
import * as path from "path";
import { backendInfo } from "../backend";
import { loadDownstream } from "../datasets/downstream";
import { modelPreset } from "../models/config";
import { readTensors, saveModel } from "../models/io";
import { buildSource, resolveParams } from "../sources";
import { resolutionSheet, setStatistics } from "../sources/inspect";
import { finetune, linearProbe, pretrain } from "../train";
import { moveAside } from "../util/quarantine";
import { pretrainKey } from "./keys";
import type { CurvePoint } from "../train/config";
import type { Normalization } from "../augment/setStats";
import type { RowContext, RowExecutor, RowOutcome, RowTask } from "./row";

const seconds = (t0: number) => (Date.now() - t0) / 1000;

async function build(task: RowTask) {
  const src = task.config.source;
  if (!src) throw new Error(`${task.table}/${task.label}: this kind of row needs a source`);
  const t0 = Date.now();
  const set = await buildSource(src.name, src.params, task.seed);
  return { set, seconds: seconds(t0) };
}

async function construction(task: RowTask): Promise<RowOutcome> {
  const { set, seconds: total } = await build(task);
  return { metrics: { seconds: total, images: set.count }, timings: { ...set.record.timings, total } };
}

/** Figure 2: the render at renderSize, the training-size image and its difference from the base, with the set's statistics. */
async function gallery(task: RowTask, ctx: RowContext): Promise<RowOutcome> {
  const { set, seconds: total } = await build(task);
  const src = task.config.source!;
  const params = resolveParams(src.name, src.params);
  const sheet = `${task.hash}-sheet.png`;
  const png = await resolutionSheet(src.name, params, task.seed, set, { k: 4, amplify: 4, cell: Math.min(256, params.renderSize as number) });
  fs.writeFileSync(path.join(ctx.tableDir, sheet), png);
  const { fillRender, fillTrain, distance, maxGrey, meanGrey } = setStatistics(set);
  const metrics = { ...(fillRender === null ? {} : { fillRender }), fillTrain, distance, maxGrey, meanGrey };
  return { metrics, timings: { build: total }, artifacts: { sheet } };
}

/** Whether a cached weights folder reads back whole; a broken one is moved aside (and recomputed). */
function usableWeights(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  try {
    readTensors(dir, "model");
    return true;
  } catch (e) {
    moveAside(dir, `unreadable pre-trained weights (${(e as Error).message})`);
    return false;
  }
}

/** Steps between the points of a pre-training's learning curve (kept with the weights and the row). */
export const CURVE_EVERY_STEPS = 250;
const CURVE_FILE = "curve.json";
/** The statistics the pre-training input was normalised with (the set's own under normalize "set"). */
const NORM_FILE = "normalization.json";

/**
 * Pre-trained weights for the row, as a weights folder under the pre-training
 * key (keys.ts): rows that share a pre-training (same source, model, loop,
 * seed) train it once. The folder is written under a temporary name and
 * renamed, so a half-written save is never found; the pre-training checkpoint
 * stays in the row's work folder, so an interrupted pre-training resumes. The
 * learning curve is saved beside the weights, so a row that reuses them still
 * reports it.
 */
async function pretrained(task: RowTask, ctx: RowContext, timings: Record<string, number>): Promise<{ dir: string; curve: CurvePoint[]; normalization?: Normalization } | null> {
  if (!task.config.source) return null;
  const dir = path.join(ctx.pretrainedDir, pretrainKey(task, task.codeVersion));
  const saved = <T>(file: string): T | undefined => (fs.existsSync(path.join(dir, file)) ? JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as T : undefined);
  if (usableWeights(dir)) return { dir, curve: saved<CurvePoint[]>(CURVE_FILE) ?? [], normalization: saved<Normalization>(NORM_FILE) };
  const { set, seconds: buildSeconds } = await build(task);
  timings.build = buildSeconds;
  const t0 = Date.now();
  const r = await pretrain(set, modelPreset(task.config.model), task.config.pretrain, {
    seed: task.seed, label: `pretrain ${task.label}`, checkpointDir: path.join(ctx.workDir, "pretrain"),
    metricsPath: path.join(ctx.workDir, "pretrain-metrics.jsonl"), quiet: ctx.quiet, curveEverySteps: CURVE_EVERY_STEPS,
    onStep: (step, total) => ctx.onProgress?.({ phase: "pretrain", step, total }),
  });
  timings.pretrain = seconds(t0);
  const tmp = `${dir}.${process.pid}.tmp`;
  try {
    saveModel(r.model, tmp);
    fs.writeFileSync(path.join(tmp, CURVE_FILE), JSON.stringify(r.curve) + "\n");
    fs.writeFileSync(path.join(tmp, NORM_FILE), JSON.stringify(r.normalization) + "\n");
  } finally {
    r.model.dispose();
  }
  // Another row with the same pre-training may have finished first: keep its copy.
  if (fs.existsSync(dir)) fs.rmSync(tmp, { recursive: true, force: true });
  else fs.renameSync(tmp, dir);
  return { dir, curve: r.curve, normalization: r.normalization };
}

async function transfer(task: RowTask, ctx: RowContext): Promise<RowOutcome> {
  const cfg = task.config;
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const { train, test } = await loadDownstream(cfg.downstream.name as Parameters<typeof loadDownstream>[0], {
    dir: cfg.downstream.dir || undefined, trainPerClass: cfg.downstream.trainPerClass, testPerClass: cfg.downstream.testPerClass, seed: task.seed,
  });
  timings.load = seconds(t0);
  const weights = await pretrained(task, ctx, timings);
  const init = weights?.dir ?? null;
  const pretrainCurve = weights?.curve;
  const pretrainNormalization = weights?.normalization;
  const t1 = Date.now();
  if (task.kind === "probe") {
    const r = await linearProbe(init, train, test, cfg.probe.blocks, { ...cfg.probe, model: modelPreset(cfg.model) }, { seed: task.seed, label: `probe ${task.label}`, quiet: ctx.quiet });
    timings.probe = seconds(t1);
    const metrics: Record<string, number> = {};
    for (const [k, acc] of Object.entries(r.accuracyByBlocks)) metrics[`accuracy@${k}`] = 100 * acc;
    return { metrics, timings, backendInfo: backendInfo(), pretrainCurve, pretrainNormalization };
  }
  const r = await finetune(init, train, test, modelPreset(cfg.model), cfg.finetune, {
    seed: task.seed, label: `finetune ${task.label}`, checkpointDir: path.join(ctx.workDir, "finetune"),
    metricsPath: path.join(ctx.workDir, "finetune-metrics.jsonl"), quiet: ctx.quiet,
    onStep: (step, total) => ctx.onProgress?.({ phase: "finetune", step, total }),
  });
  r.model.dispose();
  timings.finetune = seconds(t1);
  return { metrics: { accuracy: 100 * r.testAccuracy }, timings, backendInfo: backendInfo(), pretrainCurve, pretrainNormalization };
}

export const executeRow: RowExecutor = async (task, ctx) => {
  switch (task.kind) {
    case "construction": return construction(task);
    case "gallery": return gallery(task, ctx);
    default: return transfer(task, ctx);
  }
};
