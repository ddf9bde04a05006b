/**
 * The fine-tuning search (scratch and 1p-frac on one learning-rate × epochs
 * grid) read as a grid per initialisation, each side's best setting, and the
 * best-against-best difference a fair scratch baseline asks for.
 */
import { difference, type Effect } from "./claims";
import { summarize, type Stat } from "./summary";
import { loadResultsAnyVersion } from "../run/cache";
import { planTable } from "../run/runner";
import { getPreset } from "../experiments/presets";
import { getTable } from "../experiments/tables";

const GRID_LABEL = /^(.+) lr×([\d.]+) epochs×([\d.]+)$/;

export interface SearchCell {
  init: string;
  lr: string;
  epochs: string;
  stat: Stat | null;
}

export interface FinetuneSearch {
  cells: SearchCell[];
  runs: number;
  /** The seeds that have every setting; empty when no seed is complete (then seed 0's partial grid is shown). */
  completeSeeds: number[];
  settingsLeft: number;
  /** Runs from an earlier code version (the newest one), never mixed with current ones. */
  stale: number;
  /** Each initialisation's best cell, in row order. */
  best: { init: string; cell: SearchCell | null }[];
  /** Second initialisation's best − the first's, or null with fewer than two runs on a side. */
  gap: Effect | null;
}

export function finetuneSearch(resultsDir: string, backend: string, presetName = "cpu"): FinetuneSearch | null {
  const table = getTable("finetune-search");
  const preset = getPreset(presetName);
  // Until the current code has a run of it, the grid of the newest earlier code version (marked), never a mix.
  const loaded = loadResultsAnyVersion(planTable(table, { preset, backend }), resultsDir);
  const all = loaded.results;
  // Best against best is fair only over the same seeds: the seeds that have every setting, else seed 0's partial grid.
  const completeSeeds = [...new Set(all.map((r) => r.seed))].filter((seed) => all.filter((r) => r.seed === seed).length === table.rows.length);
  const results = all.filter((r) => (completeSeeds.length > 0 ? completeSeeds.includes(r.seed) : r.seed === 0));
  if (results.length === 0) return null;
  const cells = summarize(table, results, preset).map((r) => {
    const m = GRID_LABEL.exec(r.group);
    if (!m) throw new Error(`finetune-search: row "${r.group}" is not "<init> lr×<a> epochs×<b>"`);
    return { init: m[1], lr: m[2], epochs: m[3], stat: r.value };
  });
  const best = [...new Set(cells.map((c) => c.init))].map((init) => ({
    init, cell: cells.filter((c) => c.init === init && c.stat && c.stat.n > 0).sort((a, b) => b.stat!.mean - a.stat!.mean)[0] ?? null,
  }));
  const [scratch, pretrained] = best.map((b) => b.cell?.stat);
  // Each best is picked on the test set it is scored on, so both are optimistic; the difference is what a fair baseline asks.
  const gap = scratch && pretrained && scratch.n > 1 && pretrained.n > 1 ? difference(pretrained, scratch) : null;
  return { cells, runs: results.length, completeSeeds, settingsLeft: table.rows.length - results.length, stale: loaded.stale, best, gap };
}
