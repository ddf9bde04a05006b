/**
 * The claims notebook: the scoreboard (src/analysis/scoreboard.ts) as a
 * table, a forest chart of every part's effect against its margin, and, for
 * each claim that is not reproduced, what we think the reason is and what was
 * tried (CLAIM_NOTES). Everything shown is read from the board; nothing runs.
 */
import type { PartResult } from "../analysis/claims";
import { scoredTable } from "../analysis/scoreboard";
import type { Scoreboard } from "../analysis/scoreboard";
import type { Figure } from "../report/plotly";
import { CLAIM_NOTES } from "../report/texts";

const VERDICT_COLOUR: Record<PartResult["verdict"], string> = { reproduced: "#2ca02c", inconclusive: "#ff7f0e", "not reproduced": "#d62728" };

export function claimsRecords(board: Scoreboard): Record<string, string | number | null>[] {
  return board.claims.map((c) => ({
    claim: `${c.id}. ${c.claim}`,
    ours: c.ours ?? "—",
    paper: c.paper === null ? "—" : c.paper.toFixed(1),
    verdict: c.verdict,
    runs: c.tables.map((id) => scoredTable(id, board.downstream)).map((t) => `${t}: ${board.runs[t] ?? 0}${board.stale[t] ? " (earlier code)" : ""}`).join(", "),
  }));
}

/**
 * One line per claim part, top to bottom in claim order: our effect with a
 * ±2 sd bar (coloured by the part's verdict), the claim's margin as a tick,
 * and the paper's effect as a grey diamond.
 */
export function claimsFigure(board: Scoreboard): Figure {
  const parts = board.claims.flatMap((c) => c.parts.map((p) => ({ ...p, label: `${c.id}. ${p.what}` })));
  const y = parts.map((p) => p.label);
  const data: Record<string, unknown>[] = (Object.keys(VERDICT_COLOUR) as PartResult["verdict"][]).map((verdict) => {
    const mine = parts.filter((p) => p.verdict === verdict);
    return {
      type: "scatter", mode: "markers", name: `ours: ${verdict}`, y: mine.map((p) => p.label), x: mine.map((p) => p.effect),
      error_x: { type: "data", array: mine.map((p) => 2 * (p.sd ?? 0)), visible: true },
      marker: { color: VERDICT_COLOUR[verdict], size: 10 },
    };
  }).filter((t) => (t.y as string[]).length > 0);
  data.push({ type: "scatter", mode: "markers", name: "claim's margin", y, x: parts.map((p) => p.margin), marker: { symbol: "line-ns-open", size: 18, color: "#000000" } });
  const withPaper = parts.filter((p) => p.paper !== null);
  if (withPaper.length > 0) {
    data.push({ type: "scatter", mode: "markers", name: "paper (CIFAR-100, 224 px)", y: withPaper.map((p) => p.label), x: withPaper.map((p) => p.paper), marker: { symbol: "diamond-open", size: 10, color: "#888888" } });
  }
  return {
    data,
    layout: {
      title: { text: `The paper's claims at the ${board.preset} preset${board.downstream ? `, fine-tuned on ${board.downstream}` : ""}: effect ± 2 sd against each claim's margin` },
      xaxis: { title: { text: "effect (points of top-1)" }, zeroline: true },
      yaxis: { autorange: "reversed", automargin: true, categoryorder: "array", categoryarray: y },
      margin: { t: 60, l: 20, r: 20, b: 120 },
      legend: { orientation: "h", y: -0.15, yanchor: "top" },
    },
  };
}

/** Markdown: one paragraph per claim; a claim not reproduced gets its reason and what was tried. */
export function claimsProse(board: Scoreboard): string {
  const paragraphs = board.claims.map((c) => {
    const head = `**${c.id}. ${c.claim}** — ${c.verdict}${c.ours ? ` (ours ${c.ours}${c.paper === null ? "" : `, paper ${c.paper.toFixed(1)}`})` : ""}. ${c.detail}.`;
    if (c.verdict === "reproduced") return head;
    const note = CLAIM_NOTES[c.id];
    if (!note) throw new Error(`no CLAIM_NOTES entry for claim ${c.id} (src/report/texts/claims.md)`);
    return `${head}\n\n*What we think the reason is:* ${note.reason}\n\n*What was tried:* ${note.tried}`;
  });
  const stale = Object.entries(board.stale).filter(([, n]) => n > 0).map(([t]) => t);
  const staleLine = stale.length > 0 ? [`**Scored from runs of an earlier code version:** ${stale.join(", ")} (no run at the current code version yet); those verdicts rest on the earlier code's rows until the tables are rerun.`] : [];
  return ["## Claim by claim", ...staleLine, ...paragraphs].join("\n\n");
}
