/**
 * What runs cost: a row's compute time from its phase timings, a table's wall
 * time from its runs' spans, and each table's cost so far at a preset.
 */
import type { RowResult } from "../run/row";
import { loadCachedResults, planTable } from "../run/runner";
import { getPreset } from "../experiments/presets";
import { getTable, listTables } from "../experiments/tables";

const PHASES = ["load", "build", "pretrain", "finetune", "probe"];

/**
 * A row's compute time from its phase timings. Its `seconds` runs from when a
 * worker took it, but rows recorded before that change counted from the
 * hand-off, so in queue mode they include the wait in the queue; the phase
 * timings mean the same in both.
 */
export function computeSeconds(r: RowResult): number {
  const t = r.timings ?? {};
  if (Number.isFinite(t.total)) return t.total;
  const phases = PHASES.map((k) => t[k]).filter((v) => Number.isFinite(v));
  return phases.length > 0 ? phases.reduce((a, b) => a + b, 0) : r.seconds;
}

/**
 * Seconds during which at least one of the runs was computing: the union of
 * their [startedAt, finishedAt] spans, so runs side by side count once and the
 * gaps between sessions of a resumed table not at all.
 */
export function busySeconds(runs: Pick<RowResult, "startedAt" | "finishedAt">[]): number {
  const spans = runs.map((r) => [Date.parse(r.startedAt), Date.parse(r.finishedAt)]).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to > end) total += to - Math.max(from, end);
    end = Math.max(end, to);
  }
  return total / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export interface TableCost {
  table: string;
  runs: number;
  planned: number;
  /** Sum of the rows' compute seconds, and the seconds during which at least one ran. */
  computeSeconds: number;
  wallSeconds: number;
  /** Runs that pre-trained rather than reusing shared weights, and their median images per second. */
  pretrainings: number;
  medianImagesPerSecond: number | null;
}

/** Each table's current runs at a preset (and seeds per row, the preset's by default) and what they cost (the demo aside: it is the README's first command). */
export function tableCosts(resultsDir: string, backend: string, presetName = "cpu", seeds?: number): TableCost[] {
  const preset = getPreset(presetName);
  return listTables().filter((id) => id !== "demo").map((id) => {
    const tasks = planTable(getTable(id), { preset, backend, seeds });
    const results = loadCachedResults(tasks, resultsDir);
    const rates = results.flatMap((r) => {
      const last = r.pretrainCurve?.[r.pretrainCurve.length - 1];
      return last && r.timings.pretrain > 0 ? [(last.step * r.config.pretrain.batchSize) / r.timings.pretrain] : [];
    });
    return {
      table: id, runs: results.length, planned: tasks.length,
      computeSeconds: results.reduce((a, r) => a + computeSeconds(r), 0), wallSeconds: busySeconds(results),
      pretrainings: rates.length, medianImagesPerSecond: rates.length > 0 ? median(rates) : null,
    };
  });
}
