/** Training-loop configuration and run options (SPEC §5 recipes live in the experiment presets). */
import type { AugmentConfig } from "../augment";
import type { Normalization } from "../augment/setStats";
import type { VitModel } from "../models/vit";

export interface LoopConfig {
  /** Optimiser steps in all: the unit of every loop (epochs follow from the set's size: trainStepsPerEpoch). */
  steps: number;
  batchSize: number;
  optimizer: "adamw" | "sgd";
  /** Learning rate at `lrReferenceBatch`; the peak lr is baseLr × batch / lrReferenceBatch. */
  baseLr: number;
  lrReferenceBatch: number;
  weightDecay: number;
  /** SGD momentum (ignored by AdamW). */
  momentum: number;
  nesterov: boolean;
  /** Linear warmup steps, from 0 to the peak learning rate. */
  warmupSteps: number;
  minLr: number;
  /** Global gradient L2-norm limit; 0 = off. */
  gradClip: number;
  augment: AugmentConfig;
  evalBatchSize: number;
  /**
   * Gradient checkpointing per block: activation memory / depth for ~1/3 more
   * compute. Needed for ViT-Tiny at batch >= 32 on wasm (4 GB heap). Default false.
   */
  recomputeBlocks?: boolean;
}

export interface RunOptions {
  seed: number;
  label?: string;
  /** Where checkpoints go; an existing checkpoint there is resumed. */
  checkpointDir?: string;
  /**
   * Steps between checkpoints. Default: every epoch, but at most one per
   * CHECKPOINT_MIN_SECONDS (tiny epochs, as Table 7's L = 4 at one step each,
   * would otherwise spend more time writing checkpoints than training).
   */
  checkpointEverySteps?: number;
  /** JSON lines, one per epoch (rewritten from the history when a run starts or resumes, so resumes never duplicate). */
  metricsPath?: string;
  /**
   * Steps between learning-curve points (and one at the end); unset = no curve.
   * Each point evaluates the un-augmented training images, which is what tells
   * whether an augmented LPCE task is being learned at all.
   */
  curveEverySteps?: number;
  quiet?: boolean;
  /** Stop (as if killed) after this many total steps, without a final checkpoint. */
  stopAfterSteps?: number;
  /** Called after every step with (steps done, total steps), e.g. to report a row's progress. */
  onStep?: (step: number, total: number) => void;
}

export interface EpochMetrics {
  epoch: number;
  /** Total optimiser steps after this epoch. */
  step: number;
  loss: number;
  /** Against the hard labels (mixup makes this a rough signal). */
  trainAccuracy: number;
  /** Learning rate at the epoch's last step. */
  lr: number;
  imagesPerSecond: number;
}

export interface CurvePoint {
  step: number;
  /** Mean training loss over the steps since the previous point. */
  loss: number;
  /** Top-1 on the training images without augmentation (eval transform only). */
  cleanAccuracy: number;
}

export interface TrainResult {
  model: VitModel;
  history: EpochMetrics[];
  /** Learning curve; empty unless RunOptions.curveEverySteps is set. */
  curve: CurvePoint[];
  /** Wall-clock training seconds of this process (resumed runs count only their part). */
  seconds: number;
  imagesPerSecond: number;
  backend: string;
  steps: number;
  /** The statistics the inputs were normalised with (the set's own under normalize "set"). */
  normalization: Normalization;
  testAccuracy?: number;
}

function check(ok: boolean, field: string, what: string, v: unknown): void {
  if (!ok) throw new Error(`loop config: ${field} must be ${what}, got ${JSON.stringify(v)}`);
}

export function validateLoopConfig(c: LoopConfig): void {
  const posInt = (f: "steps" | "batchSize" | "evalBatchSize" | "lrReferenceBatch") => check(Number.isInteger(c[f]) && c[f] > 0, f, "a positive integer", c[f]);
  posInt("steps");
  posInt("batchSize");
  posInt("evalBatchSize");
  posInt("lrReferenceBatch");
  check(c.optimizer === "adamw" || c.optimizer === "sgd", "optimizer", '"adamw" or "sgd"', c.optimizer);
  check(Number.isInteger(c.warmupSteps) && c.warmupSteps >= 0 && c.warmupSteps <= c.steps, "warmupSteps", `an integer in [0, steps = ${c.steps}]`, c.warmupSteps);
  for (const f of ["baseLr", "weightDecay", "momentum", "minLr", "gradClip"] as const) {
    check(typeof c[f] === "number" && Number.isFinite(c[f]) && c[f] >= 0, f, "a finite number >= 0", c[f]);
  }
  check(c.momentum < 1, "momentum", "< 1", c.momentum);
  check(typeof c.nesterov === "boolean", "nesterov", "a boolean", c.nesterov);
  check(c.recomputeBlocks === undefined || typeof c.recomputeBlocks === "boolean", "recomputeBlocks", "a boolean", c.recomputeBlocks);
  check(typeof c.augment === "object" && c.augment !== null, "augment", "an AugmentConfig", c.augment);
}
