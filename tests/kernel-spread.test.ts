import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { writeJsonAtomic, resultPath } from "../src/run/cache";
import { planTable } from "../src/run/runner";
import type { RowResult, RowTask } from "../src/run/row";
import { kernelSpreadMarkdown } from "../src/report/kernelSpread";

const blas = (family: string) => ({ blas: { config: `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY ${family} MAX_THREADS=64` } });

function save(dir: string, task: RowTask, accuracy: number, family: string, over: Partial<RowResult> = {}): void {
  const r = { ...task, metrics: { accuracy }, timings: {}, backendInfo: blas(family), version: "0", commit: null, startedAt: "2026-12-04T00:00:00Z", finishedAt: "2026-12-04T00:05:00Z", seconds: 1, ...over };
  writeJsonAtomic(resultPath(dir, task.table, r.hash), r);
}

describe("the same row computed on two machines (kernelSpreadMarkdown)", () => {
  it("pairs runs of one config, seed and code version across tables and kinds, once per run, with each run's kernels", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-spread-"));
    const opts = { preset: "cpu", backend: "fake", codeVersion: "c0de" };
    const scaling = planTable("scaling", opts).find((t) => t.label === "L×1" && t.seed === 1)!;
    const table2 = planTable("table2", opts).find((t) => t.label === "1p-frac" && t.seed === 1)!;
    const table5 = planTable("table5", opts).find((t) => t.label === "Δ=0.1" && t.seed === 1)!;
    expect(table5.hash).toBe(table2.hash);
    expect(scaling.hash).toBe(table2.hash); // one run now; code versions before computedAs keyed it apart:
    save(dir, table2, 46.32, "Cooperlake");
    save(dir, table5, 46.32, "Cooperlake"); // the same run, stored by a second table
    save(dir, { ...scaling, hash: "00000000000000bb" }, 33.44, "SkylakeX");
    // Another seed computed once, and a result from before code versions were recorded: neither is listed.
    save(dir, planTable("table2", opts).find((t) => t.label === "1p-frac" && t.seed === 0)!, 64, "Cooperlake");
    const old = planTable("scaling", opts).find((t) => t.label === "L×1" && t.seed === 0)!;
    save(dir, { ...old, hash: "00000000000000aa" }, 67, "Cooperlake", { codeVersion: undefined as unknown as string });
    const text = kernelSpreadMarkdown(dir);
    const rows = text.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| row"));
    expect(text.split("\n")[0]).toBe("1 row(s) computed more than once under one config, seed, backend and code version.");
    expect(rows).toHaveLength(2);
    // Same start time: by name.
    expect(rows[1]).toMatch(/^\| table2\/1p-frac \(and 1 more tables' rows\) \| 1 \| c0de \| Cooperlake \| 2026-12-04 \| accuracy 46\.32 \|/);
    expect(rows[0]).toMatch(/^\| scaling\/L×1 \| 1 \| c0de \| SkylakeX \| 2026-12-04 \| accuracy 33\.44 \|/);
  });
});
