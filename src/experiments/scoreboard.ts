/**
 * The claims scoreboard from cached results: every table a claim needs is
 * summarised from results/ (nothing runs), the claims are judged, and the
 * board is written as results/claims.json and printed as a table.
 */
import * as fs from "fs";
import * as path from "path";
import { CLAIMS, scoreClaims, summaryLookups } from "./claims";
import type { ClaimResult } from "./claims";
import { getPreset } from "./presets";
import { loadResultsAnyVersion } from "./cache";
import { loadCachedResults, planTable } from "./runner";
import { summarize } from "./summary";
import type { SummaryRow } from "./summary";
import { getTable } from "./tables";
import { markdownTable } from "../report/markdown";

export interface Scoreboard {
  preset: string;
  backend: string;
  /** Finished runs found per table. */
  runs: Record<string, number>;
  /** Per table, how many of those runs are from an earlier code version (only with anyVersion). */
  stale: Record<string, number>;
  claims: ClaimResult[];
}

/**
 * anyVersion: a table with no current run is scored from its newest earlier
 * runs (counted in `stale`), never a mix of the two within one table.
 */
export function buildScoreboard(opts: { preset: string; backend: string; resultsDir: string; seeds?: number; anyVersion?: boolean }): Scoreboard {
  const preset = getPreset(opts.preset);
  const tables = [...new Set(CLAIMS.flatMap((c) => c.tables))];
  const summaries: Record<string, SummaryRow[]> = {};
  const runs: Record<string, number> = {};
  const stale: Record<string, number> = {};
  for (const id of tables) {
    const table = getTable(id);
    const tasks = planTable(table, { preset, seeds: opts.seeds, backend: opts.backend });
    const loaded = opts.anyVersion ? loadResultsAnyVersion(tasks, opts.resultsDir) : { results: loadCachedResults(tasks, opts.resultsDir), stale: 0 };
    runs[id] = loaded.results.length;
    stale[id] = loaded.stale;
    summaries[id] = summarize(table, loaded.results, preset);
  }
  const { ours, paper } = summaryLookups(summaries);
  return { preset: preset.name, backend: opts.backend, runs, stale, claims: scoreClaims(ours, paper) };
}

export function writeScoreboard(board: Scoreboard, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(board, null, 2) + "\n");
}

/** The board as a markdown table (README). */
export function scoreboardMarkdown(board: Scoreboard): string {
  return markdownTable(["#", "claim", "ours (effect ± sd)", "paper", "verdict"],
    board.claims.map((c) => [c.id, c.claim, c.ours, c.paper === null ? null : c.paper.toFixed(1), c.verdict]));
}

export function formatScoreboard(board: Scoreboard): string {
  const head = ["#", "claim", "ours", "paper", "verdict"];
  const body = board.claims.map((c) => [String(c.id), c.claim, c.ours ?? "—", c.paper === null ? "—" : c.paper.toFixed(1), c.verdict]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  const notes = board.claims.map((c) => `  ${c.id}. ${c.detail}`);
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line), "", "effects in points of top-1 (ours ± sd of the estimate):", ...notes].join("\n");
}
