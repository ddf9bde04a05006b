/**
 * A row of a table as the runner hands it to an executor (RowTask), what the
 * executor gives back (RowOutcome) and what is cached (RowResult): the types
 * every part of a run shares, apart from the runner so the cache, executors
 * and analysis can import them without importing the runner.
 */
import type { ExperimentConfig } from "../experiments/presets";
import type { TableKind } from "../experiments/tables";
import type { CurvePoint } from "../train/config";
import type { Normalization } from "../augment/setStats";

export interface RowTask {
  table: string;
  /** Position of the row in the table (0-based). */
  index: number;
  label: string;
  group: string;
  kind: TableKind;
  preset: string;
  seed: number;
  backend: string;
  config: ExperimentConfig;
  /** What the row asks for, without the code version (see keys.ts). */
  configKey: string;
  /** Code and kernel version the row is computed with (version.ts). */
  codeVersion: string;
  hash: string;
}

/** How far a running row is, e.g. {phase: "pretrain", step: 120, total: 600}. */
export interface RowProgress {
  phase: string;
  step: number;
  total: number;
}

export interface RowOutcome {
  /** e.g. {accuracy: 71.3} or {"accuracy@1": 40, ...} or {seconds: 2.1}. */
  metrics: Record<string, number>;
  /** Wall-clock seconds per phase, e.g. {build, pretrain, finetune}. */
  timings: Record<string, number>;
  /** What the backend reported about itself (name, threads, ...). */
  backendInfo?: unknown;
  /** Files the row wrote, relative to the table's results folder. */
  artifacts?: Record<string, string>;
  /** The pre-training's learning curve (rows that pre-train). */
  pretrainCurve?: CurvePoint[];
  /** What the pre-training input was normalised with (rows that pre-train). */
  pretrainNormalization?: Normalization;
  /** When the row's compute began, where the executor knows better than the runner (queue mode: when a worker took the job). */
  startedAt?: string;
}

export interface RowContext {
  /** Scratch space for checkpoints; it survives a crash and is removed on success. */
  workDir: string;
  /** results/<table>/, for artifacts such as contact sheets. */
  tableDir: string;
  /** Pre-trained weights by pre-training key (keys.ts), shared by the rows that share a pre-training. */
  pretrainedDir: string;
  quiet: boolean;
  /** Called as training advances (not sent to child processes; they report over IPC). */
  onProgress?: (p: RowProgress) => void;
}

export type RowExecutor = (task: RowTask, ctx: RowContext) => Promise<RowOutcome>;

export interface RowResult extends RowOutcome, RowTask {
  version: string;
  commit: string | null;
  startedAt: string;
  finishedAt: string;
  seconds: number;
}
