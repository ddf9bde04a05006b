/**
 * The words of the notebooks and the scoreboard live as markdown in texts/
 * (one file per table, the chart guides, the claim notes), so prose is edited
 * as prose and reviewed as a diff of sentences. A table's `## Paper` and
 * `## Ours` are templates (template.ts): every measured number in them is a
 * placeholder filled from results/ when the notebook runs; none is typed in
 * (tested).
 */
import * as fs from "fs";
import * as path from "path";
import type { TableKind } from "../experiments/tables";
import { projectRoot } from "../util/root";

export interface TableText {
  title: string;
  question: string;
  /** How to read this chart, after the kind's general guide. */
  chart?: string;
  /** The paper's result (template). */
  reading: string;
  /** What our runs show (template). */
  ours: string;
}

export interface ClaimNote {
  /** What we think makes our result differ from the paper's at this scale. */
  reason: string;
  /** What was tried before accepting it. */
  tried: string;
}

const DIR = path.join(projectRoot(), "src", "report", "texts");
const SHARED_FILES = new Set(["guides.md", "claims.md", "results.md"]);

/** The body under each heading of one level ("## Name"), trimmed; text before the first heading is not a section. */
export function markdownSections(text: string, level: number, file: string): Map<string, string> {
  const mark = `${"#".repeat(level)} `;
  const sections = new Map<string, string>();
  let name: string | null = null;
  let body: string[] = [];
  const close = () => {
    if (name !== null) sections.set(name, body.join("\n").trim());
  };
  for (const line of text.split("\n")) {
    if (!line.startsWith(mark)) {
      body.push(line);
      continue;
    }
    close();
    name = line.slice(mark.length).trim();
    if (sections.has(name)) throw new Error(`${file}: the heading "${mark}${name}" appears twice`);
    body = [];
  }
  close();
  return sections;
}

function section(sections: Map<string, string>, name: string, file: string): string {
  const body = sections.get(name);
  if (!body) throw new Error(`${file}: no "${name}" section with text (it has: ${[...sections.keys()].join(", ") || "none"})`);
  return body;
}

function read(name: string): { file: string; text: string } {
  const file = path.join(DIR, name);
  return { file: path.relative(projectRoot(), file), text: fs.readFileSync(file, "utf8") };
}

export function parseTableText(text: string, file: string): TableText {
  const title = /^# (.+)$/m.exec(text)?.[1].trim();
  if (!title) throw new Error(`${file}: no "# Title" line`);
  const s = markdownSections(text, 2, file);
  const chart = s.get("Chart");
  return {
    title,
    question: section(s, "Question", file),
    ...(chart ? { chart } : {}),
    reading: section(s, "Paper", file),
    ours: section(s, "Ours", file),
  };
}

function loadTexts(): Record<string, TableText> {
  const texts: Record<string, TableText> = {};
  for (const name of fs.readdirSync(DIR).filter((n) => n.endsWith(".md") && !SHARED_FILES.has(n)).sort()) {
    const { file, text } = read(name);
    texts[name.slice(0, -3)] = parseTableText(text, file);
  }
  // The digits reruns of Tables 2 and 5 (issue #10 item 5): the same texts, on another downstream set.
  for (const id of ["table2", "table5"]) {
    const t = texts[id];
    texts[`${id}-digits`] = {
      ...t,
      title: `${t.title} (downstream: digits)`,
      question: `${t.question} The same rows fine-tuned on handwritten digits instead of Fashion-MNIST, so that the conclusion is not specific to one downstream set.`,
    };
  }
  return texts;
}

export const TEXTS: Record<string, TableText> = loadTexts();

function sectionsOf(name: string): (heading: string) => string {
  const { file, text } = read(name);
  const sections = markdownSections(text, 2, file);
  return (heading) => section(sections, heading, file);
}

/** How to read a kind of chart (texts/guides.md). */
export const chartGuide: (kind: TableKind) => string = sectionsOf("guides.md");

/** How the scoreboard compares two rows (README and claims notebook). */
export const PAIRING_TEXT = chartGuide("pairing" as TableKind);

/** The words of the generated README summary and docs/results.md, by section (texts/results.md). */
export const resultsText = sectionsOf("results.md");

/**
 * Shown in the claims notebook under every claim that is not reproduced
 * (inconclusive or reversed); texts/claims.md, one "## N" per claim with
 * "### Reason" and "### Tried". No measured number is typed there: the
 * notebook prints the effects beside these notes from results/.
 */
export const CLAIM_NOTES: Record<number, ClaimNote> = (() => {
  const { file, text } = read("claims.md");
  return Object.fromEntries([...markdownSections(text, 2, file)].map(([id, body]) => {
    const s = markdownSections(body, 3, `${file} (claim ${id})`);
    return [Number(id), { reason: section(s, "Reason", `${file} (claim ${id})`), tried: section(s, "Tried", `${file} (claim ${id})`) }];
  }));
})();
