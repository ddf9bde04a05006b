/**
 * Prose from results: notebook texts are templates whose every measured
 * number is a placeholder filled from the table's runs at notebook run time,
 * so text and numbers cannot drift. Placeholders:
 *   {G}              group G's main metric, "mean ± sd" (or "mean" for one run)
 *   {G|metric}       another metric of G, e.g. {Scratch|accuracy@1}
 *   {table5#G}       a group of another table (loaded by the caller)
 *   {paper:G}        the paper's number for G
 *   {gain:A;B}       mean(A) − mean(B), signed
 *   {cmp:A;B}        "above" / "below" / "within the seed spread of": A is
 *                    above or below B only when the means differ by more than
 *                    sd(A) + sd(B)
 *   {agree:A;B}      "as in the paper" / "unlike the paper": whether {cmp:A;B}
 *                    goes the way the paper's A and B do
 *   {best:P}         the row with the highest mean among those whose label
 *                    starts with P, as "label (mean ± sd)"
 *   {seeds} {px} {L} "3 seeds" run, the preset's image size, its L
 *   {learned}        "4 of 10 pre-trainings": how many runs' pre-training left ln L (report/learned.ts)
 */
import type { Preset } from "../experiments/presets";
import type { RowResult } from "../run/row";
import { formatStat } from "../analysis/summary";
import type { Stat, SummaryRow } from "../analysis/summary";
import type { TableDef } from "../experiments/tables";
import { learnedCount } from "./learned";
import { plural } from "../util/markdown";

export interface ProseInput {
  table: TableDef;
  rows: SummaryRow[];
  results: RowResult[];
  preset: Preset;
  /** Summaries of other tables that {id#G} refers to. */
  others?: Record<string, SummaryRow[]>;
}

export const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Other tables a template refers to ({table5#Scratch}), so the caller can load them. */
export function referencedTables(template: string): string[] {
  const ids = [...template.matchAll(PLACEHOLDER)].flatMap((m) => m[1].split(/[:;]/)).filter((p) => p.includes("#")).map((p) => p.split("#")[0]);
  return [...new Set(ids)];
}

function digitsFor(table: TableDef): number {
  return table.kind === "construction" || table.kind === "gallery" ? 2 : 1;
}

interface Ref {
  row: SummaryRow;
  stat: Stat | null;
}

function resolveRef(ref: string, input: ProseInput): Ref {
  const [where, metric] = ref.split("|");
  const [tableId, group] = where.includes("#") ? where.split("#") : [input.table.id, where];
  const rows = tableId === input.table.id ? input.rows : input.others?.[tableId];
  if (!rows) throw new Error(`${input.table.id} text: {${ref}} refers to table ${tableId}, which was not loaded`);
  const row = rows.find((r) => r.group === group);
  if (!row) throw new Error(`${input.table.id} text: {${ref}}: ${tableId} has no row "${group}" (rows: ${rows.map((r) => r.group).join(", ")})`);
  return { row, stat: metric ? row.metrics[metric] ?? null : row.value };
}

const finite = (s: Stat | null): s is Stat => s !== null && s.n > 0 && Number.isFinite(s.mean);

/** +1 / -1 when A is clearly above / below B, 0 within the seed spread, null without runs. */
export function direction(a: Stat | null, b: Stat | null): number | null {
  if (!finite(a) || !finite(b)) return null;
  const diff = a.mean - b.mean;
  return Math.abs(diff) > a.sd + b.sd ? Math.sign(diff) : 0;
}

const CMP_WORDS: Record<string, string> = { "1": "above", "-1": "below", "0": "within the seed spread of" };

function fill(name: string, input: ProseInput): string {
  const digits = digitsFor(input.table);
  const [kind, args] = name.includes(":") ? [name.slice(0, name.indexOf(":")), name.slice(name.indexOf(":") + 1)] : ["", name];
  const pair = () => {
    const parts = args.split(";");
    if (parts.length !== 2) throw new Error(`${input.table.id} text: {${name}} needs two rows separated by ";"`);
    return parts.map((p) => resolveRef(p, input)) as [Ref, Ref];
  };
  switch (kind) {
    case "": {
      const src = input.preset.sourceParams["1p-frac"];
      const runs = input.results;
      switch (name) {
        case "seeds": return plural(new Set(runs.map((r) => r.seed)).size, "seed");
        case "px": return String(src.size);
        case "L": return String(src.L);
        case "learned": {
          const { learned, of } = learnedCount(runs);
          return of === 0 ? "no run with a recorded pre-training" : `${learned} of ${plural(of, "pre-training")}`;
        }
        default: return formatStat(resolveRef(args, input).stat, digits);
      }
    }
    case "paper": {
      const p = resolveRef(args, input).row.paper;
      if (p === null) throw new Error(`${input.table.id} text: {${name}}: the paper has no number for this row`);
      return String(Number(p.toFixed(2)));
    }
    case "gain": {
      const [a, b] = pair();
      if (!finite(a.stat) || !finite(b.stat)) return "—";
      const d = a.stat.mean - b.stat.mean;
      return `${d >= 0 ? "+" : "−"}${Math.abs(d).toFixed(digits)}`;
    }
    case "cmp": {
      const [a, b] = pair();
      const d = direction(a.stat, b.stat);
      return d === null ? "not yet comparable with" : CMP_WORDS[String(d)];
    }
    case "agree": {
      const [a, b] = pair();
      if (a.row.paper === null || b.row.paper === null) throw new Error(`${input.table.id} text: {${name}}: the paper has no number for one of the rows`);
      const d = direction(a.stat, b.stat);
      if (d === null) return "not yet comparable with the paper";
      return d === Math.sign(a.row.paper - b.row.paper) ? "as in the paper" : "unlike the paper";
    }
    case "best": {
      const rows = input.rows.filter((r) => r.group.startsWith(args));
      if (rows.length === 0) throw new Error(`${input.table.id} text: {${name}}: no row starts with "${args}"`);
      const top = rows.filter((r) => finite(r.value)).reduce<SummaryRow | null>((a, b) => (a === null || b.value!.mean > a.value!.mean ? b : a), null);
      return top ? `${top.group} (${formatStat(top.value, digits)})` : "—";
    }
    default:
      throw new Error(`${input.table.id} text: unknown placeholder {${name}}`);
  }
}

export function fillTemplate(template: string, input: ProseInput): string {
  return template.replace(PLACEHOLDER, (_, name: string) => fill(name, input));
}
