/**
 * PNG writing throughput of the dataset disk format (encode + write file),
 * timed apart from rendering: `npx tsx bench/png.ts`.
 * Prints images/s for 1000 grey images at 64 px and 100 at 512 px
 * (uniform noise content, the worst case for PNG compression, and a sparse
 * contour image, the typical synthetic case).
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { saveDataset } from "../src/datasets/disk";
import { buildSource } from "../src/sources/index";

async function bench(source: string, size: number, count: number): Promise<void> {
  const overrides = source === "rcdb" ? { size, L: count, maxLines: 20 } : { size, L: count };
  const ds = await buildSource(source, overrides, 0);
  const dir = mkdtempSync(join(tmpdir(), "png-bench-"));
  const { pngSeconds } = saveDataset(ds, dir);
  rmSync(dir, { recursive: true });
  console.log(`${source.padEnd(12)} ${String(size).padStart(4)} px x ${String(count).padStart(4)}: ${(count / pngSeconds).toFixed(1)} images/s (${pngSeconds.toFixed(2)} s)`);
}

async function main(): Promise<void> {
  for (const [size, count] of [[64, 1000], [512, 100]]) {
    await bench("rcdb", size, count);
    await bench("uniform", size, count);
  }
}

main();
