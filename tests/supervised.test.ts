import { describe, expect, it } from "vitest";
import { buildSource } from "../src/sources";
import { getPreset } from "../src/experiments/presets";
import { planTable } from "../src/run/runner";

describe("supervised source (our stand-in for ImageNet-1k pre-training)", () => {
  it("is the labelled training split of a local set, balanced, with a record", async () => {
    const set = await buildSource("supervised", { dataset: "digits", perClass: 100 }, 0);
    expect([set.count, set.numClasses, set.height, set.width, set.channels]).toEqual([1000, 10, 8, 8, 1]);
    const perClass = new Array(10).fill(0);
    set.labels.forEach((l) => perClass[l]++);
    expect(perClass).toEqual(new Array(10).fill(100));
    expect(set.record).toMatchObject({ source: "supervised", params: { dataset: "digits", perClass: 100 }, seed: 0, count: 1000 });
    const again = await buildSource("supervised", { dataset: "digits", perClass: 100 }, 0);
    expect(again.images).toEqual(set.images);
  });

  it("rejects an unknown dataset or a bad count, naming the field", async () => {
    await expect(buildSource("supervised", { dataset: "imagenet" }, 0)).rejects.toThrow(/supervised\.dataset: expected one of .*got "imagenet"/);
    await expect(buildSource("supervised", { perClass: -1 }, 0)).rejects.toThrow(/supervised\.perClass: expected an integer >= 0, got -1/);
  });

  it("Figure 3's supervised row trains for as many steps as the preset's 1p-frac pre-training", () => {
    const p = getPreset("cpu");
    const row = planTable("figure3", { preset: p, seeds: 1, backend: "fake" }).find((t) => t.label === "Supervised")!;
    expect(row.config.source).toEqual({ name: "supervised", params: { dataset: "digits", perClass: 100 } });
    expect(row.config.pretrain.steps).toBe(p.base.pretrain.steps);
  });
});
