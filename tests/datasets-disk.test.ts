import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { loadDataset, saveDataset } from "../src/datasets/disk";
import { buildSource } from "../src/sources/index";

const tmp = () => mkdtempSync(join(tmpdir(), "disk-test-"));

describe("dataset disk format", () => {
  it("round-trips grey and RGB sets byte for byte, record included", async () => {
    for (const [name, overrides] of [["visualatoms", { size: 16, L: 3 }], ["gaussian", { size: 8, L: 2, channels: 3 }]] as const) {
      const ds = await buildSource(name, overrides, 4);
      const dir = tmp();
      let last = 0;
      const res = saveDataset(ds, dir, { onProgress: (d) => (last = d) });
      expect(last).toBe(ds.count);
      expect(res.pngSeconds).toBeGreaterThan(0);
      expect(res.pngSeconds).toBeLessThan(600);
      const back = loadDataset(dir);
      expect(back).toEqual(ds);
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
      expect(manifest.files[1]).toEqual({ file: "images/000001.png", label: 1 });
      rmSync(dir, { recursive: true });
    }
  });
  it("names the file on a truncated PNG, a broken or missing manifest, and a wrong-size image", async () => {
    const ds = await buildSource("uniform", { size: 8, L: 2 }, 0);
    const dir = tmp();
    saveDataset(ds, dir);
    truncateSync(join(dir, "images/000001.png"), 30);
    expect(() => loadDataset(dir)).toThrow(/images\/000001\.png: not a readable PNG/);
    writeFileSync(join(dir, "manifest.json"), "{ broken");
    expect(() => loadDataset(dir)).toThrow(/manifest\.json: manifest is not valid JSON/);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ format: "other" }));
    expect(() => loadDataset(dir)).toThrow(/manifest\.json: expected format "scaling-backwards\/synthetic-dataset@1"/);
    saveDataset(ds, dir);
    const other = await buildSource("uniform", { size: 4, L: 1 }, 0);
    saveDataset(other, join(dir, "small"));
    writeFileSync(join(dir, "images/000000.png"), readFileSync(join(dir, "small/images/000000.png")));
    expect(() => loadDataset(dir)).toThrow(/000000\.png: expected a 8x8 PNG with 1 channel\(s\), got 4x4/);
    rmSync(dir, { recursive: true });
    expect(() => loadDataset(dir)).toThrow(/manifest\.json: cannot read dataset manifest \(ENOENT\)/);
  });
});
