/**
 * The claims scoreboard from cached results: every table a claim needs is
 * summarised from results/ (nothing runs), the claims are judged, and the
 * board is written as results/claims.json and printed as a table.
 */
import * as fs from "fs";
import * as path from "path";
import { CLAIMS, scoreClaims, summaryLookups } from "./claims";
import type { ClaimResult } from "./claims";
import { getPreset } from "../experiments/presets";
import { loadResultsAnyVersion } from "../run/cache";
import { loadCachedResults, planTable } from "../run/runner";
import { summarize } from "./summary";
import type { SummaryRow } from "./summary";
import { getTable, listTables } from "../experiments/tables";
import { markdownTable } from "../util/markdown";

export interface Scoreboard {
  preset: string;
  backend: string;
  /** The downstream set whose variant of each table was scored (e.g. "digits" reads table2-digits), or null for the tables as defined. */
  downstream: string | null;
  /** Finished runs found per table (the variant's id where downstream is set). */
  runs: Record<string, number>;
  /** Per table, how many of those runs are from an earlier code version (only with anyVersion). */
  stale: Record<string, number>;
  claims: ClaimResult[];
}

/** The table a claim's table id is read from on a downstream set's board. */
export function scoredTable(id: string, downstream: string | null): string {
  return downstream ? `${id}-${downstream}` : id;
}

/** The claims whose every table has a variant on the downstream set (all of them for the tables as defined). */
function claimsOn(downstream: string | null): typeof CLAIMS {
  return CLAIMS.filter((c) => c.tables.every((t) => listTables().includes(scoredTable(t, downstream))));
}

/** Downstream sets on which some claim can be scored: those with a variant of its tables (tables.ts's onDigits). */
export function claimDownstreams(): string[] {
  const suffixes = listTables().flatMap((id) => CLAIMS.flatMap((c) => c.tables.filter((t) => id.startsWith(`${t}-`)).map((t) => id.slice(t.length + 1))));
  return [...new Set(suffixes)].filter((d) => claimsOn(d).length > 0);
}

/**
 * anyVersion: a table with no current run is scored from its newest earlier
 * runs (counted in `stale`), never a mix of the two within one table.
 */
export function buildScoreboard(opts: { preset: string; backend: string; resultsDir: string; seeds?: number; anyVersion?: boolean; downstream?: string }): Scoreboard {
  const preset = getPreset(opts.preset);
  const downstream = opts.downstream ?? null;
  if (downstream !== null && !claimDownstreams().includes(downstream)) {
    throw new Error(`downstream "${downstream}": no claim's tables are defined on it (valid: ${claimDownstreams().join(", ")})`);
  }
  const defs = claimsOn(downstream);
  const tables = [...new Set(defs.flatMap((c) => c.tables))];
  const summaries: Record<string, SummaryRow[]> = {};
  const runs: Record<string, number> = {};
  const stale: Record<string, number> = {};
  // Summaries stay under the claim's own table id, so every claim definition reads a variant unchanged.
  for (const id of tables) {
    const table = getTable(scoredTable(id, downstream));
    const tasks = planTable(table, { preset, seeds: opts.seeds, backend: opts.backend });
    const loaded = opts.anyVersion ? loadResultsAnyVersion(tasks, opts.resultsDir) : { results: loadCachedResults(tasks, opts.resultsDir), stale: 0 };
    runs[table.id] = loaded.results.length;
    stale[table.id] = loaded.stale;
    summaries[id] = summarize(table, loaded.results, preset);
  }
  const { ours, paper } = summaryLookups(summaries);
  return { preset: preset.name, backend: opts.backend, downstream, runs, stale, claims: scoreClaims(ours, paper, defs) };
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

/** Seeds for the rows of a close difference (the issue: "use 5 seeds where a difference is that close"). */
export const MORE_SEEDS = 5;

/** A claim scored twice: over the preset's seeds and over more seeds where its rows have them. */
export type MoreSeedsRow = {
  id: number;
  claim: string;
  /** Pairs behind the deciding part at the preset's seeds, and at more seeds. */
  pairs: number | null;
  pairsMore: number | null;
  ours: string | null;
  oursMore: string | null;
  verdict: string;
  verdictMore: string;
};

/** Run-by-run pairs behind the claim's deciding part (the one its `ours` reports). */
function decidingPairs(c: ClaimResult): number | null {
  return c.parts.find((p) => p.effect === c.effect && p.sd === c.sd)?.pairs ?? null;
}

/**
 * The claims that `more` (a board built with more seeds than the preset's)
 * scores over more pairs than `base`: where a close difference got the extra
 * seeds the issue asks for, and what they changed.
 */
export function moreSeedsRows(base: Scoreboard, more: Scoreboard): MoreSeedsRow[] {
  return more.claims.flatMap((m) => {
    const b = base.claims.find((c) => c.id === m.id);
    if (!b || (decidingPairs(m) ?? 0) <= (decidingPairs(b) ?? 0)) return [];
    return [{ id: m.id, claim: m.claim, pairs: decidingPairs(b), pairsMore: decidingPairs(m), ours: b.ours, oursMore: m.ours, verdict: b.verdict, verdictMore: m.verdict }];
  });
}

/** The rows above as a markdown table (README). */
export function moreSeedsMarkdown(rows: MoreSeedsRow[]): string {
  return markdownTable(["#", "claim", "pairs", "ours (preset's seeds)", "verdict", `ours (up to ${MORE_SEEDS} seeds)`, `verdict (up to ${MORE_SEEDS})`],
    rows.map((r) => [r.id, r.claim, `${r.pairs ?? "—"} → ${r.pairsMore ?? "—"}`, r.ours, r.verdict, r.oursMore, r.verdictMore]));
}
