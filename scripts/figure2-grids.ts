/**
 * Figure 2's static grids, one per σ, into results/figure2/ (the figure2
 * notebook shows them): npx tsx scripts/figure2-grids.ts [--preset cpu] [--seed 0]
 */
import * as path from "path";
import { getPreset } from "../src/experiments/presets";
import { writeGalleryGrids } from "../src/report/galleryGrid";
import { projectRoot } from "../src/util/root";

const arg = (k: string, d: string) => process.argv[process.argv.indexOf(`--${k}`) + 1] && process.argv.includes(`--${k}`) ? process.argv[process.argv.indexOf(`--${k}`) + 1] : d;

void writeGalleryGrids(path.join(projectRoot(), "results", "figure2"), getPreset(arg("preset", "cpu")), Number(arg("seed", "0"))).then((files) => {
  if (files.length === 0) console.error("no chromium: the grids are not drawn");
  for (const f of files) console.log(`wrote ${path.relative(projectRoot(), f)}`);
});
