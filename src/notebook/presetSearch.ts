/**
 * The preset search as a notebook shows it: every run written by
 * bench/preset-search.ts (one JSON each), as a table of outcomes and as
 * learning curves. A run pre-trains 1p-frac, or one photo (its Canny edges or
 * the photo itself) where it asks whether claim 7's sources are learned. The curve says whether the augmented LPCE task is learned
 * at all: a loss that stays at ln L and a clean accuracy near 1/L mean the
 * classes cannot be told apart, and the pre-training has nothing to transfer.
 */
import * as fs from "fs";
import * as path from "path";
import type { CurvePoint } from "../train/config";
import type { Figure } from "../report/plotly";
import type { FrameRow } from "../report/frame";
import { learned } from "../report/learned";
import { curvesFigure } from "./curves";
import { formatStat, meanSd } from "../analysis/summary";

export interface SearchRun {
  name: string;
  commit: string;
  recipe: string;
  /** Absent in runs made before the search took other sources: 1p-frac. */
  source?: string;
  seed: number;
  steps: number;
  sourceParams: { L: number; delta: number; size: number; sigma?: number; image?: string; output?: string };
  curve: CurvePoint[];
  lnL: number;
  frac: number;
  scratch: number | null;
  pretrainSeconds: number;
  pretrain?: { baseLr: number; batchSize: number; lrReferenceBatch: number; warmupSteps?: number; warmupEpochs?: number; augment?: { normalize?: string } };
}

const REQUIRED = ["name", "commit", "recipe", "seed", "steps", "sourceParams", "curve", "lnL", "frac", "pretrainSeconds"] as const;

/** What a run pre-trained on: "1p-frac", or a photo's output and file, e.g. "canny camera.png". */
export function searchSource(r: SearchRun): string {
  if ((r.source ?? "1p-frac") === "1p-frac") return "1p-frac";
  return [r.sourceParams.output, r.sourceParams.image ? path.basename(r.sourceParams.image) : r.source].filter(Boolean).join(" ");
}

/**
 * Every finished run in `dir`, by source, recipe, Δ, steps and seed (file times are
 * not kept by git); a file that is not a finished run is an error naming it.
 */
export function loadSearchRuns(dir: string): SearchRun[] {
  if (!fs.existsSync(dir)) return [];
  const runs = fs.readdirSync(dir).filter((f) => f.endsWith(".json") && !f.startsWith("scratch-")).map((f) => {
    const file = path.join(dir, f);
    const run = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<SearchRun>;
    const missing = REQUIRED.filter((k) => run[k] === undefined);
    if (missing.length > 0) throw new Error(`${file}: not a finished preset-search run (missing ${missing.join(", ")})`);
    return run as SearchRun;
  });
  const order = (r: SearchRun): [string, number, number, number] => [`${searchSource(r) === "1p-frac" ? "" : searchSource(r)}/${r.recipe}`, r.sourceParams.delta, r.steps, r.seed];
  return runs.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] !== y[0] ? x[0].localeCompare(y[0]) : x[1] - y[1] || x[2] - y[2] || x[3] - y[3];
  });
}

/** The learning rate a run trained at: its base rate scaled to its batch size. */
function pretrainLr(p: NonNullable<SearchRun["pretrain"]>): number {
  return (p.baseLr * p.batchSize) / p.lrReferenceBatch;
}

export function searchRecords(runs: SearchRun[]): FrameRow[] {
  return runs.map((r) => {
    const last = r.curve[r.curve.length - 1];
    return {
      run: r.name, source: searchSource(r), recipe: r.recipe, delta: r.sourceParams.delta, L: r.sourceParams.L, steps: r.steps, seed: r.seed,
      "input norm": searchNorm(r), "warmup steps": searchWarmup(r),
      // The paper's rule gives 1e-3 × batch/512.
      "pre-train lr": r.pretrain ? Number(pretrainLr(r.pretrain).toPrecision(3)) : null,
      "final loss": last ? Number(last.loss.toFixed(3)) : null, "ln L": Number(r.lnL.toFixed(3)),
      "clean top-1": last ? Number((100 * last.cleanAccuracy).toFixed(1)) : null,
      "pre-trained": Number(r.frac.toFixed(1)), scratch: r.scratch === null ? null : Number(r.scratch.toFixed(1)),
      gain: r.scratch === null ? null : Number((r.frac - r.scratch).toFixed(1)),
      "pre-train min": Number((r.pretrainSeconds / 60).toFixed(1)), commit: r.commit.slice(0, 7),
    };
  });
}

/** How the pre-training input was normalised ("fixed" 0.5/0.5 before the option existed). */
export function searchNorm(r: SearchRun): string {
  return r.pretrain?.augment?.normalize ?? "fixed";
}

/** Warmup in steps (runs made before steps were the unit recorded it in epochs of L / batch steps). */
export function searchWarmup(r: SearchRun): number | null {
  const p = r.pretrain;
  if (!p) return null;
  return p.warmupSteps ?? (p.warmupEpochs === undefined ? null : Math.round(p.warmupEpochs * Math.floor(r.sourceParams.L / Math.min(p.batchSize, r.sourceParams.L))));
}

/**
 * Learnability over seeds (issue 25): the runs that differ only in seed, as
 * one row each: how many seeds, the worst (highest) final loss against ln L,
 * clean top-1 and the gain over scratch, mean ± sd over seeds. Only groups
 * with two or more seeds.
 */
export function learnabilityRecords(runs: SearchRun[]): FrameRow[] {
  const groups = new Map<string, SearchRun[]>();
  for (const r of runs) {
    const key = JSON.stringify([searchSource(r), r.source ?? "1p-frac", r.recipe, r.sourceParams.delta, r.steps, searchNorm(r), searchWarmup(r), r.pretrain ? pretrainLr(r.pretrain) : null]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const ms = (xs: number[]) => formatStat(meanSd(xs));
  return [...groups.values()].filter((g) => new Set(g.map((r) => r.seed)).size >= 2).map((g) => {
    const r0 = g[0];
    const finals = g.map((r) => r.curve[r.curve.length - 1]);
    const gains = g.filter((r) => r.scratch !== null).map((r) => r.frac - r.scratch!);
    return {
      source: searchSource(r0), delta: r0.sourceParams.delta, steps: r0.steps,
      "input norm": searchNorm(r0), "warmup steps": searchWarmup(r0), seeds: g.map((r) => r.seed).sort().join(","),
      "worst final loss": Number(Math.max(...finals.map((p) => p.loss)).toFixed(3)), "ln L": Number(r0.lnL.toFixed(3)),
      "clean top-1": ms(finals.map((p) => 100 * p.cleanAccuracy)), "gain over scratch": gains.length >= 2 ? ms(gains) : null,
    };
  });
}

/** LPCE loss (left) and top-1 on the un-augmented class images (right) against steps, one colour per run. */
export function searchFigure(runs: SearchRun[]): Figure {
  return curvesFigure("Preset search: is the augmented LPCE task learned?", runs.map((r) => ({ name: r.name, curve: r.curve })));
}

/** The reading, generated from the runs (no number typed in). */
export function searchProse(runs: SearchRun[]): string {
  if (runs.length === 0) return "No finished run yet: start the queue with `nohup bash bench/preset-search-queue.sh > results/.work/preset-search.log 2>&1 &`.";
  const lines = runs.map((r) => {
    const last = r.curve[r.curve.length - 1];
    const loss = last ? (learned(r.curve, r.lnL) ? `the loss fell from ln L = ${r.lnL.toFixed(2)} to ${last.loss.toFixed(2)}` : `the loss stayed at ln L = ${r.lnL.toFixed(2)} (${last.loss.toFixed(2)})`) : "no curve";
    const vs = r.scratch === null ? "" : ` against scratch ${r.scratch.toFixed(1)} (${r.frac >= r.scratch ? "+" : ""}${(r.frac - r.scratch).toFixed(1)} points)`;
    return `- **${r.name}** (${searchSource(r)}, ${r.recipe} recipe, Δ = ${r.sourceParams.delta}, ${r.steps} steps, seed ${r.seed}${r.pretrain ? `, pre-training lr ${pretrainLr(r.pretrain).toPrecision(3)}` : ""}, ${(r.pretrainSeconds / 60).toFixed(0)} min of pre-training): ${loss}; fine-tuned top-1 ${r.frac.toFixed(1)}${vs}.`;
  });
  return `## Reading the runs\n\n${lines.join("\n")}\n\nOne seed per run unless the table says otherwise: scratch alone varies by several points between seeds at 20 images per class, so a gain of a point or two is not yet a result.`;
}
