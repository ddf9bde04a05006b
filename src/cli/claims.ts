/**
 * npm run claims -- [--preset cpu] [--results DIR] [--seeds N] [--out FILE]
 *
 * Prints the claims scoreboard from the cached results of the preset (nothing
 * runs) and writes it to results/claims.json.
 */
import * as path from "path";
import { listPresets } from "../experiments/presets";
import { DEFAULT_RESULTS_DIR } from "../experiments/runner";
import { buildScoreboard, formatScoreboard, writeScoreboard } from "../experiments/scoreboard";

const USAGE = `usage: npm run claims -- [--preset ${listPresets().join("|")}] [--results DIR (default ${DEFAULT_RESULTS_DIR})] [--seeds N (default: the preset's)] [--out FILE (default <results>/claims.json)]`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let preset = "cpu";
  let resultsDir = DEFAULT_RESULTS_DIR;
  let seeds: number | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--help" || flag === "-h") {
      process.stdout.write(USAGE + "\n");
      return;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) fail(`${flag}: missing value`);
    if (flag === "--preset") preset = value;
    else if (flag === "--results") resultsDir = value;
    else if (flag === "--out") out = value;
    else if (flag === "--seeds") {
      seeds = Number(value);
      if (!Number.isInteger(seeds) || seeds < 1) fail(`--seeds: expected a positive integer, got ${JSON.stringify(value)}`);
    } else fail(`unknown option ${flag}`);
  }
  if (!listPresets().includes(preset)) fail(`unknown preset "${preset}" (valid: ${listPresets().join(", ")})`);
  const { initBackend } = await import("../backend");
  const backend = (await initBackend({ quiet: true })).name;
  const board = buildScoreboard({ preset, backend, resultsDir, seeds });
  const file = out ?? path.join(resultsDir, "claims.json");
  writeScoreboard(board, file);
  process.stdout.write(`${formatScoreboard(board)}\n\npreset ${board.preset}, backend ${backend}; runs found: ${Object.entries(board.runs).map(([t, n]) => `${t} ${n}`).join(", ")}\nwrote ${file}\n`);
}

if (require.main === module) void main(process.argv.slice(2));
