import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runDatasetCli } from "../src/cli/dataset";
import { loadDataset } from "../src/datasets/disk";
import { decodePng } from "../src/image/codec";
import { readFileSync } from "fs";

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDatasetCli(args, { out: (s) => out.push(s), err: (s) => err.push(s), quiet: true });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("dataset CLI", () => {
  it("builds a set, writes it and a contact sheet, prints the summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-test-"));
    const r = await run(["--source", "visualatoms", "--L", "4", "--size", "16", "--maxLines", "5", "--renderSize", "32", "--param", "delta=0.2", "--seed", "3", "--out", dir, "--sheet", "--sheet-k", "3"]);
    expect(r.err).toBe("building --source visualatoms at 16 px (4 images, 0.0 MB in memory)");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/visualatoms: 4 images, 4 classes, 16x16x1, seed 3/);
    expect(r.out).toMatch(/fill rate \(non-zero pixels\): mean 0\.\d+/);
    const ds = loadDataset(dir);
    expect(ds.record.params).toMatchObject({ L: 4, size: 16, delta: 0.2, maxLines: 5 });
    expect(ds.record.seed).toBe(3);
    const sheet = decodePng(readFileSync(join(dir, "sheet.png")));
    // Rows: render at renderSize (32), training size (16, shown at 32), difference; columns: base + 3 classes.
    expect([sheet.width, sheet.height]).toEqual([4 * 32 + 5 * 4, 3 * 32 + 4 * 4]);
    rmSync(dir, { recursive: true });
  });
  it("lists sources with defaults", async () => {
    const r = await run(["--list"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^rcdb: .*\n  defaults: \{"size":32,"renderSize":512,"L":1000,"delta":0\.1,"maxLines":200\}/m);
  });
  it("rejects a negative delta, an unknown flag, a bad number and an unknown source with exit code 2", async () => {
    const dir = join(tmpdir(), "cli-never-written");
    const neg = await run(["--source", "rcdb", "--delta", "-0.1", "--out", dir]);
    expect([neg.code, neg.err]).toEqual([2, "dataset: invalid parameter: rcdb.delta: must be >= 0, got -0.1"]);
    const unknown = await run(["--source", "rcdb", "--colour", "red", "--out", dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^dataset: --colour: unknown flag; CLI flags: --source.*parameters of rcdb: size, renderSize, L, delta, maxLines$/);
    const nan = await run(["--source", "rcdb", "--L", "ten", "--out", dir]);
    expect([nan.code, nan.err]).toEqual([2, 'dataset: --L: expected a number, got "ten"']);
    const src = await run(["--source", "fractals", "--out", dir]);
    expect(src.code).toBe(2);
    expect(src.err).toMatch(/--source: unknown source "fractals" \(known: 1p-frac, .*real-image, supervised\)/);
    expect((await run(["--source", "rcdb"])).err).toMatch(/--out: missing/);
    expect((await run(["--source"])).err).toMatch(/--source: missing value/);
    expect(existsSync(dir)).toBe(false);
  });
  it("a build failure (missing photo) exits 1 naming the file", async () => {
    const r = await run(["--source", "real-image", "--image", "nowhere.png", "--L", "2", "--out", join(tmpdir(), "cli-x")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nowhere\.png: cannot read image file/);
  });
});
