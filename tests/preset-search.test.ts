/**
 * The preset search's runs as the notebook and README show them: 1p-frac runs
 * (old ones carry no `source` field) and photo runs (claim 7's sources) in one
 * table, each labelled by what it pre-trained on.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { learnabilityRecords, loadSearchRuns, searchProse, searchRecords, searchSource } from "../src/notebook/presetSearch";
import type { SearchRun } from "../src/notebook/presetSearch";

function run(name: string, extra: Partial<SearchRun>): SearchRun {
  return {
    name, commit: "0123456789abcdef", recipe: "light", seed: 0, steps: 6000,
    sourceParams: { L: 256, delta: 0.1, size: 28, sigma: 3.5 },
    curve: [{ step: 0, loss: Math.log(256), cleanAccuracy: 1 / 256 }, { step: 6000, loss: 4.5, cleanAccuracy: 0.4 }],
    lnL: Math.log(256), frac: 62.5, scratch: 60, pretrainSeconds: 300, ...extra,
  };
}

function writeRuns(runs: object[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-search-"));
  runs.forEach((r, i) => fs.writeFileSync(path.join(dir, `r${i}.json`), JSON.stringify(r)));
  fs.writeFileSync(path.join(dir, "scratch-abc.json"), JSON.stringify({ accuracy: 60 }));
  return dir;
}

describe("preset-search runs", () => {
  const photo = run("photo-canny-camera-24k-s0", {
    source: "real-image", steps: 24000,
    sourceParams: { L: 256, delta: 0.1, size: 28, image: "data/real-images/camera.png", output: "canny" },
    curve: [{ step: 0, loss: Math.log(256), cleanAccuracy: 1 / 256 }, { step: 24000, loss: 5.54, cleanAccuracy: 0.01 }],
    frac: 55.25,
  });
  const old = run("light-d0.1-6k-s0", {});
  delete old.source;
  const longer = run("light-d0.1-12k-s0", { source: "1p-frac", steps: 12000 });

  it("labels each run by its source, 1p-frac when the run predates the field", () => {
    expect([old, longer, photo].map(searchSource)).toEqual(["1p-frac", "1p-frac", "canny camera.png"]);
  });

  it("loads every finished run, 1p-frac first, then by steps; scratch files are not runs", () => {
    const runs = loadSearchRuns(writeRuns([photo, longer, old]));
    expect(runs.map((r) => r.name)).toEqual(["light-d0.1-6k-s0", "light-d0.1-12k-s0", "photo-canny-camera-24k-s0"]);
    const rows = searchRecords(runs);
    expect(rows.map((r) => [r.source, r.steps, r["pre-trained"], r.gain, r["final loss"], r["clean top-1"]])).toEqual([
      ["1p-frac", 6000, 62.5, 2.5, 4.5, 40],
      ["1p-frac", 12000, 62.5, 2.5, 4.5, 40],
      ["canny camera.png", 24000, 55.3, -4.8, 5.54, 1],
    ]);
    expect(searchProse(runs)).toContain("**photo-canny-camera-24k-s0** (canny camera.png, light recipe, Δ = 0.1, 24000 steps, seed 0");
    expect(searchProse(runs)).toMatch(/photo-canny-camera-24k-s0.*the loss stayed at ln L = 5\.55 \(5\.54\); fine-tuned top-1 55\.3 against scratch 60\.0 \(-4\.8 points\)/);
  });

  it("names the file and the missing fields of a run that did not finish", () => {
    const { frac: _frac, curve: _curve, ...unfinished } = photo;
    const dir = writeRuns([unfinished]);
    expect(() => loadSearchRuns(dir)).toThrow(`${path.join(dir, "r0.json")}: not a finished preset-search run (missing curve, frac)`);
  });
});

describe("learnability over seeds", () => {
  const pt = (normalize: string | undefined, warm: { warmupSteps?: number; warmupEpochs?: number }) => ({ baseLr: 1e-3, batchSize: 64, lrReferenceBatch: 512, ...warm, augment: normalize ? { normalize } : {} });
  const at = (seed: number, loss: number, frac: number, p: SearchRun["pretrain"]) => run(`r${seed}`, {
    seed, frac, scratch: 60, pretrain: p, curve: [{ step: 6000, loss, cleanAccuracy: 0.1 * (seed + 1) }],
  });

  it("groups the runs that differ only in seed: worst loss, clean top-1 and gain as mean ± sd", () => {
    const rows = learnabilityRecords([
      // Old runs recorded warmup in epochs of L / batch = 4 steps: 30 epochs are the 120 steps of the new ones.
      at(0, 4.7, 64, pt(undefined, { warmupEpochs: 30 })), at(1, 5.4, 56, pt(undefined, { warmupEpochs: 30 })), at(2, 5.0, 60, pt("fixed", { warmupSteps: 120 })),
      at(0, 4.5, 62, pt("set", { warmupSteps: 120 })), at(1, 5.2, 64, pt("set", { warmupSteps: 120 })),
      at(0, 4.6, 61, pt("set", { warmupSteps: 600 })),
    ]);
    expect(rows).toEqual([
      { source: "1p-frac", delta: 0.1, steps: 6000, "input norm": "fixed", "warmup steps": 120, seeds: "0,1,2", "worst final loss": 5.4, "ln L": 5.545, "clean top-1": "20.0 ± 10.0", "gain over scratch": "0.0 ± 4.0" },
      { source: "1p-frac", delta: 0.1, steps: 6000, "input norm": "set", "warmup steps": 120, seeds: "0,1", "worst final loss": 5.2, "ln L": 5.545, "clean top-1": "15.0 ± 7.1", "gain over scratch": "3.0 ± 1.4" },
    ]);
  });
});
