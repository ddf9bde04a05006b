/**
 * END-TO-END (real pipeline, not a fake): the smoke version of Table 5 —
 * scratch plus six 1p-frac sets: build, pre-train, fine-tune on a Fashion-MNIST subset,
 * cache, summarise, write CSV/HTML. About 15 s on 2 cores.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { executeRow } from "../src/run/executor";
import { getPreset } from "../src/experiments/presets";
import { runTable } from "../src/run/runner";
import { getTable } from "../src/experiments/tables";
import { parseCsv } from "../src/report/csv";
import { writeTableReport } from "../src/report/tableReport";
import { initBackend } from "../src/backend";

describe("end to end: Table 5 at the smoke preset", () => {
  it("runs every row through the real pipeline, then serves them from cache", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-e2e-"));
    const backend = (await initBackend({ quiet: true })).name;
    const opts = { preset: "smoke", backend, executor: executeRow, resultsDir: dir, quiet: true };
    const results = await runTable("table5", opts);
    expect(results).toHaveLength(7);
    expect(results[0].config.source).toBeNull();
    expect(results[0].timings.pretrain).toBeUndefined();
    // 10 classes, 20 test images each: chance is 10 % with a binomial sd of 2.1 points
    // per row. Seeds 0-2 of the smoke demo gave 14-23 %; the mean of the 7 rows must
    // clear chance by 3 sd of one row.
    const accuracies = results.map((r) => r.metrics.accuracy);
    const mean = accuracies.reduce((s, a) => s + a, 0) / accuracies.length;
    expect(mean).toBeGreaterThan(10 + 3 * 100 * Math.sqrt((0.1 * 0.9) / 200));
    for (const r of results) {
      expect(r.metrics.accuracy).toBeGreaterThan(10);
      expect(r.metrics.accuracy).toBeLessThanOrEqual(100);
      if (r.config.source) expect(r.timings.pretrain).toBeGreaterThan(0);
      expect(r.backend).toBe(backend);
      expect(fs.existsSync(path.join(dir, ".work", r.hash))).toBe(false);
    }
    const again = await runTable("table5", { ...opts, executor: async () => { throw new Error("should be cached"); } });
    expect(again.map((r) => r.metrics.accuracy)).toEqual(results.map((r) => r.metrics.accuracy));
    const report = await writeTableReport(getTable("table5"), getPreset("smoke"), results, dir, false);
    expect(parseCsv(fs.readFileSync(report.csv, "utf8").trim())).toHaveLength(8);
  }, 120000);
});
