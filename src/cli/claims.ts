/**
 * npm run claims -- [--preset cpu] [--results DIR] [--seeds N] [--downstream NAME] [--out FILE] [--any-version]
 *
 * Prints the claims scoreboard from the cached results of the preset (nothing
 * runs) and writes it to results/claims.json. --downstream digits scores the
 * claims whose tables also run on digits (table2-digits, ...) and writes
 * results/claims-digits.json. --any-version scores tables that
 * have no current run from their earlier-version runs, and says so.
 */
import * as path from "path";
import { listPresets } from "../experiments/presets";
import { DEFAULT_RESULTS_DIR } from "../run/runner";
import { claimDownstreams, MORE_SEEDS } from "../analysis/scoreboard";
import { describeFlags, oneOf, parseFlags, positiveInt, runMain, UsageError } from "./common";
import type { FlagSpec } from "./common";

interface ClaimsArgs {
  preset: string;
  resultsDir: string;
  seeds?: number;
  downstream?: string;
  out?: string;
  anyVersion: boolean;
  help: boolean;
}

const FLAGS: FlagSpec<ClaimsArgs>[] = [
  { name: "preset", value: "NAME", defaultText: "cpu", help: `the preset whose runs are scored (${listPresets().join(", ")})`, apply: (o, v) => { o.preset = oneOf("preset", v, listPresets()); } },
  { name: "results", value: "DIR", defaultText: DEFAULT_RESULTS_DIR, help: "where the cached runs are", apply: (o, v) => { o.resultsDir = v; } },
  { name: "seeds", value: "N", defaultText: String(MORE_SEEDS), help: "seeds per row (every row a claim compares is run at this many)", apply: (o, v) => { o.seeds = positiveInt("seeds", v); } },
  { name: "downstream", value: "NAME", defaultText: "each table's own", help: `score the claims whose tables also run on this set (${claimDownstreams().join(", ")})`, apply: (o, v) => { o.downstream = oneOf("downstream", v, claimDownstreams()); } },
  { name: "out", value: "FILE", defaultText: "<results>/claims[-<downstream>].json", help: "where the board is written", apply: (o, v) => { o.out = v; } },
  { name: "any-version", defaultText: "off", help: "score a table with no current run from its earlier-version runs (marked)", apply: (o) => { o.anyVersion = true; } },
  { name: "help", defaultText: "off", help: "print this help", apply: (o) => { o.help = true; } },
];

export function claimsUsage(): string {
  return `usage: npm run claims -- [options]\n\noptions:\n${describeFlags(FLAGS)}`;
}

export function parseClaimsArgs(argv: string[]): ClaimsArgs {
  const o: ClaimsArgs = { preset: "cpu", resultsDir: DEFAULT_RESULTS_DIR, anyVersion: false, help: false };
  const positional = parseFlags(argv, FLAGS, o);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positional[0])} (claims takes only options)`);
  return o;
}

async function claims(argv: string[]): Promise<number> {
  const args = parseClaimsArgs(argv);
  if (args.help) {
    process.stdout.write(claimsUsage() + "\n");
    return 0;
  }
  const { initBackend } = await import("../backend");
  const { buildScoreboard, formatScoreboard, writeScoreboard } = await import("../analysis/scoreboard");
  const backend = (await initBackend({ quiet: true })).name;
  const board = buildScoreboard({ preset: args.preset, backend, resultsDir: args.resultsDir, seeds: args.seeds ?? MORE_SEEDS, anyVersion: args.anyVersion, downstream: args.downstream });
  const file = args.out ?? path.join(args.resultsDir, args.downstream ? `claims-${args.downstream}.json` : "claims.json");
  writeScoreboard(board, file);
  const found = Object.entries(board.runs).map(([t, n]) => `${t} ${n}${board.stale[t] ? " (earlier code)" : ""}`).join(", ");
  const on = board.downstream ? `, fine-tuned on ${board.downstream}` : "";
  process.stdout.write(`${formatScoreboard(board)}\n\npreset ${board.preset}${on}, backend ${backend}; runs found: ${found}\nwrote ${file}\n`);
  return 0;
}

if (require.main === module) runMain("claims", () => claims(process.argv.slice(2)));
