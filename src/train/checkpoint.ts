/**
 * Training checkpoints: `<dir>/checkpoint/` holds model weights, optimiser state
 * and `state.json` (step, metrics so far, partial-epoch sums, a fingerprint of
 * the run). Data order, augmentation and drop-path derive from (seed, step), so
 * the step number is all the "Rng state" a resumed run needs. Written to a temp
 * folder and renamed, so a kill mid-write keeps the previous checkpoint.
 */
import * as fs from "fs";
import * as path from "path";
import { VitModel } from "../models/vit";
import { assignTensors, readTensors, saveModel, writeTensors } from "../models/io";
import { Optimizer } from "./optim";
import type { CurvePoint, EpochMetrics } from "./config";

export interface CheckpointState {
  step: number;
  history: EpochMetrics[];
  /** Running sums of the current (unfinished) epoch. */
  epochLossSum: number;
  epochCorrect: number;
  epochSeen: number;
  /** Learning curve so far and the loss sum since its last point (absent in older checkpoints). */
  curve?: CurvePoint[];
  curveLossSum?: number;
  curveSteps?: number;
  /** JSON of everything that must match to resume (model, loop, seed, data shape). */
  fingerprint: string;
}

export function checkpointPath(dir: string): string {
  return path.join(dir, "checkpoint");
}

export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(checkpointPath(dir), "state.json"));
}

export function writeCheckpoint(dir: string, model: VitModel, opt: Optimizer, state: CheckpointState): void {
  const final = checkpointPath(dir);
  const tmp = `${final}.tmp`;
  const old = `${final}.old`;
  fs.rmSync(tmp, { recursive: true, force: true });
  saveModel(model, tmp);
  writeTensors(tmp, "optimizer", [...opt.state].map(([name, v]) => ({ name, tensor: v })), { step: opt.step, kind: opt.config.kind });
  fs.writeFileSync(path.join(tmp, "state.json"), JSON.stringify(state));
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(final)) fs.renameSync(final, old);
  fs.renameSync(tmp, final);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Restores weights and optimiser state in place; returns the loop state. */
export function readCheckpoint(dir: string, model: VitModel, opt: Optimizer, fingerprint: string): CheckpointState {
  const ckpt = checkpointPath(dir);
  const state = JSON.parse(fs.readFileSync(path.join(ckpt, "state.json"), "utf8")) as CheckpointState;
  if (state.fingerprint !== fingerprint) {
    throw new Error(`${ckpt}: checkpoint belongs to a different run (model, loop config, seed or data differ); use another checkpointDir or delete it`);
  }
  assignTensors(model.params, readTensors(ckpt, "model").tensors, ckpt);
  const o = readTensors(ckpt, "optimizer");
  assignTensors([...opt.state].map(([name, variable]) => ({ name, variable })), o.tensors, ckpt);
  opt.step = (o.meta as { step: number }).step;
  return state;
}
