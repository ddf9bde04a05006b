/**
 * Fractal construction benchmark (images in memory, no PNG writing).
 *   npx tsx bench/render.ts           full run (a: 1p-frac L=1000 @512 px, 1 and 2 workers; b: OFDB C=1000; c: FractalDB projection)
 *   npx tsx bench/render.ts --quick   the same at a tenth of the work, for a smoke check
 * Paper reference (Table 10, many-core node): 1p-frac search 8 s + render 129 s; FractalDB 19 h.
 */
import { measureOfdb, measureOnePFrac, projectFractalDb, type RenderMeasurement } from "../src/fractals/bench";
import { formatSeconds } from "../src/util/progress";

const quick = process.argv.includes("--quick");
const scale = quick ? 0.1 : 1;

function show(m: RenderMeasurement): void {
  console.log(
    `${m.label}, workers=${m.workers}: ${m.images} images (${m.renders} renders) in ${m.totalSeconds.toFixed(2)} s ` +
      `(search ${m.searchSeconds.toFixed(2)} s, render ${m.renderSeconds.toFixed(2)} s; ${m.cpuSeconds.toFixed(2)} CPU s), ` +
      `${(m.pointsPerSecond / 1e6).toFixed(1)} M points/s, ${m.imagesPerSecond.toFixed(1)} images/s`,
  );
}

async function main(): Promise<void> {
  console.log("(a) 1p-frac, 512 px, 100k points, patch, fill redraws included");
  for (const workers of [1, 2]) show(await measureOnePFrac({ L: Math.round(1000 * scale), size: 512 }, workers));

  // Reduced search: at FractalDB's 512 px / 100k points only ~2% of random
  // systems reach fill 0.2 (vs ~19% at 128 px / 20k points), so C=1000 would
  // need ~50k candidate renders.
  console.log("(b) OFDB-style, reduced search size");
  const ofdb = await measureOfdb({ categories: Math.round(1000 * scale), searchSize: 128, searchPointsPerImage: 20_000, size: 64 }, 2);
  show(ofdb);
  console.log(`    ${ofdb.candidates} search candidates`);

  console.log("(c) FractalDB-style at 362 px, 200k points (FractalDB settings), projected to 1000 x 1000 = 1M images");
  const proj = await projectFractalDb({ categories: quick ? 2 : 10, instances: quick ? 5 : 20, size: 362, pointsPerImage: 200_000 }, 2);
  show(proj.sample);
  console.log(`    PROJECTION (linear extrapolation of the sample): ${formatSeconds(proj.projectedSeconds)} for ${proj.targetCategories * proj.targetInstances} images`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
