/** The compute axis (issue 25 item 3), built from results: tested on synthetic runs with a known trend. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { computeAxis, computeTable, fitCompute } from "../src/analysis/computeAxis";
import { summarize } from "../src/analysis/summary";
import { getPreset } from "../src/experiments/presets";
import { getTable } from "../src/experiments/tables";
import type { RowExecutor } from "../src/run/row";
import { planTable, runTable } from "../src/run/runner";
import { computeFigure, computeRecords } from "../src/notebook/computeNotebook";

const factorOf = (label: string) => Number(label.match(/×([\d.]+) steps$/)?.[1] ?? NaN);

describe("the compute axis", () => {
  it("shares its runs at the preset's steps with Table 5 and Table 4", () => {
    const opts = { preset: "cpu", backend: "x", codeVersion: "v", seeds: 1 };
    const compute = planTable("compute", opts);
    const hashOf = (t: string, label: string) => planTable(t, opts).find((r) => r.label === label)!.hash;
    const at1 = (label: string) => compute.find((r) => r.label === label)!.hash;
    expect(at1("Δ=0.1 ×1 steps")).toBe(hashOf("table5", "Δ=0.1"));
    expect(at1("Δ=0.001 ×1 steps")).toBe(hashOf("table5", "Δ=0.001"));
    expect(at1("Gaussian+LPCE ×1 steps")).toBe(hashOf("table4", "Gaussian+LPCE"));
    expect(at1("Scratch")).toBe(hashOf("table5", "Scratch"));
    expect(compute.find((r) => r.label === "Δ=0.1 ×4 steps")!.config.pretrain).toMatchObject({ steps: 24000, warmupSteps: 480 });
  });

  it("gives each claim's effect per step count and its change per doubling, on runs with a known trend", async () => {
    // Δ = 0.1 gains 2 points per doubling of steps; Δ = 0.001 and the noise do not move; each seed shifts every row alike.
    const executor: RowExecutor = async (task) => {
      const f = factorOf(task.label);
      const base = task.label === "Scratch" ? 50 : task.label.startsWith("Δ=0.1 ") ? 55 + 2 * Math.log2(f) : task.label.startsWith("Δ=0.001") ? 48 : 51;
      return { metrics: { accuracy: base + task.seed }, timings: { total: 1 } };
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-compute-"));
    const results = await runTable("compute", { preset: "cpu", backend: "fake", executor, resultsDir: dir, quiet: true, seeds: 3 });
    const preset = getPreset("cpu");
    const points = computeAxis(summarize(getTable("compute"), results, preset), preset.base.pretrain.steps);
    expect(points).toHaveLength(12);
    const at = (claim: number, factor: number) => points.find((p) => p.claim === claim && p.factor === factor)!;
    expect([at(1, 0.5).effect, at(1, 1).effect, at(1, 4).effect]).toEqual([3, 5, 9]);
    expect([at(2, 2).effect, at(4, 2).effect]).toEqual([9, 6]);
    expect(at(1, 2)).toMatchObject({ steps: 12000, sd: 0, pairs: 3 });
    const fits = fitCompute(points);
    expect(fits.map((f) => [f.claim, +f.intercept.toFixed(9), +f.perDoubling.toFixed(9)])).toEqual([[1, 5, 2], [2, 7, 2], [4, 4, 2]]);
    const table = computeTable(points);
    expect(table.header).toEqual(["claim", "effect", "3,000 steps", "6,000 steps", "12,000 steps", "24,000 steps"]);
    expect(table.rows[0]).toEqual(["1", "Δ=0.1 − Scratch", "+3.0 ± 0.0", "+5.0 ± 0.0", "+7.0 ± 0.0", "+9.0 ± 0.0"]);
  });

  it("leaves out the step counts whose rows have not run, and fits nothing from one point", () => {
    const stat = { mean: 60, sd: 1, n: 2, units: { "0": 59, "1": 61 } };
    const rows = [{ group: "Scratch", metrics: {}, value: { ...stat, mean: 55, units: { "0": 54, "1": 56 } }, paper: null }, { group: "Δ=0.1 ×1 steps", metrics: {}, value: stat, paper: null }];
    const points = computeAxis(rows, 6000);
    expect(points.map((p) => [p.claim, p.steps, p.effect])).toEqual([[1, 6000, 5]]);
    expect(fitCompute(points)).toEqual([]);
  });

  it("draws one series per claim with ± sd bars, and its fitted line through the fit's values at the ends", () => {
    const point = (claim: number, factor: number, effect: number) => ({ claim, what: `claim ${claim}`, factor, steps: 6000 * factor, effect, sd: 1, pairs: 5 });
    const points = [point(1, 0.5, 3), point(1, 1, 5), point(1, 4, 9), point(2, 1, 6)];
    const fig = computeFigure(points, fitCompute(points), 6000);
    const traces = fig.data as Array<{ name: string; mode: string; x: number[]; y: number[]; error_y?: { array: number[] } }>;
    // Claim 1: its dots and its line (+2 per doubling, 5 at 6k steps); claim 2: one point, no line.
    expect(traces.map((t) => t.mode)).toEqual(["markers", "lines", "markers"]);
    expect(traces[0]).toMatchObject({ x: [3000, 6000, 24000], y: [3, 5, 9], error_y: { array: [1, 1, 1] } });
    expect(traces[1].name).toBe("fit: +2.0 per doubling");
    expect(traces[1].x).toEqual([3000, 24000]);
    expect(traces[1].y.map((y) => +y.toFixed(9))).toEqual([3, 9]);
    expect(fig.layout.xaxis).toMatchObject({ type: "log", tickvals: [3000, 6000, 24000], ticktext: ["3,000", "6,000", "24,000"] });
    expect(computeRecords(points)[2]).toEqual({ claim: 1, effect: "claim 1", "pre-training steps": 24000, "ours (points of top-1)": 9, sd: 1, pairs: 5 });
  });
});
