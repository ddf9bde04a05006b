/**
 * The rules that print a verdict in generated prose, tested at their
 * thresholds (issue 24): a change to a threshold fails here, not only in a
 * whole notebook's text.
 */
import { describe, expect, it } from "vitest";
import { verdictOf } from "../src/analysis/claims";
import { direction } from "../src/report/template";

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
