/** Training: optimisers, schedule, loops, checkpoints, linear probe. */
export { type LoopConfig, type RunOptions, type EpochMetrics, type TrainResult, validateLoopConfig } from "./config";
export { pretrain, finetune, evaluate, trainModel, trainStep, optimizerConfig } from "./loop";
export { linearProbe, type ProbeConfig } from "./probe";
export { Optimizer, type OptimizerConfig, type AdamWConfig, type SgdConfig, clipGradNorm, gradNorm } from "./optim";
export { softTargetCrossEntropy } from "./loss";
export { type Schedule, lrAt, scaledLr } from "./schedule";
export { hasCheckpoint, checkpointPath } from "./checkpoint";
