/**
 * Linear probe (paper Figure 3): freeze the network, take the pooled token
 * after the first k blocks, standardise it with the training-set statistics
 * (like MAE's affine-free BatchNorm before the probe), train one linear
 * classifier with AdamW on a cosine schedule, report test top-1 per k.
 */
import * as tf from "@tensorflow/tfjs";
import { evalBatch } from "../augment";
import { initBackend } from "../backend";
import type { ImageSet } from "../types";
import type { ModelConfig } from "../models/config";
import { loadModel } from "../models/io";
import { Param, VitModel } from "../models/vit";
import { Progress } from "../util/progress";
import type { RunOptions } from "./config";
import { batchTensors, initSeed } from "./loop";
import { softTargetCrossEntropy } from "./loss";
import { Optimizer } from "./optim";
import { lrAt } from "./schedule";
import { epochOrder, STREAM, streamRng } from "./seeds";

export interface ProbeConfig {
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  /** Input normalisation of the frozen network (default 0.5/0.5, the pre-training one). */
  mean?: number[];
  std?: number[];
  /** Architecture for a scratch network (init = null). */
  model?: ModelConfig;
}

/** Pooled features [count, dim] after k blocks, computed in chunks. */
function extract(model: VitModel, data: ImageSet, k: number, mean: number[], std: number[]): tf.Tensor2D {
  const target = { size: model.config.imageSize, channels: model.config.channels };
  const chunks: tf.Tensor2D[] = [];
  for (let start = 0; start < data.count; start += 64) {
    const idx = new Int32Array(Math.min(64, data.count - start)).map((_, i) => start + i);
    const b = evalBatch(data, idx, target, mean, std);
    chunks.push(tf.tidy(() => model.features(batchTensors(b).x, k)));
  }
  const out = tf.concat(chunks, 0) as tf.Tensor2D;
  tf.dispose(chunks);
  return out;
}

function oneHot(labels: Int32Array, numClasses: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), numClasses).toFloat() as tf.Tensor2D);
}

/** Trains a linear head on fixed features; returns test top-1. */
function fitProbe(trainX: tf.Tensor2D, trainY: Int32Array, testX: tf.Tensor2D, testY: Int32Array, numClasses: number, probe: ProbeConfig, seed: number): number {
  const [n, dim] = trainX.shape;
  const rng = streamRng(seed, STREAM.probe, 0);
  const w = tf.tidy(() => tf.variable(tf.randomNormal([dim, numClasses], 0, 0.01, "float32", rng.nextUint32())));
  const b = tf.tidy(() => tf.variable(tf.zeros([numClasses])));
  const params: Param[] = [{ name: "w", variable: w, decay: true }, { name: "b", variable: b, decay: false }];
  const opt = new Optimizer({ kind: "adamw", weightDecay: probe.weightDecay, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, params);
  const targets = oneHot(trainY, numClasses);
  const batch = Math.min(probe.batchSize, n);
  const stepsPerEpoch = Math.ceil(n / batch);
  const schedule = { peakLr: probe.lr, minLr: 0, warmupSteps: 0, totalSteps: probe.epochs * stepsPerEpoch };
  try {
    let step = 0;
    for (let e = 0; e < probe.epochs; e++) {
      const order = epochOrder(seed, e, n);
      for (let s = 0; s < stepsPerEpoch; s++, step++) {
        const lr = lrAt(schedule, step);
        tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(s * batch, Math.min(n, (s + 1) * batch)), "int32");
          // Gathering from constants (not variables) needs no gather gradient, which wasm lacks.
          const x = tf.gather(trainX, idx);
          const y = tf.gather(targets, idx) as tf.Tensor2D;
          const { grads } = tf.variableGrads(() => softTargetCrossEntropy(x.matMul(w).add(b) as tf.Tensor2D, y), [w, b]);
          opt.apply(grads, lr);
        });
      }
    }
    const pred = tf.tidy(() => testX.matMul(w).add(b).argMax(1).dataSync());
    let correct = 0;
    for (let i = 0; i < testY.length; i++) if (pred[i] === testY[i]) correct++;
    return testY.length ? correct / testY.length : 0;
  } finally {
    opt.dispose();
    tf.dispose([w, b, targets]);
  }
}

export async function linearProbe(init: VitModel | string | null, train: ImageSet, test: ImageSet, blocks: number[], probe: ProbeConfig, opts: RunOptions): Promise<{ accuracyByBlocks: Record<string, number> }> {
  await initBackend({ quiet: opts.quiet });
  if (train.numClasses !== test.numClasses) throw new Error(`linearProbe: train has ${train.numClasses} classes, test has ${test.numClasses}`);
  let model: VitModel;
  if (init instanceof VitModel) model = init;
  else if (typeof init === "string") model = loadModel(init);
  else if (probe.model) model = new VitModel({ ...probe.model, numClasses: train.numClasses }, initSeed(opts.seed));
  else throw new Error("linearProbe: a scratch probe (init = null) needs probe.model (the architecture)");
  const mean = probe.mean ?? [0.5];
  const std = probe.std ?? [0.5];
  const progress = new Progress({ label: opts.label ?? "linear probe", total: blocks.length, unit: "probe", quiet: opts.quiet });
  const accuracyByBlocks: Record<string, number> = {};
  try {
    for (const k of blocks) {
      const [trainX, testX] = tf.tidy(() => {
        const tr = extract(model, train, k, mean, std);
        const te = extract(model, test, k, mean, std);
        const { mean: mu, variance } = tf.moments(tr, 0);
        const sd = tf.sqrt(variance.add(1e-6));
        return [tr.sub(mu).div(sd), te.sub(mu).div(sd)] as tf.Tensor2D[];
      });
      accuracyByBlocks[String(k)] = fitProbe(trainX, train.labels, testX, test.labels, train.numClasses, probe, opts.seed);
      tf.dispose([trainX, testX]);
      progress.tick(1, `k=${k} top-1 ${accuracyByBlocks[String(k)].toFixed(4)}`);
    }
  } finally {
    if (!(init instanceof VitModel)) model.dispose();
  }
  progress.finish();
  return { accuracyByBlocks };
}
