/**
 * The compute axis (issue 25): claims 1, 2 and 4 as effects ± sd at each
 * multiple of the preset's pre-training steps, from the "compute" table's
 * runs, and a least-squares line of effect against log2(steps): how much each
 * effect moves per doubling of compute, which says how far this machine's
 * scale is from the paper's and whether the effects grow toward it.
 */
import { COMPUTE_FACTORS } from "../experiments/tables";
import { difference, formatEffect } from "./claims";
import type { SummaryRow } from "./summary";

/** Each claim's comparison on the compute table: rows named `<source> ×<f> steps`. */
export const COMPUTE_CLAIMS: Array<{ claim: number; what: string; a: string; b: string | null }> = [
  { claim: 1, what: "Δ=0.1 − Scratch", a: "Δ=0.1", b: null },
  { claim: 2, what: "Δ=0.1 − Δ=0.001", a: "Δ=0.1", b: "Δ=0.001" },
  { claim: 4, what: "Δ=0.1 − Gaussian", a: "Δ=0.1", b: "Gaussian+LPCE" },
];

export interface ComputePoint {
  claim: number;
  what: string;
  factor: number;
  steps: number;
  effect: number;
  sd: number;
  pairs: number;
}

export interface ComputeFit {
  claim: number;
  /** Effect at the preset's steps (log2 factor 0) and its change per doubling of steps. */
  intercept: number;
  perDoubling: number;
  points: number;
}

/** Every claim × factor whose rows have runs; `presetSteps` turns factors into steps. */
export function computeAxis(rows: SummaryRow[], presetSteps: number): ComputePoint[] {
  const stat = (group: string) => rows.find((r) => r.group === group)?.value ?? null;
  const out: ComputePoint[] = [];
  for (const c of COMPUTE_CLAIMS) {
    for (const f of COMPUTE_FACTORS) {
      const a = stat(`${c.a} ×${f} steps`);
      const b = stat(c.b === null ? "Scratch" : `${c.b} ×${f} steps`);
      if (!a || !b || a.n === 0 || b.n === 0) continue;
      const e = difference(a, b);
      out.push({ claim: c.claim, what: c.what, factor: f, steps: Math.round(presetSteps * f), effect: e.mean, sd: e.sd, pairs: e.pairs ?? 0 });
    }
  }
  return out;
}

/** Least squares of effect on log2(factor), per claim with two or more factors. */
export function fitCompute(points: ComputePoint[]): ComputeFit[] {
  return COMPUTE_CLAIMS.flatMap(({ claim }) => {
    const ps = points.filter((p) => p.claim === claim);
    if (new Set(ps.map((p) => p.factor)).size < 2) return [];
    const xs = ps.map((p) => Math.log2(p.factor));
    const ys = ps.map((p) => p.effect);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx;
    return [{ claim, intercept: my - slope * mx, perDoubling: slope, points: ps.length }];
  });
}

/** The points as a markdown-ready table: one row per claim, one column per step count. */
export function computeTable(points: ComputePoint[]): { header: string[]; rows: string[][] } {
  const steps = [...new Set(points.map((p) => p.steps))].sort((a, b) => a - b);
  const header = ["claim", "effect", ...steps.map((s) => `${s.toLocaleString("en-US")} steps`)];
  const rows = COMPUTE_CLAIMS.filter((c) => points.some((p) => p.claim === c.claim)).map((c) => [String(c.claim), c.what, ...steps.map((s) => {
    const p = points.find((q) => q.claim === c.claim && q.steps === s);
    return p ? formatEffect({ mean: p.effect, sd: p.sd }) : "—";
  })]);
  return { header, rows };
}
