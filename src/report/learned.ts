/**
 * Whether a run's pre-training was learned: a final LPCE loss at ln L is
 * chance for L classes, so the classes could not be told apart under the
 * augmentation and the weights had nothing to transfer.
 */
import type { RowResult } from "../run/row";
import type { CurvePoint } from "../train/config";

/** How far below ln L the final loss must be to count as learned (not chance). */
export const LEARNED_BELOW_LN_L = 0.05;

export function learned(curve: CurvePoint[], lnL: number): boolean | null {
  const last = curve[curve.length - 1];
  return last ? last.loss < lnL - LEARNED_BELOW_LN_L : null;
}

/** ln of the number of pre-training classes (L, or a multi-category source's categories), or null without a source. */
export function lnClasses(r: RowResult): number | null {
  const p = r.config.source?.params;
  if (!p) return null;
  const classes = typeof p.L === "number" ? p.L : typeof p.categories === "number" ? p.categories : null;
  return classes === null ? null : Math.log(classes);
}

/** Of the runs that recorded a pre-training curve, how many were learned. */
export function learnedCount(results: RowResult[]): { learned: number; of: number } {
  const judged = results.flatMap((r) => {
    const lnL = lnClasses(r);
    const verdict = lnL === null ? null : learned(r.pretrainCurve ?? [], lnL);
    return verdict === null ? [] : [verdict];
  });
  return { learned: judged.filter(Boolean).length, of: judged.length };
}
