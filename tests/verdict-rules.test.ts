/**
 * The rules that print a verdict in generated prose, tested at their
 * thresholds (issue 24): a change to a threshold fails here, not only in a
 * whole notebook's text.
 */
import { describe, expect, it } from "vitest";
import { verdictOf } from "../src/analysis/claims";
import { direction, fillTemplate } from "../src/report/template";
import type { ProseInput } from "../src/report/template";
import { getPreset } from "../src/experiments/presets";
import { getTable } from "../src/experiments/tables";
import { learned, LEARNED_BELOW_LN_L } from "../src/report/learned";

const stat = (mean: number, sd: number, n = 3) => ({ mean, sd, n });

describe("{cmp}: above / below only beyond sd(A) + sd(B)", () => {
  it("is 0 up to the sum of the sds and ±1 just past it", () => {
    expect(direction(stat(53, 1), stat(50, 2))).toBe(0);
    expect(direction(stat(53.01, 1), stat(50, 2))).toBe(1);
    expect(direction(stat(46.99, 1), stat(50, 2))).toBe(-1);
    expect(direction(stat(47, 1), stat(50, 2))).toBe(0);
  });
  it("is null without a finished run on either side", () => {
    expect(direction(null, stat(1, 0))).toBeNull();
    expect(direction(stat(NaN, NaN, 0), stat(1, 0))).toBeNull();
  });
});

describe("a claim's verdict: 2 sd from the margin", () => {
  it("reproduced past margin + 2 sd, not reproduced below margin − 2 sd, inconclusive between", () => {
    expect(verdictOf({ mean: 4.01, sd: 2 }, 0)).toBe("reproduced");
    expect(verdictOf({ mean: 3.99, sd: 2 }, 0)).toBe("inconclusive");
    expect(verdictOf({ mean: 5.99, sd: 1 }, 8)).toBe("not reproduced");
    expect(verdictOf({ mean: 6.01, sd: 1 }, 8)).toBe("inconclusive");
  });
});

/** A table5 text input whose rows have the given means (sd 1 each) and paper numbers. */
function input(rows: Array<[string, number, number | null]>): ProseInput {
  return {
    table: getTable("table5"), preset: getPreset("cpu"), results: [],
    rows: rows.map(([group, mean, paper]) => ({ group, metrics: {}, value: stat(mean, 1), paper })),
  };
}

describe("{agree}: whether our order of two rows is the paper's", () => {
  it("as in the paper only when {cmp} goes the paper's way, unlike it when it goes the other way, and says so within the spread", () => {
    const fill = (a: number, b: number) => fillTemplate("{agree:A;B}", input([["A", a, 70], ["B", b, 60]]));
    expect(fill(52.01, 50)).toBe("as in the paper");
    expect(fill(47.99, 50)).toBe("unlike the paper");
    // Within sd(A) + sd(B) = 2 the paper's order is not seen, so that too is unlike the paper ({cmp} says "within the seed spread of").
    expect(fill(52, 50)).toBe("unlike the paper");
    expect(fillTemplate("{cmp:A;B}", input([["A", 52, 70], ["B", 50, 60]]))).toBe("within the seed spread of");
  });
});

describe("{best} and {gain}", () => {
  it("{best:P} is the highest mean among the rows starting with P; {gain} is signed with a true minus", () => {
    const rows = input([["Scratch", 55, null], ["Δ=0.01", 51, null], ["Δ=0.1", 58, null], ["Δ=1", 57.5, null]]);
    expect(fillTemplate("{best:Δ=}", rows)).toBe("Δ=0.1 (58.0 ± 1.0)");
    expect(fillTemplate("{gain:Δ=0.1;Scratch} {gain:Δ=0.01;Scratch}", rows)).toBe("+3.0 −4.0");
  });
});

describe("{learned}: a pre-training counts as learned only below ln L − 0.05", () => {
  it("at the threshold is not learned, just below it is", () => {
    const lnL = Math.log(256);
    expect(LEARNED_BELOW_LN_L).toBe(0.05);
    expect(learned([{ step: 6000, loss: lnL - 0.05, cleanAccuracy: 0 }], lnL)).toBe(false);
    expect(learned([{ step: 6000, loss: lnL - 0.0501, cleanAccuracy: 0 }], lnL)).toBe(true);
    expect(learned([], lnL)).toBeNull();
  });
});

