/**
 * A notebook's generated prose: the paper's reading and ours, filled from the
 * results at run time (report/template.ts), then the notes every table gets.
 */
import type { TableRun } from "./session";
import { fillTemplate, referencedTables } from "../report/template";
import type { ProseInput } from "../report/template";
import type { Preset } from "../experiments/presets";
import type { RowResult } from "../run/row";
import type { SummaryRow } from "../analysis/summary";
import type { TableDef } from "../experiments/tables";
import { TEXTS } from "../report/texts";
import { loadSummary, resultsDirOf } from "./load";
import { computeSeconds } from "../analysis/timing";
import { duration, plural } from "../util/markdown";

/** Said after every table's prose: how many runs, when, and what they cost. */
export function runsNote(results: RowResult[]): string {
  const days = [...new Set(results.map((r) => r.finishedAt.slice(0, 10)))].sort().join(", ");
  const seconds = results.reduce((s, r) => s + computeSeconds(r), 0);
  return `These numbers come from ${plural(results.length, "run")} at this preset, finished ${days}: ${duration(seconds)} of run time in all (each row's own phases, so a row that reused a shared pre-training counts only its fine-tuning; runs from before a speed-up keep their old times, see docs/backends.md).`;
}

/** What the templates need of a table's runs; the other tables they refer to come from `resultsDir`, from the same kind of version (stale or current) as this one. */
export interface ProseRun {
  table: TableDef;
  preset: Preset;
  rows: SummaryRow[];
  results: RowResult[];
  stale: number;
}

export function proseInput(run: ProseRun, resultsDir: string, templates: string[]): ProseInput {
  const backend = run.results[0]?.backend ?? "";
  const others = Object.fromEntries(referencedTables(templates.join("\n")).filter((id) => id !== run.table.id)
    .map((id) => [id, loadSummary(id, run.preset, resultsDir, backend, run.stale > 0)]));
  return { table: run.table, rows: run.rows, results: run.results, preset: run.preset, others };
}

/** Said where the rows shown come from an earlier code version (never mixed with current ones). */
export function staleNote(run: TableRun): string {
  return `**These runs are from an earlier version of the code.** All ${run.stale} runs shown were computed by code older than the current version (\`git log -- src\` says what changed; the results' \`codeVersion\` field says which), so they show what the earlier code measured, not today's.${run.missing > 0 ? ` ${run.missing} planned runs (rows added since) have no earlier run and show as "—".` : ""} \`npm run reproduce -- ${run.table.id}\` replaces them; a table never mixes them with current runs.`;
}

/** Said where a table has current runs but not all of them: the rows without one show as "—". */
export function missingNote(run: TableRun): string {
  return `**${run.missing} of ${run.results.length + run.missing} planned runs have not been run at this code version yet**; rows without a run show as "—", and a row's mean is over the seeds it has. \`npm run reproduce -- ${run.table.id}\` runs them (earlier-version runs are not shown beside current ones).`;
}

/** Markdown: "Reading the result", "Our run", then the notes. */
export function tableProse(run: TableRun): string {
  const text = TEXTS[run.table.id];
  if (!text) throw new Error(`no notebook text for table ${run.table.id}`);
  const input = proseInput(run, resultsDirOf(run), [text.reading, text.ours]);
  return [
    `## Reading the result\n\n${fillTemplate(text.reading, input)}`,
    `## Our run (${run.preset.name} preset)\n\n${fillTemplate(text.ours, input)}`,
    runsNote(run.results),
    ...(run.stale > 0 ? [staleNote(run)] : run.missing > 0 ? [missingNote(run)] : []),
  ].join("\n\n");
}
