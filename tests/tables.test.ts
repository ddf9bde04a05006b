import { describe, expect, it } from "vitest";
import { getPreset } from "../src/experiments/presets";
import { getTable, resolveRow } from "../src/experiments/tables";

describe("tables added for the claims (second downstream set, fair fine-tuning search)", () => {
  const p = getPreset("cpu");

  it("table2-digits and table5-digits are Tables 2 and 5 with every row fine-tuned on digits (50 test images per class)", () => {
    for (const id of ["table2", "table5"]) {
      const base = getTable(id);
      const digits = getTable(`${id}-digits`);
      expect(digits.rows.map((r) => r.label)).toEqual(base.rows.map((r) => r.label));
      digits.rows.forEach((row, i) => {
        const a = resolveRow(base.rows[i], p);
        const b = resolveRow(row, p);
        expect(b.downstream).toEqual({ ...a.downstream, name: "digits", testPerClass: 50 });
        expect({ ...b, downstream: a.downstream }).toEqual(a);
      });
    }
  });

  it("finetune-search gives scratch and 1p-frac the same 3 × 3 grid of learning rates and epochs", () => {
    const rows = getTable("finetune-search").rows.map((r) => ({ label: r.label, c: resolveRow(r, p) }));
    expect(rows).toHaveLength(18);
    const grid = (name: string) => rows.filter((r) => r.label.startsWith(name)).map((r) => [r.c.finetune.baseLr, r.c.finetune.steps]);
    expect(grid("Scratch")).toEqual(grid("1p-frac"));
    expect(new Set(grid("Scratch").map((g) => g.join())).size).toBe(9);
    expect(grid("Scratch")).toContainEqual([p.base.finetune.baseLr, p.base.finetune.steps]);
    expect(rows.filter((r) => r.label.startsWith("Scratch")).every((r) => r.c.source === null)).toBe(true);
    expect(rows.filter((r) => r.label.startsWith("1p-frac")).every((r) => r.c.source?.name === "1p-frac")).toBe(true);
  });
});
