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
import * as tf from "@tensorflow/tfjs";
import { assignTensors, readTensors, saveModel, writeTensors } from "../models/io";
import type { NamedArray } from "../models/io";
import { moveAside } from "../util/quarantine";
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

function stateProblem(v: unknown): string | null {
  if (typeof v !== "object" || v === null) return "not a JSON object";
  const s = v as Record<string, unknown>;
  if (!Number.isInteger(s.step) || (s.step as number) < 0) return `"step" is not a non-negative integer`;
  if (!Array.isArray(s.history)) return `"history" is not an array`;
  for (const k of ["epochLossSum", "epochCorrect", "epochSeen"]) if (typeof s[k] !== "number" || !Number.isFinite(s[k])) return `"${k}" is not a finite number`;
  if (typeof s.fingerprint !== "string") return `"fingerprint" is not a string`;
  return null;
}

/** Throws unless every target has a stored array of its shape (checked before anything is assigned). */
function checkShapes(targets: { name: string; variable: tf.Variable }[], source: Map<string, NamedArray>, where: string): void {
  for (const { name, variable } of targets) {
    const a = source.get(name);
    if (!a) throw new Error(`${where}: missing tensor "${name}"`);
    if (a.shape.join("x") !== variable.shape.join("x")) throw new Error(`${where}: tensor "${name}" has shape [${a.shape}], expected [${variable.shape}]`);
  }
}

/**
 * Restores weights and optimiser state in place and returns the loop state; or,
 * when the checkpoint is corrupt or incomplete, moves it aside with one warning
 * and returns null (the run starts over). A checkpoint of a different run is an
 * error: it is intact, just not this run's.
 */
export function readCheckpoint(dir: string, model: VitModel, opt: Optimizer, fingerprint: string): CheckpointState | null {
  const ckpt = checkpointPath(dir);
  const stateFile = path.join(ckpt, "state.json");
  let state: CheckpointState;
  let weights: Map<string, NamedArray>;
  let optimizer: { meta: unknown; tensors: Map<string, NamedArray> };
  const optTargets = [...opt.state].map(([name, variable]) => ({ name, variable }));
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(stateFile, "utf8"));
    const problem = stateProblem(parsed);
    if (problem) throw new Error(`${stateFile}: ${problem}`);
    state = parsed as CheckpointState;
    if (state.fingerprint !== fingerprint) {
      throw new CheckpointMismatch(`${ckpt}: checkpoint belongs to a different run (model, loop config, seed or data differ); use another checkpointDir or delete it`);
    }
    weights = readTensors(ckpt, "model").tensors;
    optimizer = readTensors(ckpt, "optimizer");
    checkShapes(model.params, weights, ckpt);
    checkShapes(optTargets, optimizer.tensors, ckpt);
    if (!Number.isInteger((optimizer.meta as { step?: unknown } | null)?.step)) throw new Error(`${ckpt}: optimizer step missing`);
  } catch (e) {
    if (e instanceof CheckpointMismatch) throw e;
    moveAside(ckpt, `unreadable checkpoint (${(e as Error).message})`);
    return null;
  }
  assignTensors(model.params, weights, ckpt);
  assignTensors(optTargets, optimizer.tensors, ckpt);
  opt.step = (optimizer.meta as { step: number }).step;
  return state;
}

class CheckpointMismatch extends Error {}
