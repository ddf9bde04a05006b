/**
 * The result cache's rules: keys track the code version (stale rows are never
 * reused, and are counted), corrupt or incomplete files are moved aside and
 * recomputed, and pre-trained weights are keyed by the pre-training alone.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { initBackend } from "../src/backend";
import { loadResultsAnyVersion, resultPath } from "../src/run/cache";
import { executeRow } from "../src/run/executor";
import { pretrainKey } from "../src/run/keys";
import { getPreset } from "../src/experiments/presets";
import { planTable, runTable } from "../src/run/runner";
import type { RowExecutor, RowTask } from "../src/run/row";
import { codeVersion, resultVersion, rowSourceFiles } from "../src/run/version";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sb-cache-"));

function fake(calls: string[]): RowExecutor {
  return async (task: RowTask) => {
    calls.push(task.hash);
    return { metrics: { accuracy: 40 + task.index + (task.codeVersion === "bbbbbbbbbbbbbbbb" ? 10 : 0) }, timings: { total: 0.01 } };
  };
}

const base = { preset: "smoke", backend: "fake", quiet: true };

describe("code version in the cache key", () => {
  it("covers the files a row runs, and not the CLI or the report", () => {
    const files = rowSourceFiles();
    expect(files).toEqual(expect.arrayContaining(["src/run/executor.ts", "src/train/loop.ts", "src/models/vit.ts", "src/backend/blas.ts", "src/fractals/renderWorker.js"]));
    expect(files.some((f) => f.startsWith("src/cli/") || f.startsWith("src/report/") || f.startsWith("src/analysis/") || f.startsWith("src/run/queue"))).toBe(false);
    expect(codeVersion()).toMatch(/^[0-9a-f]{16}$/);
  });
  it("changes with the kernel settings, the OpenBLAS core among them, but has no thread count in it", () => {
    const v = (native: boolean, fused: boolean, blasCore: string | null = "Haswell") => resultVersion({ native, fused, blasCore }, "c0de");
    expect(new Set([v(true, true), v(true, false), v(false, false, null), v(true, true, "SkylakeX")]).size).toBe(4);
    expect(resultVersion({ native: true, fused: true, blasCore: "Haswell" }, "c0de")).toBe(v(true, true));
    expect(resultVersion({ native: true, fused: true, blasCore: "Haswell" }, "other")).not.toBe(v(true, true));
  });
  it("never reuses a row cached under another code version, and says how many it ignored", async () => {
    const dir = tmp();
    const old = await runTable("demo", { ...base, codeVersion: "aaaaaaaaaaaaaaaa", executor: fake([]), resultsDir: dir });
    const calls: string[] = [];
    const lines: string[] = [];
    const fresh = await runTable("demo", { ...base, codeVersion: "bbbbbbbbbbbbbbbb", executor: fake(calls), resultsDir: dir, log: (l) => lines.push(l) });
    expect(calls).toHaveLength(2);
    expect(fresh.map((r) => r.hash)).not.toEqual(old.map((r) => r.hash));
    expect(fresh.map((r) => r.configKey)).toEqual(old.map((r) => r.configKey));
    expect(lines[0]).toBe("demo: 2 runs, 0 cached, 2 to run (jobs 1), 2 cached from another code version ignored as stale");
    // Reading explicitly across versions: the current rows win; without them the newest stale row is shown, marked.
    const tasksB = planTable("demo", { ...base, codeVersion: "bbbbbbbbbbbbbbbb" });
    expect(loadResultsAnyVersion(tasksB, dir).stale).toBe(0);
    const tasksC = planTable("demo", { ...base, codeVersion: "cccccccccccccccc" });
    const shown = loadResultsAnyVersion(tasksC, dir);
    expect(shown.stale).toBe(2);
    expect(shown.results.map((r) => [r.stale, r.metrics.accuracy])).toEqual([[true, 50], [true, 51]]);
    expect(shown.results.map((r) => r.codeVersion)).toEqual(["bbbbbbbbbbbbbbbb", "bbbbbbbbbbbbbbbb"]);
    // Rows of an older config (an earlier preset) are found by table row, seed, preset and downstream set:
    // a newer --dataset run of the same row is not one of them.
    await runTable("demo", { ...base, dataset: "digits", codeVersion: "dddddddddddddddd", executor: fake([]), resultsDir: dir });
    const changed = structuredClone(getPreset("smoke"));
    changed.base.finetune.steps += 1;
    const older = loadResultsAnyVersion(planTable("demo", { ...base, preset: changed, codeVersion: "cccccccccccccccc" }), dir);
    expect(older.results.map((r) => [r.label, r.stale, r.codeVersion])).toEqual([["Scratch", true, "bbbbbbbbbbbbbbbb"], ["1p-frac", true, "bbbbbbbbbbbbbbbb"]]);
    // A table is never a mix: one current row hides every stale one.
    await runTable("demo", { ...base, codeVersion: "cccccccccccccccc", executor: fake([]), resultsDir: dir, only: "0", quiet: true });
    const mixed = loadResultsAnyVersion(tasksC, dir);
    expect(mixed.results.map((r) => [r.label, r.stale])).toEqual([["Scratch", false]]);
    expect(mixed.stale).toBe(0);
  });
  it("shows one earlier code version, the one with the most rows, never a mix of two", async () => {
    const dir = tmp();
    await runTable("demo", { ...base, codeVersion: "aaaaaaaaaaaaaaaa", executor: fake([]), resultsDir: dir, quiet: true });
    // A newer version that reran only the first row (a rerun stopped early).
    await runTable("demo", { ...base, codeVersion: "bbbbbbbbbbbbbbbb", executor: fake([]), resultsDir: dir, only: "0", quiet: true });
    const shown = loadResultsAnyVersion(planTable("demo", { ...base, codeVersion: "cccccccccccccccc" }), dir);
    expect(shown.results.map((r) => [r.label, r.stale, r.codeVersion])).toEqual([["Scratch", true, "aaaaaaaaaaaaaaaa"], ["1p-frac", true, "aaaaaaaaaaaaaaaa"]]);
    // With as many rows each, the newer version wins.
    await runTable("demo", { ...base, codeVersion: "bbbbbbbbbbbbbbbb", executor: fake([]), resultsDir: dir, quiet: true });
    const newer = loadResultsAnyVersion(planTable("demo", { ...base, codeVersion: "cccccccccccccccc" }), dir);
    expect(newer.results.map((r) => r.codeVersion)).toEqual(["bbbbbbbbbbbbbbbb", "bbbbbbbbbbbbbbbb"]);
  });
  it("keys pre-trained weights by every pre-training field and by no fine-tuning field", () => {
    const [task] = planTable("demo", base).filter((t) => t.config.source);
    const key = pretrainKey(task, "v");
    const variants: Array<[string, (t: RowTask) => void]> = [
      ["source name", (t) => { t.config.source!.name = "rcdb"; }],
      ["source param", (t) => { t.config.source!.params.delta = 0.2; }],
      ["model", (t) => { t.config.model = "cpu"; }],
      ["seed", (t) => { t.seed = 1; }],
      ["backend", (t) => { t.backend = "other"; }],
    ];
    for (const field of Object.keys(task.config.pretrain) as (keyof RowTask["config"]["pretrain"])[]) {
      variants.push([`pretrain.${field}`, (t) => { (t.config.pretrain as unknown as Record<string, unknown>)[field] = field === "augment" ? { ...t.config.pretrain.augment, hflip: 0.123 } : typeof t.config.pretrain[field] === "boolean" ? !t.config.pretrain[field] : typeof t.config.pretrain[field] === "string" ? "sgd" : 12345; }]);
    }
    for (const [what, change] of variants) {
      const t = structuredClone(task);
      change(t);
      expect(pretrainKey(t, "v"), what).not.toBe(key);
    }
    expect(pretrainKey(task, "w")).not.toBe(key);
    const ft = structuredClone(task);
    ft.config.finetune.steps += 7;
    ft.config.finetune.baseLr *= 2;
    ft.config.downstream.trainPerClass += 1;
    ft.config.probe.epochs += 1;
    expect(pretrainKey(ft, "v")).toBe(key);
    expect(Object.keys(getPreset("smoke").base.pretrain).length).toBeGreaterThan(10);
  });
});

describe("corrupt cache files", () => {
  it("moves a truncated or empty result aside with one warning naming it, and recomputes the row", async () => {
    const dir = tmp();
    const first = await runTable("demo", { ...base, executor: fake([]), resultsDir: dir });
    const [a, b] = first.map((r) => resultPath(dir, "demo", r.hash));
    fs.writeFileSync(a, fs.readFileSync(a, "utf8").slice(0, 40));
    fs.writeFileSync(b, "{}");
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => { warnings.push(String(s)); return true; }) as typeof process.stderr.write;
    const calls: string[] = [];
    let again;
    try {
      again = await runTable("demo", { ...base, executor: fake(calls), resultsDir: dir });
    } finally {
      process.stderr.write = write;
    }
    expect(calls).toEqual(first.map((r) => r.hash));
    expect(again.map((r) => r.metrics)).toEqual(first.map((r) => r.metrics));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(new RegExp(`^warning: ${a.replace(/[.\\/]/g, "\\$&")}: corrupt result \\(.*JSON.*\\); moved to .*\\.json\\.corrupt, recomputing\\n$`));
    expect(warnings[1]).toMatch(/: incomplete result \(field "hash" is undefined, expected "[0-9a-f]{16}" \(the file name\)\); moved to .*\.corrupt, recomputing\n$/);
    expect(fs.existsSync(`${a}.corrupt`) && fs.existsSync(`${b}.corrupt`)).toBe(true);
  });
  it("moves truncated pre-trained weights aside and pre-trains again, to the same result", async () => {
    const dir = tmp();
    const backend = (await initBackend({ quiet: true })).name;
    const opts = { preset: "smoke", backend, only: "1", executor: executeRow, resultsDir: dir, quiet: true };
    const [first] = await runTable("demo", opts);
    expect(first.timings.pretrain).toBeGreaterThan(0);
    const [key] = fs.readdirSync(path.join(dir, ".pretrained"));
    const bin = path.join(dir, ".pretrained", key, "model.bin");
    fs.truncateSync(bin, 100);
    fs.rmSync(resultPath(dir, "demo", first.hash));
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((line: string) => { warnings.push(String(line)); return true; }) as typeof process.stderr.write;
    let again;
    try {
      [again] = await runTable("demo", opts);
    } finally {
      process.stderr.write = write;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: .*\.pretrained\/[0-9a-f]{16}: unreadable pre-trained weights \(.*model\.bin: too short for tensor .*\); moved to .*\.corrupt, recomputing\n$/);
    expect(again.timings.pretrain).toBeGreaterThan(0);
    expect(again.metrics).toEqual(first.metrics);
    // A row that differs only in fine-tuning shares the pre-training: it reuses the weights.
    const longer = structuredClone(getPreset("smoke"));
    longer.base.finetune.steps = 20;
    const [shared] = await runTable("demo", { ...opts, preset: longer });
    expect(shared.hash).not.toBe(again.hash);
    expect(shared.timings.pretrain).toBeUndefined();
    // The learning curve comes with the row, also when the weights are reused; smoke pre-trains
    // for fewer steps than CURVE_EVERY_STEPS, so its curve is the one final point.
    expect(again.pretrainCurve!.map((p) => p.step)).toEqual([getPreset("smoke").base.pretrain.steps]);
    // Top-1 over the 8 class images of the smoke set: a whole number of eighths.
    const hits = again.pretrainCurve![0].cleanAccuracy * 8;
    expect(Number.isInteger(hits) && hits <= 8).toBe(true);
    expect(shared.pretrainCurve).toEqual(again.pretrainCurve);
  }, 60_000);
});

