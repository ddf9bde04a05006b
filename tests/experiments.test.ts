import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DOWNSTREAM_PATHS, loadDownstream, type DownstreamName } from "../src/datasets/downstream";
import { stableHash, stableStringify } from "../src/util/hash";
import { getPreset, listPresets } from "../src/experiments/presets";
import { describeFit, fitScalingLaw } from "../src/analysis/scalingLaw";
import { planTable, runTable } from "../src/run/runner";
import type { RowExecutor, RowTask } from "../src/run/row";
import { formatSummary, meanSd, summarize } from "../src/analysis/summary";
import { getTable, listTables, resolveRow } from "../src/experiments/tables";
import { buildSource } from "../src/sources";
import { Rng } from "../src/util/rng";

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sb-exp-"));
}

/** A fast fake: accuracy is a function of Δ and the seed, so results are checkable. */
function fakeExecutor(calls: string[], failAt = -1): RowExecutor {
  return async (task: RowTask) => {
    if (calls.length === failAt) throw new Error("injected failure");
    calls.push(task.hash);
    const delta = (task.config.source?.params.delta as number | undefined) ?? 0;
    return { metrics: { accuracy: 50 + 10 * delta + task.seed }, timings: { total: 0.01 } };
  };
}

describe("stable hashing", () => {
  it("does not depend on key order at any depth", () => {
    const a = { x: 1, y: { b: [1, { q: 2, p: 3 }], a: "s" } };
    const b = { y: { a: "s", b: [1, { p: 3, q: 2 }] }, x: 1 };
    expect(stableStringify(a)).toBe(stableStringify(b));
    expect(stableHash(a)).toBe(stableHash(b));
    expect(stableHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });
  it("changes with any value and rejects non-finite numbers", () => {
    expect(stableHash({ x: 1 })).not.toBe(stableHash({ x: 2 }));
    expect(stableHash([1, 2])).not.toBe(stableHash([2, 1]));
    expect(() => stableStringify({ a: { b: NaN } })).toThrow(/config\.a\.b: cannot hash non-finite/);
  });
});

describe("tables and presets", () => {
  it("lists every table of the paper the toolkit reproduces", () => {
    expect(listTables()).toEqual(expect.arrayContaining(["table2", "table3", "table4", "table5", "table6", "table7", "table9", "table10", "table11", "table12", "table13", "figure2", "figure3", "scaling"]));
    expect(listPresets()).toEqual(["smoke", "cpu", "cpu-fast", "paper"]);
  });
  it("resolves every row of every table under every preset", () => {
    for (const p of listPresets()) {
      for (const id of listTables()) {
        const t = getTable(id);
        for (const row of t.rows) expect(() => resolveRow(row, getPreset(p)), `${p}/${id}/${row.label}`).not.toThrow();
      }
    }
  });
  it("asks no cpu-preset row for more downstream images per class than the local datasets hold", () => {
    const local: Record<string, string> = { digits: DEFAULT_DOWNSTREAM_PATHS.digits, "fashion-mnist": path.join(DEFAULT_DOWNSTREAM_PATHS["fashion-mnist"], "t10k-images-idx3-ubyte.gz") };
    const checked = new Set<string>();
    for (const id of listTables()) {
      for (const task of planTable(id, { preset: "cpu", backend: "fake" })) {
        const d = task.config.downstream;
        const key = `${d.name}:${d.trainPerClass}:${d.testPerClass}`;
        if (task.kind === "gallery" || task.kind === "construction" || checked.has(key) || !local[d.name] || !fs.existsSync(local[d.name])) continue;
        checked.add(key);
        expect(() => loadDownstream(d.name as DownstreamName, { trainPerClass: d.trainPerClass, testPerClass: d.testPerClass }), `${id}/${task.label}`).not.toThrow();
      }
    }
    expect([...checked].some((k) => k.startsWith("digits:"))).toBe(true);
  });
  it("applies row overrides strictly", () => {
    const t5 = getTable("table5");
    expect(resolveRow(t5.rows[0], getPreset("cpu")).source).toBeNull();
    const cfg = resolveRow(t5.rows[1], getPreset("cpu"));
    expect(cfg.source).toEqual({ name: "1p-frac", params: expect.objectContaining({ delta: 0.001, sigma: 3.5 }) });
    expect(resolveRow(getTable("table2").rows[0], getPreset("cpu")).source).toBeNull();
    const bad = { label: "typo", overrides: { source: { params: { detla: 0.1 } } }, paperRow: null };
    expect(() => resolveRow(bad, getPreset("cpu"))).toThrow(/detla: unknown key/);
    const badSource = { label: "x", overrides: { source: { name: "nope" } }, paperRow: null };
    expect(() => resolveRow(badSource, getPreset("cpu"))).toThrow(/unknown source "nope"/);
  });
  it("turns off each Table 9 augmentation with the field's own type", () => {
    const rows = getTable("table9").rows.map((r) => resolveRow(r, getPreset("cpu")).pretrain.augment);
    expect(rows[1].randAugment).toBe(false);
    expect(rows[4].randomErasing).toBe(0);
    expect(rows[5].mixupAlpha).toBe(0);
    expect(rows[5].cutmixAlpha).toBe(1);
    expect(rows[7].mixupAlpha).toBe(0);
    expect(rows[7].cutmixAlpha).toBe(0);
    expect(rows[0].mixupAlpha).toBe(0.8);
    expect(rows[0].randAugment).toBe(true);
    // The last row is the preset's own recipe: light DeiT at cpu (no RandAugment, crops and mixup kept).
    expect(rows[rows.length - 1]).toMatchObject({ randAugment: false, randomErasing: 0, randomResizedCrop: true, mixupAlpha: 0.8, cutmixAlpha: 1 });
  });
  it("pre-trains every Table 7, scaling and supervised row for the preset's steps and warmup at the preset's batch", () => {
    const p = getPreset("cpu");
    const { batchSize, steps, warmupSteps } = p.base.pretrain;
    expect([steps, warmupSteps, getPreset("cpu-fast").base.pretrain.steps, getPreset("paper").base.pretrain.steps]).toEqual([6000, 120, 3000, 240000]);
    const rows = [...getTable("table7").rows, ...getTable("scaling").rows].map((r) => resolveRow(r, p));
    expect(rows.map((c) => c.source!.params.L)).toEqual([4, 16, 131, 256, 64, 128, 256, 512, 1024]);
    const supervised = resolveRow(getTable("figure3").rows.find((r) => r.label === "Supervised")!, p);
    for (const c of [...rows, supervised]) expect([c.pretrain.batchSize, c.pretrain.steps, c.pretrain.warmupSteps], `${c.source!.name} L=${c.source!.params.L}`).toEqual([batchSize, steps, warmupSteps]);
  });
  it("pre-trains the multi-category sources (FractalDB, OFDB, RCDB, VisualAtoms) for the preset's steps too", async () => {
    for (const name of ["cpu", "paper"]) {
      const p = getPreset(name);
      const rows = [...getTable("table2").rows, ...getTable("table3").rows, ...getTable("figure3").rows]
        .map((r) => resolveRow(r, p)).filter((c) => c.source && /^(fractaldb|ofdb|rcdb-multi|visualatoms-multi)$/.test(c.source.name));
      expect(rows.map((c) => c.source!.name).sort()).toEqual(["fractaldb", "fractaldb", "ofdb", "rcdb-multi", "visualatoms-multi"]);
      for (const c of rows) expect(c.pretrain.steps, `${name} ${c.source!.name}`).toBe(p.base.pretrain.steps);
    }
    // The count the rows assume is the count the builders make (smoke scale).
    const smoke = getPreset("smoke").sourceParams;
    for (const name of ["fractaldb", "ofdb", "rcdb-multi", "visualatoms-multi"]) {
      const set = await buildSource(name, smoke[name], 0, { workers: 1 });
      expect(set.count, name).toBe((smoke[name].categories as number) * ((smoke[name].instances as number | undefined) ?? 1));
    }
  });
  it("computes the scaling table's row at the preset's L as Table 2's 1p-frac run (one key)", () => {
    const opts = { preset: "cpu", backend: "fake", codeVersion: "c0de" };
    const scaling = planTable("scaling", opts).filter((t) => t.label === "L×1");
    const table2 = planTable("table2", opts).filter((t) => t.label === "1p-frac");
    expect(scaling.map((t) => t.hash)).toEqual(table2.map((t) => t.hash));
    expect(planTable("scaling", opts).find((t) => t.label === "L×2")!.hash).not.toBe(table2[0].hash);
  });
  it("finds the paper's numbers", () => {
    const t5 = getTable("table5");
    const rows = summarize(t5, [], getPreset("cpu"));
    expect(rows.map((r) => r.paper)).toEqual([null, 1.2, 19.9, 83.0, 84.2, 83.4, 82.6]);
    expect(summarize(getTable("table10"), [], getPreset("cpu"))[2].paper).toBeCloseTo(0.0382 * 3600);
  });
  it("the --dataset option replaces the downstream set of every row", () => {
    const tasks = planTable("table2", { preset: "smoke", backend: "fake", dataset: "digits" });
    expect(tasks.every((t) => t.config.downstream.name === "digits")).toBe(true);
  });
});

describe("runner", () => {
  it("caches rows, survives a failure mid-table and never recomputes a finished row", async () => {
    const dir = tmpDir();
    const opts = { preset: "smoke", seeds: 2, backend: "fake", resultsDir: dir, quiet: true };
    const tasks = planTable("table5", opts);
    expect(tasks).toHaveLength(14);
    expect(new Set(tasks.map((t) => t.hash)).size).toBe(14);

    const first: string[] = [];
    await expect(runTable("table5", { ...opts, executor: fakeExecutor(first, 5) })).rejects.toThrow(/injected failure/);
    expect(first).toHaveLength(5);
    for (const h of first) expect(fs.existsSync(path.join(dir, "table5", `${h}.json`))).toBe(true);

    const second: string[] = [];
    const results = await runTable("table5", { ...opts, executor: fakeExecutor(second) });
    expect(second).toHaveLength(9);
    expect(second.filter((h) => first.includes(h))).toEqual([]);
    expect(results.map((r) => r.hash)).toEqual(tasks.map((t) => t.hash));
    expect(results[0].config.source).toBeNull();
    expect(results[2].metrics.accuracy).toBeCloseTo(50.01);
    expect(results[2].version).toBe("0.1.0");
    expect(results[2].config.source?.params.delta).toBe(0.001);

    const third: string[] = [];
    await runTable("table5", { ...opts, executor: fakeExecutor(third), jobs: 2 });
    expect(third).toEqual([]);

    const summary = summarize(getTable("table5"), results, getPreset("smoke"));
    // Each run is kept under its seed and position in the group, for claims that pair rows run by run.
    expect(summary[1].value).toEqual({ mean: 50.01 + 0.5, sd: expect.closeTo(Math.SQRT1_2, 6), n: 2, units: { "0/0": expect.closeTo(50.01, 6), "1/0": expect.closeTo(51.01, 6) } });
    expect(formatSummary(getTable("table5"), summary)).toMatch(/Δ=0\.001\s+50\.5 ± 0\.7\s+1\.2/);
  });

  it("runs rows two at a time with jobs 2 and reuses a row cached by another table", async () => {
    const dir = tmpDir();
    const opts = { preset: "smoke", seeds: 1, backend: "fake", resultsDir: dir, quiet: true };
    let running = 0;
    let peak = 0;
    const slow: RowExecutor = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return { metrics: { accuracy: 1 }, timings: {} };
    };
    await runTable("table5", { ...opts, executor: slow, jobs: 2 });
    expect(peak).toBe(2);
    // Table 6's σ=3.5 row is Table 5's Δ=0.1 row: same config, same hash.
    const calls: string[] = [];
    await runTable("table6", { ...opts, executor: fakeExecutor(calls) });
    expect(calls).toHaveLength(4);
    const shared = JSON.parse(fs.readFileSync(path.join(dir, "table6", `${planTable("table6", opts)[4].hash}.json`), "utf8"));
    expect(shared.label).toBe("σ=3.5");
  });

  it("prints one column per k for a linear-probe table", () => {
    const tasks = planTable("figure3", { preset: "cpu", seeds: 2, backend: "fake" });
    const results = tasks.map((t) => ({ ...t, metrics: { "accuracy@1": 40 + t.seed, "accuracy@2": 50 }, timings: {}, version: "0", commit: null, startedAt: "", finishedAt: "", seconds: 0 }));
    const text = formatSummary(getTable("figure3"), summarize(getTable("figure3"), results, getPreset("cpu")));
    expect(text).toMatch(/ours: accuracy@1\s+ours: accuracy@2/);
    expect(text).toMatch(/Scratch\s+40\.5 ± 0\.7\s+50\.0 ± 0\.0/);
  });

  it("keys the cache on preset and backend", () => {
    const a = planTable("table5", { preset: "smoke", backend: "wasm" })[0].hash;
    expect(planTable("table5", { preset: "smoke", backend: "cpu" })[0].hash).not.toBe(a);
    expect(planTable("table5", { preset: "cpu", backend: "wasm" })[0].hash).not.toBe(a);
    expect(planTable("table5", { preset: "smoke", backend: "wasm" })[0].hash).toBe(a);
  });

  it("runs only the requested row", async () => {
    const dir = tmpDir();
    const calls: string[] = [];
    const res = await runTable("table5", { preset: "smoke", backend: "fake", resultsDir: dir, quiet: true, executor: fakeExecutor(calls), only: "3" });
    expect(res.map((r) => r.label)).toEqual(["Δ=0.05"]);
    await expect(runTable("table5", { preset: "smoke", backend: "fake", resultsDir: dir, quiet: true, executor: fakeExecutor(calls), only: "99" })).rejects.toThrow(/no row with that index/);
  });
});

describe("scaling law", () => {
  it("recovers (D, α, C) from noisy synthetic points", () => {
    const rng = new Rng(7);
    const truth = { D: 60, alpha: 0.5, C: 12 };
    const points = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].map((n) => ({ n, error: (truth.D * n ** -truth.alpha + truth.C) * (1 + 0.01 * rng.normal()) }));
    const fit = fitScalingLaw(points);
    expect(fit.D).toBeGreaterThan(truth.D * 0.85);
    expect(fit.D).toBeLessThan(truth.D * 1.15);
    expect(fit.alpha).toBeGreaterThan(0.42);
    expect(fit.alpha).toBeLessThan(0.58);
    expect(Math.abs(fit.C - truth.C)).toBeLessThan(1.5);
    expect(fit.gainFromDoubling(100)).toBeCloseTo(fit.predict(100) - fit.predict(200), 10);
    expect(fit.gainFromDoubling(100)).toBeGreaterThan(0);
  });
  it("fits exact points exactly", () => {
    const points = [1, 3, 10, 30, 100].map((n) => ({ n, error: 5 * n ** -0.8 + 2 }));
    const fit = fitScalingLaw(points);
    expect(fit.D).toBeCloseTo(5, 3);
    expect(fit.alpha).toBeCloseTo(0.8, 3);
    expect(fit.C).toBeCloseTo(2, 3);
    expect(fit.rmse).toBeLessThan(1e-6);
  });
  it("describes the fit in words, and says when the error does not fall with n", () => {
    const falling = fitScalingLaw([1, 3, 10, 30, 100].map((n) => ({ n, error: 5 * n ** -0.8 + 2 })));
    expect(describeFit(falling, 100)).toMatch(/^e\(n\) = 5\.000·n\^\(-0\.800\) \+ 2\.000 \(transfer gap C = 2\.00 points; doubling n = 100 gains 0\.\d\d points\)$/);
    // The cpu preset's scaling table: error rises at the largest L.
    const rising = fitScalingLaw([[64, 34.0], [128, 33.1], [256, 32.5], [512, 34.6], [1024, 45.2]].map(([n, error]) => ({ n, error })));
    expect(rising.alpha).toBeLessThanOrEqual(0);
    expect(describeFit(rising, 1024)).toMatch(/the error does not fall with n over these points \(α = -?\d\.\d{3} ≤ 0\), so the law does not describe them/);
  });
  it("rejects too few or invalid points", () => {
    expect(() => fitScalingLaw([{ n: 1, error: 3 }, { n: 2, error: 2 }])).toThrow(/at least 3 points/);
    expect(() => fitScalingLaw([{ n: 1, error: 3 }, { n: 2, error: 2 }, { n: 0, error: 1 }])).toThrow(/n > 0/);
  });
  it("meanSd uses the sample standard deviation", () => {
    expect(meanSd([1, 2, 3])).toEqual({ mean: 2, sd: 1, n: 3 });
    expect(meanSd([4])).toEqual({ mean: 4, sd: 0, n: 1 });
  });
});

describe("tables against the source registry", () => {
  it("every row's source parameters are accepted by its (registered) source", async () => {
    const { SOURCES, resolveParams } = await import("../src/sources");
    for (const p of listPresets()) {
      for (const id of listTables()) {
        for (const row of getTable(id).rows) {
          const src = resolveRow(row, getPreset(p)).source;
          if (src && src.name in SOURCES) expect(() => resolveParams(src.name, src.params), `${p}/${id}/${row.label}`).not.toThrow();
        }
      }
    }
  });
});

describe("rows with the same config", () => {
  it("run once and keep each row's own label", async () => {
    const calls: string[] = [];
    const results = await runTable("figure2", { preset: "smoke", backend: "fake", resultsDir: tmpDir(), quiet: true, executor: fakeExecutor(calls) });
    const t = planTable("figure2", { preset: "smoke", backend: "fake" });
    expect(t[2].hash).toBe(t[4].hash); // Δ=0.1 is σ=3.5
    expect(calls).toHaveLength(6);
    expect(results.map((r) => r.label)).toEqual(getTable("figure2").rows.map((r) => r.label));
  });
});
