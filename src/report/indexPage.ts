/**
 * results/index.html: one page that links everything (issue 26). The claims
 * and their verdicts, then every table: ours ± sd beside the paper, and links
 * to the table's report page and notebook. Written from the cached rows alone.
 */
import * as fs from "fs";
import * as path from "path";
import type { Scoreboard } from "../analysis/scoreboard";
import { formatStat } from "../analysis/summary";
import type { SummaryRow } from "../analysis/summary";
import type { TableDef } from "../experiments/tables";
import { htmlTable } from "./html";

export interface IndexEntry {
  table: TableDef;
  rows: SummaryRow[];
  /** Runs shown from an earlier code version. */
  stale: number;
  /** Relative links from results/ (null where the file does not exist). */
  report: string | null;
  notebook: string | null;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const link = (href: string | null, text: string) => (href ? `<a href="${esc(href)}">${esc(text)}</a>` : "");

export function indexHtml(board: Scoreboard, entries: IndexEntry[]): string {
  const claims = htmlTable(["#", "claim", "ours (effect ± sd)", "paper", "verdict"], board.claims.map((c) => [c.id, c.claim, c.ours ?? "—", c.paper === null ? "—" : c.paper.toFixed(1), c.verdict]));
  const sections = entries.map((e) => {
    const body = e.rows.map((r) => [r.group, r.value ? formatStat(r.value) : "not run", r.paper === null ? "—" : r.paper.toFixed(1)]);
    const links = [link(e.report, "report page"), link(e.notebook, "notebook")].filter(Boolean).join(" · ");
    const stale = e.stale > 0 ? ` <em>(from runs of an earlier code version: ${e.stale})</em>` : "";
    return `<section id="${esc(e.table.id)}"><h2>${esc(e.table.caption)}</h2><p>${links}${stale}</p>${htmlTable(["row", `ours: ${e.table.metricLabel}, mean ± sd over seeds`, "paper"], body)}</section>`;
  }).join("\n");
  const toc = entries.map((e) => `<a href="#${esc(e.table.id)}">${esc(e.table.id)}</a>`).join(" · ");
  return `<!doctype html><html><head><meta charset="utf-8"><title>scaling-backwards: results at the ${esc(board.preset)} preset</title>
<style>body{font:15px/1.4 sans-serif;max-width:1100px;margin:20px auto;padding:0 12px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}</style></head>
<body><h1>Results at the ${esc(board.preset)} preset</h1>
<p>Every number here is read from the cached rows in this folder; the paper's column is the paper's own (CIFAR-100, ViT-Tiny at 224 px), so compare signs and order, not sizes.</p>
<h2 id="claims">The paper's claims</h2>${claims}
<p>Tables: ${toc}</p>
${sections}
</body></html>
`;
}

/** Writes `dir/index.html`; links point at `<table>/<preset>.html` and `../notebooks/<table>.ipynb` where they exist. */
export function writeIndex(dir: string, board: Scoreboard, entries: Array<Omit<IndexEntry, "report" | "notebook">>): string {
  const file = path.join(dir, "index.html");
  const exists = (rel: string) => (fs.existsSync(path.join(dir, rel)) ? rel : null);
  fs.writeFileSync(file, indexHtml(board, entries.map((e) => ({
    ...e, report: exists(`${e.table.id}/${board.preset}.html`), notebook: exists(`../notebooks/${e.table.id}.ipynb`),
  }))));
  return file;
}
