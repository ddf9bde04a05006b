/**
 * Pre-training normalised by the set's own statistics (issue 25): computed
 * from the set, recorded in the training result and in the row's result,
 * part of the row's hash; a constant set is a clear error, never NaN.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { NO_AUGMENT, validateAugmentConfig } from "../src/augment";
import type { AugmentConfig } from "../src/augment";
import { pixelStatistics, resolveNormalization } from "../src/augment/setStats";
import { parseAssignment } from "../src/config/assign";
import { MODEL_PRESETS } from "../src/models/config";
import { executeRow } from "../src/run/executor";
import { planTable, runTable } from "../src/run/runner";
import { pretrain } from "../src/train";
import type { LoopConfig } from "../src/train";
import type { ImageSet } from "../src/types";

function set(pixels: number[], channels = 1): ImageSet {
  const count = pixels.length / (4 * channels);
  return { images: Uint8Array.from(pixels), labels: Int32Array.from({ length: count }, (_, i) => i), count, height: 2, width: 2, channels, numClasses: count };
}

const loop = (augment: AugmentConfig): LoopConfig => ({
  steps: 4, batchSize: 2, optimizer: "adamw", baseLr: 1e-3, lrReferenceBatch: 2, weightDecay: 0.05, momentum: 0.9,
  nesterov: false, warmupSteps: 0, minLr: 0, gradClip: 0, augment, evalBatchSize: 4,
});

describe("the set's own statistics", () => {
  it("are the per-channel mean and std of value / 255", () => {
    const s = pixelStatistics(set([0, 255, 0, 255, 0, 255, 0, 255]));
    expect(s.mean[0]).toBeCloseTo(0.5, 12);
    expect(s.std[0]).toBeCloseTo(0.5, 12);
    // Two channels: the first alternates 0 / 102 (mean 0.2, std 0.2), the second 51 / 153 (mean 0.4, std 0.2).
    const two = pixelStatistics(set([0, 51, 102, 153, 0, 51, 102, 153], 2));
    expect(two.mean.map((v) => +v.toFixed(9))).toEqual([0.2, 0.4]);
    expect(two.std.map((v) => +v.toFixed(9))).toEqual([0.2, 0.2]);
  });

  it("a constant set (std 0) is one clear error, not NaN", () => {
    expect(() => pixelStatistics(set([7, 7, 7, 7, 7, 7, 7, 7]))).toThrow(/^normalize "set": the training set is constant in channel 0 \(every pixel 7, std 0\), so it cannot be normalised by its own statistics; use normalize "fixed"$/);
  });

  it("\"fixed\" keeps the configured statistics; a bad normalize is named", () => {
    expect(resolveNormalization({ ...NO_AUGMENT, mean: [0.3], std: [0.2] }, set([0, 255, 0, 255, 0, 255, 0, 255]))).toEqual({ mean: [0.3], std: [0.2] });
    expect(() => validateAugmentConfig({ ...NO_AUGMENT, normalize: "mine" as never })).toThrow(/^augment: normalize must be "fixed" or "set", got "mine"$/);
  });

  it("a pre-training records the statistics it used, and trains on a faint set with finite loss", async () => {
    const faint = set(Array.from({ length: 16 * 4 }, (_, i) => (i * 37) % 20));
    const model = { ...MODEL_PRESETS.smoke, imageSize: 2, patchSize: 1 };
    const r = await pretrain(faint, model, loop({ ...NO_AUGMENT, normalize: "set" }), { seed: 0, quiet: true, curveEverySteps: 4 });
    r.model.dispose();
    expect(r.normalization).toEqual(pixelStatistics(faint));
    expect(r.normalization.mean[0]).toBeLessThan(0.1);
    expect(r.curve.every((p) => Number.isFinite(p.loss))).toBe(true);
    const flat = set(Array.from({ length: 16 * 4 }, () => 9));
    await expect(pretrain(flat, model, loop({ ...NO_AUGMENT, normalize: "set" }), { seed: 0, quiet: true })).rejects.toThrow(/constant in channel 0/);
  });

  it("normalize \"set\" changes the row's hash and its result records the values", async () => {
    const plain = planTable("demo", { preset: "smoke", backend: "fake", codeVersion: "v" });
    const own = planTable("demo", { preset: "smoke", backend: "fake", codeVersion: "v", sets: [parseAssignment("pretrain.augment.normalize=set")] });
    expect(own.map((t) => t.hash)).not.toEqual(plain.map((t) => t.hash));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-setstats-"));
    const rows = await runTable("demo", { preset: "smoke", backend: "wasm", executor: executeRow, resultsDir: dir, quiet: true, sets: [parseAssignment("pretrain.augment.normalize=set")], only: "1" });
    const row = rows[0];
    expect(row.config.pretrain.augment.normalize).toBe("set");
    expect(row.pretrainNormalization!.mean[0]).toBeGreaterThan(0);
    expect(row.pretrainNormalization!.mean[0]).toBeLessThan(0.5);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, "demo", `${row.hash}.json`), "utf8"));
    expect(onDisk.pretrainNormalization).toEqual(row.pretrainNormalization);
  }, 120_000);
});
