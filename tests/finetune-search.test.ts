import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { finetuneSearch } from "../src/analysis/finetuneSearch";
import { tableCosts } from "../src/analysis/timing";
import { runTable } from "../src/run/runner";
import type { RowExecutor } from "../src/run/row";

// Row i of the grid (scratch rows 0–8, then 1p-frac 9–17) scores 50 + i + 2·seed, so each side's best is its last row.
const grid: RowExecutor = async (task) => ({ metrics: { accuracy: 50 + task.index + 2 * task.seed }, timings: { total: 3 } });

describe("the fine-tuning search, read as grids", () => {
  it("finds each side's best over the seeds that have every setting, and the paired best-against-best gap", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-search-"));
    expect(finetuneSearch(dir, "fake")).toBeNull();
    const run = { preset: "cpu", backend: "fake", executor: grid, resultsDir: dir, quiet: true };
    await runTable("finetune-search", { ...run, seeds: 2 });
    await runTable("finetune-search", { ...run, seeds: 3, only: "0" }); // seed 2 has one setting only: left out
    const search = finetuneSearch(dir, "fake")!;
    expect(search.completeSeeds).toEqual([0, 1]);
    expect([search.runs, search.cells.length, search.stale]).toEqual([36, 18, 0]);
    expect(search.best.map((b) => [b.init, b.cell?.lr, b.cell?.epochs, b.cell?.stat?.mean])).toEqual([["Scratch", "3", "2", 59], ["1p-frac", "3", "2", 68]]);
    // 68 − 59 on both seeds: a paired difference of 9 with no spread.
    expect(search.gap).toMatchObject({ mean: 9, sd: 0, pairs: 2 });
    const cost = tableCosts(dir, "fake").find((c) => c.table === "finetune-search")!;
    expect([cost.runs, cost.planned, cost.computeSeconds, cost.pretrainings, cost.medianImagesPerSecond]).toEqual([37, 18 * 3, 37 * 3, 0, null]);
  });
});
