/**
 * The one trainer behind pre-training and fine-tuning: shuffled epochs, DeiT
 * augmentation per batch, soft-target cross-entropy, AdamW or SGD on a
 * warmup+cosine schedule, checkpoints with exact resume, NaN guard.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { augmentBatch, evalBatch, Batch } from "../augment";
import { resolveNormalization } from "../augment/setStats";
import { backendInfo, initBackend } from "../backend";
import type { ImageSet } from "../types";
import { assertImageSet } from "../types";
import type { ModelConfig } from "../models/config";
import { transfer } from "../models/io";
import { VitModel } from "../models/vit";
import { Progress } from "../util/progress";
import type { Rng } from "../util/rng";
import { checkpointPath, hasCheckpoint, readCheckpoint, writeCheckpoint, CheckpointState } from "./checkpoint";
import { EpochMetrics, LoopConfig, RunOptions, TrainResult, validateLoopConfig } from "./config";
import { softTargetCrossEntropy } from "./loss";
import { clipGradNorm, gradNorm, Optimizer, OptimizerConfig } from "./optim";
import { lrAt, scaledLr, Schedule, trainStepsPerEpoch } from "./schedule";
import { epochOrder, STREAM, streamRng } from "./seeds";

/** Default floor on the time between two checkpoints (see RunOptions.checkpointEverySteps). */
export const CHECKPOINT_MIN_SECONDS = 30;
const YIELD_EVERY_MS = 100;

export function batchTensors(b: Batch): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return {
    x: tf.tensor4d(b.x, [b.n, b.size, b.size, b.channels]),
    y: tf.tensor2d(b.y, [b.n, b.numClasses]),
  };
}

export function optimizerConfig(loop: Pick<LoopConfig, "optimizer" | "weightDecay" | "momentum" | "nesterov">): OptimizerConfig {
  return loop.optimizer === "adamw"
    ? { kind: "adamw", weightDecay: loop.weightDecay, beta1: 0.9, beta2: 0.999, eps: 1e-8 }
    : { kind: "sgd", weightDecay: loop.weightDecay, momentum: loop.momentum, nesterov: loop.nesterov };
}

/** Seed of the fresh weights for a run seed (so init differs from the data streams). */
export function initSeed(seed: number): number {
  return streamRng(seed, STREAM.init, 0).nextUint32();
}

/** Top-1 accuracy on `test` (eval transform: resize + normalise with `norm`). */
export function evaluate(model: VitModel, test: ImageSet, batchSize: number, norm: { mean: number[]; std: number[] } = { mean: [0.5], std: [0.5] }): number {
  assertImageSet(test, "evaluate: test set");
  const target = { size: model.config.imageSize, channels: model.config.channels };
  let correct = 0;
  for (let start = 0; start < test.count; start += batchSize) {
    const idx = new Int32Array(Math.min(batchSize, test.count - start)).map((_, i) => start + i);
    const b = evalBatch(test, idx, target, norm.mean, norm.std);
    const pred = tf.tidy(() => model.forward(batchTensors(b).x).argMax(1).dataSync());
    for (let i = 0; i < b.n; i++) if (pred[i] === b.labels[i]) correct++;
  }
  return test.count > 0 ? correct / test.count : 0;
}

const metricsLine = (h: EpochMetrics): string => JSON.stringify(h) + "\n";

/** The metrics file as the history says it is (at the start of a run or resume). */
function writeMetrics(file: string, history: EpochMetrics[]): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, history.map(metricsLine).join(""));
}

/**
 * One optimiser step on one batch: forward, soft-target loss, gradients of the
 * optimiser's parameters, optional clipping, update. A non-finite loss or
 * gradient norm skips the update, so the weights (and any checkpoint written
 * after this step) stay finite; the caller decides what to do. Returns the
 * loss, the global gradient norm (before clipping) and hard-label hits.
 */
export function trainStep(model: VitModel, opt: Optimizer, batch: Batch, lr: number, gradClip: number, rng: Rng, recomputeBlocks = false): { loss: number; gradNorm: number; correct: number } {
  return tf.tidy(() => {
    const { x, y } = batchTensors(batch);
    let predicted: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.forward(x, { training: true, rng, recomputeBlocks });
      predicted = tf.keep(logits.argMax(1));
      return softTargetCrossEntropy(logits, y);
    }, opt.params.map((p) => p.variable));
    const loss = value.dataSync()[0];
    const pred = predicted!.dataSync();
    tf.dispose(predicted!);
    let correct = 0;
    for (let i = 0; i < batch.n; i++) if (pred[i] === batch.labels[i]) correct++;
    const normT = gradNorm(grads);
    const norm = normT.dataSync()[0];
    if (Number.isFinite(loss) && Number.isFinite(norm)) opt.apply(gradClip > 0 ? clipGradNorm(grads, gradClip, normT) : grads, lr);
    return { loss, gradNorm: norm, correct };
  });
}

/** Trains `model` in place on `data`; resumes from opts.checkpointDir if a checkpoint is there. */
export async function trainModel(model: VitModel, data: ImageSet, loop: LoopConfig, opts: RunOptions): Promise<Omit<TrainResult, "model">> {
  await initBackend({ quiet: opts.quiet });
  validateLoopConfig(loop);
  assertImageSet(data, "training set");
  if (data.count === 0) throw new Error("training set is empty");
  if (data.numClasses !== model.config.numClasses) throw new Error(`training set has ${data.numClasses} classes, model head has ${model.config.numClasses}`);
  const batchSize = loop.batchSize;
  const stepsPerEpoch = trainStepsPerEpoch(data.count, batchSize);
  const totalSteps = loop.steps;
  const epochs = Math.ceil(totalSteps / stepsPerEpoch);
  const schedule: Schedule = {
    peakLr: scaledLr(loop.baseLr, batchSize, loop.lrReferenceBatch),
    minLr: loop.minLr,
    warmupSteps: loop.warmupSteps,
    totalSteps,
  };
  const target = { size: model.config.imageSize, channels: model.config.channels };
  const params = model.trainableParams();
  const opt = new Optimizer(optimizerConfig(loop), params);
  const fingerprint = JSON.stringify({ model: model.config, loop, seed: opts.seed, data: [data.count, data.height, data.width, data.channels, data.numClasses], trainable: params.map((p) => p.name) });
  const ckptDir = opts.checkpointDir;
  const every = opts.checkpointEverySteps ?? stepsPerEpoch;
  const minCheckpointMs = opts.checkpointEverySteps === undefined ? CHECKPOINT_MIN_SECONDS * 1000 : 0;
  let lastCheckpointAt = Date.now();
  if (!(Number.isInteger(every) && every > 0)) throw new Error(`run options: checkpointEverySteps must be a positive integer, got ${every}`);
  const curveEvery = opts.curveEverySteps;
  if (curveEvery !== undefined && !(Number.isInteger(curveEvery) && curveEvery > 0)) throw new Error(`run options: curveEverySteps must be a positive integer, got ${curveEvery}`);
  const normalization = resolveNormalization(loop.augment, data);
  const augment = { ...loop.augment, ...normalization };

  let state: CheckpointState = { step: 0, history: [], epochLossSum: 0, epochCorrect: 0, epochSeen: 0, curve: [], curveLossSum: 0, curveSteps: 0, fingerprint };
  const resumed = ckptDir && hasCheckpoint(ckptDir) ? readCheckpoint(ckptDir, model, opt, fingerprint) : null;
  if (resumed) state = { curve: [], curveLossSum: 0, curveSteps: 0, ...resumed };
  const curve = state.curve!;
  if (opts.metricsPath) writeMetrics(opts.metricsPath, state.history);
  let lastCheckpointStep = resumed ? state.step : -1;

  const stopAt = Math.min(totalSteps, opts.stopAfterSteps ?? totalSteps);
  const progress = new Progress({ label: opts.label ?? "train", total: totalSteps, unit: "step", quiet: opts.quiet });
  progress.tick(state.step);
  const t0 = Date.now();
  let images = 0;
  let order: Int32Array | null = null;
  let orderEpoch = -1;
  let lr = 0;
  let lastYield = Date.now();
  try {
    while (state.step < stopAt) {
      const step = state.step;
      const epoch = Math.floor(step / stepsPerEpoch);
      const pos = step % stepsPerEpoch;
      if (orderEpoch !== epoch) {
        order = epochOrder(opts.seed, epoch, data.count, stepsPerEpoch * batchSize);
        orderEpoch = epoch;
      }
      const rng = streamRng(opts.seed, STREAM.step, step);
      const batch = augmentBatch(data, order!.subarray(pos * batchSize, (pos + 1) * batchSize), augment, target, rng);
      lr = lrAt(schedule, step);
      const { loss, gradNorm: norm, correct } = trainStep(model, opt, batch, lr, loop.gradClip, rng, loop.recomputeBlocks ?? false);
      if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
        const kept = lastCheckpointStep >= 0
          ? `the last good checkpoint is kept at ${checkpointPath(ckptDir!)} (step ${lastCheckpointStep})`
          : "no checkpoint was written (set checkpointDir to keep one)";
        const what = Number.isFinite(loss) ? `gradient norm is ${norm}` : `loss is ${loss}`;
        throw new Error(`training diverged: ${what} at step ${step + 1} (epoch ${epoch + 1}, lr ${lr.toExponential(3)}); stopped, ${kept}`);
      }
      images += batch.n;
      state.step += 1;
      state.epochLossSum += loss * batch.n;
      state.epochCorrect += correct;
      state.epochSeen += batch.n;
      state.curveLossSum! += loss;
      state.curveSteps! += 1;
      if (curveEvery !== undefined && (state.step % curveEvery === 0 || state.step === totalSteps)) {
        curve.push({ step: state.step, loss: state.curveLossSum! / state.curveSteps!, cleanAccuracy: evaluate(model, data, loop.evalBatchSize, normalization) });
        state.curveLossSum = state.curveSteps = 0;
      }
      const seconds = (Date.now() - t0) / 1000;
      progress.tick(1, `ep ${epoch + 1}/${epochs} loss ${loss.toFixed(4)} lr ${lr.toExponential(2)} ${(images / Math.max(seconds, 1e-9)).toFixed(1)} img/s`);
      opts.onStep?.(state.step, totalSteps);
      // A run of steps that is not whole epochs ends with a partial one, recorded too.
      if (state.step % stepsPerEpoch === 0 || state.step === totalSteps) {
        state.history.push({
          epoch: epoch + 1,
          step: state.step,
          loss: state.epochLossSum / state.epochSeen,
          trainAccuracy: state.epochCorrect / state.epochSeen,
          lr,
          imagesPerSecond: images / Math.max(seconds, 1e-9),
        });
        state.epochLossSum = state.epochCorrect = state.epochSeen = 0;
        // Appended, not rewritten: Table 7's smallest L has thousands of one-step epochs.
        if (opts.metricsPath) fs.appendFileSync(opts.metricsPath, metricsLine(state.history[state.history.length - 1]));
      }
      const due = state.step % every === 0 && Date.now() - lastCheckpointAt >= minCheckpointMs;
      if (ckptDir && (due || state.step === totalSteps)) {
        writeCheckpoint(ckptDir, model, opt, state);
        lastCheckpointStep = state.step;
        lastCheckpointAt = Date.now();
      }
      // Steps are synchronous: without a turn of the event loop a row's child
      // would not see its parent's IPC channel close, nor signals, until the end.
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }
  } finally {
    opt.dispose();
  }
  const seconds = progress.finish();
  return {
    history: state.history,
    curve,
    seconds,
    imagesPerSecond: images / Math.max((Date.now() - t0) / 1000, 1e-9),
    backend: backendInfo().name,
    steps: state.step,
    normalization,
  };
}

/** Pre-train a fresh ViT (numClasses from the data) on a synthetic set. */
export async function pretrain(data: ImageSet, model: ModelConfig, loop: LoopConfig, opts: RunOptions): Promise<TrainResult> {
  await initBackend({ quiet: opts.quiet });
  const vit = new VitModel({ ...model, numClasses: data.numClasses }, initSeed(opts.seed));
  try {
    return { model: vit, ...(await trainModel(vit, data, loop, opts)) };
  } catch (e) {
    vit.dispose();
    throw e;
  }
}

/**
 * Fine-tune from pre-trained weights (a model, a weights directory) or from
 * scratch (null) with a fresh head, then report test top-1.
 */
export async function finetune(init: VitModel | string | null, train: ImageSet, test: ImageSet, model: ModelConfig, loop: LoopConfig, opts: RunOptions): Promise<TrainResult & { testAccuracy: number }> {
  await initBackend({ quiet: opts.quiet });
  if (test.numClasses !== train.numClasses) throw new Error(`finetune: train set has ${train.numClasses} classes, test set has ${test.numClasses}`);
  const seed = initSeed(opts.seed);
  const vit = init === null ? new VitModel({ ...model, numClasses: train.numClasses }, seed) : transfer(init, train.numClasses, seed, model);
  try {
    const r = await trainModel(vit, train, loop, opts);
    const testAccuracy = evaluate(vit, test, loop.evalBatchSize, r.normalization);
    return { model: vit, ...r, testAccuracy };
  } catch (e) {
    vit.dispose();
    throw e;
  }
}
