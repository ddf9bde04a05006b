/**
 * The claims scoreboard: the paper's eleven claims, each computed from table
 * summaries as an effect size with its uncertainty, and judged. The same
 * definition runs on our results and on the paper's numbers, so "ours" and
 * "paper" are always the same quantity.
 *
 * An effect is a difference of two rows, paired run by run: runs with the same
 * seed (and the same photo, in Tables 11-12) share the base fractal, the
 * downstream subset and the initial weights, and the seed's own effect is the
 * largest spread in our results, so the effect is the mean of the per-seed
 * differences and its sd is theirs over sqrt(pairs). Where fewer than two runs
 * pair up (the paper's numbers, a row run on other seeds) it falls back to the
 * difference of means with sd sqrt(sd_a²/n_a + sd_b²/n_b). Either sd shrinks as
 * seeds are added.
 * A claim says effect > margin (margin 0: "beats"; positive: "far above";
 * negative: "at least as good, within a tolerance"). Verdict, with
 * z = (effect - margin) / sd: z > 2 reproduced, z < -2 not reproduced, else
 * inconclusive. A claim of several parts takes the weakest part.
 */
import { meanSd } from "./summary";
import { signed } from "../util/markdown";
import type { Stat, SummaryRow } from "./summary";

export type Verdict = "reproduced" | "not reproduced" | "inconclusive";

/** Points of top-1 that make a gap "far" (the paper's collapses are 60-80 points at 224 px). */
export const FAR = 5;
/** Tolerance of "at least as good as" and "near the best", in points of top-1. */
export const NEAR = 1;
export const PLATEAU = 3;

export interface Effect {
  mean: number;
  /** sd of the estimate; NaN where a side has fewer than 2 runs. */
  sd: number;
  /** How many run-by-run pairs the effect was computed from; absent for a difference of independent means. */
  pairs?: number;
}

/** One row's value, from ours (mean, sd, n) or from the paper (sd 0). */
export type Lookup = (table: string, group: string, metric?: string) => Stat | null;

interface Part {
  /** What the part compares, e.g. "Δ=0.1 − Scratch". */
  what: string;
  effect: Effect;
  margin: number;
}

interface ClaimDef {
  id: number;
  claim: string;
  tables: string[];
  /** The parts, or the reason the claim cannot be computed (a missing row). */
  parts(get: Need): Part[];
}

/** One part of a claim as judged: its effect (sd null where a side has one run) against its margin. */
export interface PartResult {
  what: string;
  effect: number;
  sd: number | null;
  margin: number;
  verdict: Verdict;
  /** Run-by-run pairs behind the effect, or null where it is a difference of independent means. */
  pairs: number | null;
  /** The same part computed from the paper's numbers, where it gives them. */
  paper: number | null;
}

export interface ClaimResult {
  id: number;
  claim: string;
  tables: string[];
  /** Effect size ± sd of the weakest part, or null where rows are missing. */
  ours: string | null;
  effect: number | null;
  sd: number | null;
  margin: number | null;
  /** The same effect from the paper's numbers, or null where the paper gives none. */
  paper: number | null;
  verdict: Verdict;
  /** Every part, or what is missing. */
  detail: string;
  /** Every part judged (empty where rows are missing): the notebook's forest chart. */
  parts: PartResult[];
}

/** A lookup that throws a Missing naming the row, so a claim's code reads straight through. */
type Need = (table: string, group: string, metric?: string) => Stat;

class Missing extends Error {}

export function difference(a: Stat, b: Stat): Effect {
  const shared = a.units && b.units ? Object.keys(a.units).filter((u) => u in b.units!) : [];
  if (shared.length >= 2) {
    const d = meanSd(shared.map((u) => a.units![u] - b.units![u]));
    return { mean: d.mean, sd: d.sd / Math.sqrt(d.n), pairs: d.n };
  }
  const sd = a.n < 2 || b.n < 2 ? NaN : Math.sqrt(a.sd ** 2 / a.n + b.sd ** 2 / b.n);
  return { mean: a.mean - b.mean, sd };
}

/** The row with the largest mean among several groups of one table. */
function best(get: Need, table: string, groups: string[], metric?: string): { group: string; stat: Stat } {
  return groups.map((group) => ({ group, stat: get(table, group, metric) })).reduce((a, b) => (b.stat.mean > a.stat.mean ? b : a));
}

const DELTAS = ["Δ=0.001", "Δ=0.01", "Δ=0.05", "Δ=0.1", "Δ=0.2", "Δ=1"];
const SIGMAS = ["σ=6", "σ=5", "σ=4.5", "σ=4"];
const TABLE9_OTHERS = ["w/o RandAugment", "w/o random aspect", "w/o random erasing", "w/o Mixup", "w/o CutMix", "w/o flipping", "w/o color jitter"];

export const CLAIMS: ClaimDef[] = [
  {
    id: 1, claim: "1p-frac (Δ = 0.1) beats scratch", tables: ["table2"],
    parts: (get) => [{ what: "1p-frac − Scratch", effect: difference(get("table2", "1p-frac"), get("table2", "Scratch")), margin: 0 }],
  },
  {
    id: 2, claim: "Δ = 0.001 collapses far below Δ = 0.1", tables: ["table5"],
    parts: (get) => [{ what: "Δ=0.1 − Δ=0.001", effect: difference(get("table5", "Δ=0.1"), get("table5", "Δ=0.001")), margin: FAR }],
  },
  {
    id: 3, claim: "Δ from 0.05 to 0.2 is a plateau near the best", tables: ["table5"],
    parts: (get) => {
      const top = best(get, "table5", DELTAS);
      return ["Δ=0.05", "Δ=0.1", "Δ=0.2"].filter((g) => g !== top.group)
        .map((g) => ({ what: `${g} − best (${top.group})`, effect: difference(get("table5", g), top.stat), margin: -PLATEAU }));
    },
  },
  {
    id: 4, claim: "Gaussian and uniform noise are far below 1p-frac", tables: ["table4"],
    parts: (get) => ["Gaussian+LPCE", "Uniform+LPCE"].map((g) => ({ what: `1p-frac − ${g}`, effect: difference(get("table4", "1p-frac"), get("table4", g)), margin: FAR })),
  },
  {
    id: 5, claim: "Accuracy rises with L (the paper's L = 16 < L = 1000, scaled to the preset)", tables: ["table7"],
    parts: (get) => [{ what: "L=1000 − L=16", effect: difference(get("table7", "L=1000 (paper)"), get("table7", "L=16 (paper)")), margin: 0 }],
  },
  {
    id: 6, claim: "σ: the most complex shape (σ = 3.5) is best, and σ = 6 still beats scratch", tables: ["table6", "table2"],
    parts: (get) => {
      const rival = best(get, "table6", SIGMAS);
      return [
        { what: `σ=3.5 − best other (${rival.group})`, effect: difference(get("table6", "σ=3.5"), rival.stat), margin: 0 },
        { what: "σ=6 − Scratch (Table 2)", effect: difference(get("table6", "σ=6"), get("table2", "Scratch")), margin: 0 },
      ];
    },
  },
  {
    id: 7, claim: "Canny edges of a photo are at least as good as the photo", tables: ["table11"],
    parts: (get) => [{ what: "Canny − RGB", effect: difference(get("table11", "Canny + affine"), get("table11", "RGB + affine")), margin: -NEAR }],
  },
  {
    id: 8, claim: "Elastic warps collapse far below affine warps", tables: ["table12"],
    parts: (get) => [{ what: "affine − elastic", effect: difference(get("table12", "affine"), get("table12", "elastic")), margin: FAR }],
  },
  {
    id: 9, claim: "Removing random crop, or mixup and cutmix together, hurts most (Table 9)", tables: ["table9"],
    parts: (get) => {
      // A removal hurts by (baseline - row); comparing the worst of the two essential rows with
      // the worst other row is comparing their drops, since the baseline cancels.
      const essential = [get("table9", "w/o RandomCrop"), get("table9", "w/o Mixup and CutMix")].reduce((a, b) => (b.mean < a.mean ? b : a));
      const other = TABLE9_OTHERS.map((g) => ({ g, s: get("table9", g) })).reduce((a, b) => (b.s.mean < a.s.mean ? b : a));
      return [{ what: `worst other (${other.g}) − worst essential`, effect: difference(other.s, essential), margin: 0 }];
    },
  },
  {
    id: 10, claim: "Early blocks' linear probes of 1p-frac match or beat supervised pre-training on real labels (Figure 3)", tables: ["figure3"],
    parts: (get) => [1, 2].map((k) => ({
      what: `1p-frac − Supervised, k=${k}`,
      effect: difference(get("figure3", "1p-frac", `accuracy@${k}`), get("figure3", "Supervised", `accuracy@${k}`)),
      margin: -NEAR,
    })),
  },
  {
    id: 11, claim: "1p-frac is at least as good as FractalDB-style and OFDB-style pre-training", tables: ["table2"],
    parts: (get) => ["FractalDB", "OFDB"].map((g) => ({ what: `1p-frac − ${g}`, effect: difference(get("table2", "1p-frac"), get("table2", g)), margin: -NEAR })),
  },
];

/** (effect − margin) / sd: how many sds the effect clears the claim's margin by; the raw gap where sd is 0 or unknown. */
function zScore(effect: Effect, margin: number): number {
  const gap = effect.mean - margin;
  return Number.isFinite(effect.sd) && effect.sd > 0 ? gap / effect.sd : gap;
}

export function verdictOf(effect: Effect, margin: number): Verdict {
  if (!Number.isFinite(effect.sd)) return "inconclusive";
  // An exact effect (the paper's numbers, sd 0) needs only the right sign.
  const bound = effect.sd === 0 ? 0 : 2;
  const z = zScore(effect, margin);
  return z > bound ? "reproduced" : z < -bound ? "not reproduced" : "inconclusive";
}

const RANK: Record<Verdict, number> = { "not reproduced": 0, inconclusive: 1, reproduced: 2 };

function strict(get: Lookup): Need {
  return (table, group, metric) => {
    const s = get(table, group, metric);
    if (!s || s.n === 0 || !Number.isFinite(s.mean)) throw new Missing(`${table} has no result for "${group}"${metric ? ` (${metric})` : ""}`);
    return s;
  };
}

function tryParts(def: ClaimDef, get: Lookup): Part[] | string {
  try {
    return def.parts(strict(get));
  } catch (e) {
    if (e instanceof Missing) return e.message;
    throw e;
  }
}

/** "+6.7 ± 1.9": an effect and the sd of its estimate ("?" where it has none). */
export const formatEffect = (e: Pick<Effect, "mean" | "sd">): string => `${signed(e.mean)} ± ${Number.isFinite(e.sd) ? e.sd.toFixed(1) : "?"}`;
const howPaired = (e: Effect): string => (e.pairs ? `paired over ${e.pairs} runs` : "unpaired");

/** Judges every claim from our lookup, with the paper's effect from the paper's lookup. */
export function scoreClaims(ours: Lookup, paper: Lookup, defs: ClaimDef[] = CLAIMS): ClaimResult[] {
  return defs.map((def) => {
    const base = { id: def.id, claim: def.claim, tables: def.tables };
    const theirs = tryParts(def, paper);
    const paperEffect = typeof theirs === "string" ? null : weakest(theirs.map(judge)).effect.mean;
    const parts = tryParts(def, ours);
    if (typeof parts === "string") {
      return { ...base, ours: null, effect: null, sd: null, margin: null, paper: paperEffect, verdict: "inconclusive", detail: parts, parts: [] };
    }
    const judged = parts.map(judge);
    const w = weakest(judged);
    return {
      ...base, ours: formatEffect(w.effect), effect: w.effect.mean, sd: Number.isFinite(w.effect.sd) ? w.effect.sd : null, margin: w.margin,
      paper: paperEffect, verdict: w.verdict,
      detail: judged.map((p) => `${p.what}: ${formatEffect(p.effect)} (${howPaired(p.effect)}; claim: > ${p.margin}; ${p.verdict})`).join("; "),
      parts: judged.map((p, i) => ({
        what: p.what, effect: p.effect.mean, sd: Number.isFinite(p.effect.sd) ? p.effect.sd : null, margin: p.margin, verdict: p.verdict,
        pairs: p.effect.pairs ?? null,
        // Parts come in the same order from both lookups; "best other" parts may name another row in the paper.
        paper: typeof theirs === "string" ? null : theirs[i]?.effect.mean ?? null,
      })),
    };
  });
}

type Judged = Part & { verdict: Verdict; z: number };

function judge(p: Part): Judged {
  return { ...p, verdict: verdictOf(p.effect, p.margin), z: zScore(p.effect, p.margin) };
}

/** The part that decides a claim: the worst verdict, then the smallest z. */
function weakest(parts: Judged[]): Judged {
  return parts.reduce((a, b) => (RANK[b.verdict] < RANK[a.verdict] || (RANK[b.verdict] === RANK[a.verdict] && b.z < a.z) ? b : a));
}

/** Lookups over table summaries: ours from each row's metrics, the paper's from its column. */
export function summaryLookups(summaries: Record<string, SummaryRow[]>): { ours: Lookup; paper: Lookup } {
  const row = (table: string, group: string): SummaryRow | undefined => summaries[table]?.find((r) => r.group === group);
  return {
    ours: (table, group, metric) => {
      const r = row(table, group);
      if (!r) return null;
      return (metric ? r.metrics[metric] : r.value) ?? null;
    },
    paper: (table, group, metric) => {
      const r = row(table, group);
      if (!r || metric || r.paper === null) return null;
      // n = ∞: the paper's numbers are taken as exact, so its effects have sd 0.
      return { mean: r.paper, sd: 0, n: Infinity };
    },
  };
}
