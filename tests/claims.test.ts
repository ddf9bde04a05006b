import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { parseClaimsArgs } from "../src/cli/claims";
import { CLAIMS, difference, FAR, scoreClaims, summaryLookups, verdictOf } from "../src/analysis/claims";
import { summarize } from "../src/analysis/summary";
import type { SummaryRow } from "../src/analysis/summary";
import { getPreset } from "../src/experiments/presets";
import type { RowResult } from "../src/run/row";
import { getTable } from "../src/experiments/tables";
import { buildScoreboard, claimDownstreams } from "../src/analysis/scoreboard";
import type { Scoreboard } from "../src/analysis/scoreboard";
import { claimsFigure, claimsProse, claimsRecords } from "../src/notebook/claimsNotebook";
import { typedNumbers } from "./helpers/typedNumbers";
import { CLAIM_NOTES } from "../src/report/texts";

/** A summary row whose runs have the given mean and sd over n seeds, and the paper's number. */
function row(group: string, mean: number, sd: number, paper: number | null = null, n = 3, metrics: Record<string, [number, number]> = {}): SummaryRow {
  const value = { mean, sd, n };
  const extra = Object.fromEntries(Object.entries(metrics).map(([k, [m, s]]) => [k, { mean: m, sd: s, n }]));
  return { group, metrics: { accuracy: value, ...extra }, value, paper };
}

/** Results with every claim's rows, where 1p-frac's effects are large and clean. */
function paperLike(): Record<string, SummaryRow[]> {
  return {
    table2: [row("Scratch", 55, 1, 64.2), row("FractalDB", 64, 1, 81.6), row("OFDB", 62, 1, 84.0), row("1p-frac", 68, 1, 84.2)],
    table4: [row("Gaussian+LPCE", 50, 1, 1.2), row("Uniform+LPCE", 51, 1, 2.0), row("1p-frac", 68, 1, 84.2)],
    table5: [row("Scratch", 55, 1), ...[["Δ=0.001", 20, 1.2], ["Δ=0.01", 40, 19.9], ["Δ=0.05", 67, 83.0], ["Δ=0.1", 68, 84.2], ["Δ=0.2", 67.5, 83.4], ["Δ=1", 64, 82.6]]
      .map(([g, m, p]) => row(g as string, m as number, 1, p as number))],
    table6: [row("σ=6", 62, 0.5, 81.3), row("σ=5", 64, 0.5), row("σ=4.5", 65, 0.5), row("σ=4", 66, 0.5), row("σ=3.5", 68, 0.5, 84.2)],
    table7: [row("L=16 (paper)", 58, 1, 78.7), row("L=64 (paper)", 62, 1), row("L=512 (paper)", 66, 1), row("L=1000 (paper)", 68, 1, 84.2)],
    table9: [row("baseline (DeiT)", 68, 1), row("w/o RandomCrop", 55, 1), row("w/o Mixup and CutMix", 57, 1),
      ...["w/o RandAugment", "w/o random aspect", "w/o random erasing", "w/o Mixup", "w/o CutMix", "w/o flipping", "w/o color jitter"].map((g) => row(g, 66, 1))],
    table11: [row("RGB + affine", 60, 1, 70), row("Canny + affine", 62, 1, 71)],
    table12: [row("affine", 66, 1, 80), row("elastic", 30, 1, 35), row("polynomial", 65, 1)],
    figure3: [row("1p-frac", 0, 0, null, 3, { "accuracy@1": [48, 0.5], "accuracy@2": [50, 0.5] }), row("Supervised", 0, 0, null, 3, { "accuracy@1": [46, 0.5], "accuracy@2": [49, 0.5] })],
  };
}

function score(s: Record<string, SummaryRow[]>) {
  const { ours, paper } = summaryLookups(s);
  return scoreClaims(ours, paper);
}

describe("claims scoreboard", () => {
  it("has the eleven claims of the issue, numbered 1..11", () => {
    expect(CLAIMS.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("computes the effect and the sd of its estimate from means, sds and seed counts", () => {
    const e = difference({ mean: 68, sd: 3, n: 3 }, { mean: 55, sd: 4, n: 4 });
    expect(e.mean).toBe(13);
    expect(e.sd).toBeCloseTo(Math.sqrt(9 / 3 + 16 / 4), 12);
    expect(difference({ mean: 1, sd: 0, n: 1 }, { mean: 0, sd: 0, n: 3 }).sd).toBeNaN();
  });

  it("pairs two rows run by run where they share at least two seeds, and falls back to the difference of means otherwise", () => {
    // The seed moves both rows by up to ten points; the per-seed differences are 2, 3 and 1.
    const a = { mean: 60, sd: 10, n: 3, units: { "0/0": 60, "1/0": 50, "2/0": 70 } };
    const b = { mean: 58, sd: 11, n: 3, units: { "0/0": 58, "1/0": 47, "2/0": 69 } };
    const paired = difference(a, b);
    expect(paired.mean).toBeCloseTo(2, 12);
    expect(paired.sd).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(paired.pairs).toBe(3);
    expect(verdictOf(paired, 0)).toBe("reproduced");
    const { units: _a, ...aMeans } = a;
    const unpaired = difference(aMeans, b);
    expect(unpaired.pairs).toBeUndefined();
    expect(unpaired.sd).toBeCloseTo(Math.sqrt(100 / 3 + 121 / 3), 12);
    expect(verdictOf(unpaired, 0)).toBe("inconclusive");
    // Only the shared runs pair: seed 3 of a has no partner.
    expect(difference({ ...a, n: 4, units: { ...a.units, "3/0": 90 } }, b)).toEqual({ mean: paired.mean, sd: paired.sd, pairs: 3 });
    // One shared run is not enough for an sd: means, unpaired.
    const lone = difference(a, { mean: 40, sd: 2, n: 2, units: { "0/0": 40, "5/0": 42 } });
    expect([lone.mean, lone.pairs]).toEqual([20, undefined]);
  });

  it("scores a claim paired by seed and photo from table summaries, and says so in the detail", () => {
    const table = getTable("table11");
    const runs = table.rows.flatMap((r, index) => [0, 1, 2].map((seed) => ({
      // Photo k and seed move both groups alike; Canny is one point above RGB on every run.
      table: "table11", index, label: r.label, group: r.group!, seed, metrics: { accuracy: 50 + 5 * (index % 5) + 7 * seed + (r.group!.startsWith("Canny") ? 1 : 0) },
    }))) as unknown as RowResult[];
    const summaries = { ...paperLike(), table11: summarize(table, runs, getPreset("cpu")) };
    const c7 = score(summaries).find((c) => c.id === 7)!;
    expect(c7.parts[0].pairs).toBe(15);
    expect([c7.effect, c7.sd, c7.verdict]).toEqual([expect.closeTo(1, 12), 0, "reproduced"]);
    expect(c7.detail).toBe("Canny − RGB: +1.0 ± 0.0 (paired over 15 runs; claim: > -1; reproduced)");
    // The paper's side has no runs to pair.
    expect(score(paperLike()).find((c) => c.id === 7)!.parts[0].pairs).toBeNull();
  });

  it("judges by z = (effect - margin) / sd against ±2", () => {
    expect(verdictOf({ mean: 2.1, sd: 1 }, 0)).toBe("reproduced");
    expect(verdictOf({ mean: 1.9, sd: 1 }, 0)).toBe("inconclusive");
    expect(verdictOf({ mean: -2.1, sd: 1 }, 0)).toBe("not reproduced");
    expect(verdictOf({ mean: 6, sd: 2 }, FAR)).toBe("inconclusive");
    expect(verdictOf({ mean: 10, sd: NaN }, 0)).toBe("inconclusive");
  });

  it("reproduces every claim on results with the paper's effects, and gives the paper's own effect beside ours", () => {
    const board = score(paperLike());
    expect(board.map((c) => c.verdict)).toEqual(Array(11).fill("reproduced"));
    const c1 = board.find((c) => c.id === 1)!;
    expect(c1.effect).toBeCloseTo(13, 12);
    expect(c1.sd).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(c1.ours).toBe("+13.0 ± 0.8");
    expect(c1.paper).toBeCloseTo(20, 12);
    expect(board.find((c) => c.id === 2)!.paper).toBeCloseTo(83, 12);
    // Claim 9 compares drops: the worst other row (66) against the worst essential one (55).
    expect(board.find((c) => c.id === 9)!.effect).toBeCloseTo(11, 12);
  });

  it("says not reproduced where the effect is reversed beyond 2 sd, and names the weakest part", () => {
    const s = paperLike();
    s.table12 = [row("affine", 66, 1), row("elastic", 66.5, 1)];
    s.table6 = s.table6.map((r) => (r.group === "σ=5" ? row("σ=5", 70, 0.5) : r));
    const board = score(s);
    expect(board.find((c) => c.id === 8)!.verdict).toBe("not reproduced");
    const c6 = board.find((c) => c.id === 6)!;
    expect(c6.verdict).toBe("not reproduced");
    expect(c6.effect).toBeCloseTo(-2, 12);
    expect(c6.detail).toContain("best other (σ=5)");
    // Both parts are kept for the chart: the failed σ=3.5 part and the passed σ=6 one.
    expect(c6.parts.map((p) => [p.what, p.verdict])).toEqual([["σ=3.5 − best other (σ=5)", "not reproduced"], ["σ=6 − Scratch (Table 2)", "reproduced"]]);
    expect(c6.parts[0].effect).toBeCloseTo(-2, 12);
    expect(c6.parts[0].sd).toBeCloseTo(Math.sqrt(0.25 / 3 + 0.25 / 3), 12);
  });

  it("says inconclusive where the effect is within 2 sd, or a row is missing or has one seed", () => {
    const s = paperLike();
    s.table2 = s.table2.map((r) => (r.group === "Scratch" ? row("Scratch", 66, 2) : r));
    s.figure3 = s.figure3.filter((r) => r.group !== "Supervised");
    s.table7 = s.table7.map((r) => row(r.group, r.value!.mean, 0, null, 1));
    const board = score(s);
    expect(board.find((c) => c.id === 1)!.verdict).toBe("inconclusive");
    const c10 = board.find((c) => c.id === 10)!;
    expect([c10.verdict, c10.ours, c10.detail]).toEqual(["inconclusive", null, 'figure3 has no result for "Supervised" (accuracy@1)']);
    const c5 = board.find((c) => c.id === 5)!;
    expect([c5.verdict, c5.sd, c5.ours]).toEqual(["inconclusive", null, "+10.0 ± ?"]);
  });

  it("the claims notebook: one chart line per part, a reason and what was tried under every claim not reproduced", () => {
    const s = paperLike();
    s.table12 = [row("affine", 66, 1), row("elastic", 66.5, 1)];
    s.figure3 = s.figure3.filter((r) => r.group !== "Supervised");
    const claims = score(s);
    const board: Scoreboard = { preset: "cpu", backend: "fake", downstream: null, runs: { table12: 6 }, stale: { table9: 33 }, claims };
    const prose = claimsProse(board);
    expect(prose).toContain(`**8. Elastic warps collapse far below affine warps** — not reproduced (ours -0.5 ± 0.8).`);
    expect(prose).toContain(`*What we think the reason is:* ${CLAIM_NOTES[8].reason}`);
    expect(prose).toContain(`*What was tried:* ${CLAIM_NOTES[10].tried}`);
    expect(prose).not.toContain(CLAIM_NOTES[1].reason);
    expect(prose).toContain("earlier code version:** table9 (no run at the current code version yet)");
    const fig = claimsFigure(board);
    const partCount = claims.reduce((n, c) => n + c.parts.length, 0);
    expect((fig.data.find((t) => t.name === "claim's margin")!.y as string[]).length).toBe(partCount);
    const red = fig.data.find((t) => t.name === "ours: not reproduced")!;
    expect([red.y, red.x]).toEqual([["8. affine − elastic"], [-0.5]]);
    expect(claimsRecords(board).map((r) => r.verdict)).toEqual(claims.map((c) => c.verdict));
    for (const id of CLAIMS.map((c) => c.id)) {
      expect(CLAIM_NOTES[id], `claim ${id}`).toBeDefined();
      expect(typedNumbers(`${CLAIM_NOTES[id].reason} ${CLAIM_NOTES[id].tried}`), `claim ${id}`).toEqual([]);
    }
  });

  it("scores on a second downstream set only the claims whose tables all run there, reading each table's variant", () => {
    expect(claimDownstreams()).toEqual(["digits"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-claims-"));
    const board = buildScoreboard({ preset: "smoke", backend: "fake", resultsDir: dir, downstream: "digits" });
    expect(board.downstream).toBe("digits");
    expect(board.claims.map((c) => c.id)).toEqual([1, 2, 3, 11]);
    expect(Object.keys(board.runs).sort()).toEqual(["table2-digits", "table5-digits"]);
    expect(board.claims[0].detail).toBe('table2 has no result for "1p-frac"');
    expect(claimsRecords(board)[0].runs).toBe("table2-digits: 0");
    expect(claimsFigure(board).layout.title).toEqual({ text: expect.stringContaining("fine-tuned on digits") });
    expect(() => buildScoreboard({ preset: "smoke", backend: "fake", resultsDir: dir, downstream: "cifar10" }))
      .toThrow('downstream "cifar10": no claim\'s tables are defined on it (valid: digits)');
    expect(buildScoreboard({ preset: "smoke", backend: "fake", resultsDir: dir }).claims).toHaveLength(11);
    expect(parseClaimsArgs(["--downstream", "digits"]).downstream).toBe("digits");
    expect(() => parseClaimsArgs(["--downstream", "cifar10"])).toThrow('--downstream: unknown value "cifar10" (valid: digits)');
  });
});
