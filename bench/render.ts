/**
 * Dataset construction benchmark (images in memory, no PNG writing).
 *   npx tsx bench/render.ts           full run
 *   npx tsx bench/render.ts --quick   the same at a tenth of the work, for a smoke check
 * (a) 1p-frac L=1000 rendered at 512 px, delivered at 512 px and at 28 px (area-downsampled), 1 and 2 workers;
 * (b) the cpu preset's 1p-frac set at the default (512 px, 100k points, per-image masks) against the
 *     former direct 28 px render (20k points, shared masks);
 * (c) every other source of the cpu preset (drawn at its renderSize, then downsampled);
 * (d) OFDB C=1000; (e) FractalDB projection; (f) peak memory of L=21,000 at 512 -> 224 px (/usr/bin/time -v).
 * Paper reference (Table 10, many-core node): 1p-frac search 8 s + render 129 s; FractalDB 19 h.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PRESETS } from "../src/experiments/presets";
import { measureOfdb, measureOnePFrac, projectFractalDb, type RenderMeasurement } from "./fractalWork";
import { buildSource } from "../src/sources";
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

/** Wall and CPU seconds of one source build. */
async function timeBuild(name: string, params: Record<string, unknown>): Promise<string> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const d = await buildSource(name, params, 0);
  const cpu = process.cpuUsage(cpu0);
  return `${d.count} images in ${((performance.now() - t0) / 1000).toFixed(2)} s (${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU s)`;
}

function peakMemory(L: number, size: number): void {
  if (!fs.existsSync("/usr/bin/time")) {
    console.log("    /usr/bin/time not installed (Debian package `time`): peak memory not measured");
    return;
  }
  const script = path.join(__dirname, "render-memory.ts");
  const r = spawnSync("/usr/bin/time", ["-v", process.execPath, require.resolve("tsx/cli"), script, String(L), String(size)], { encoding: "utf8" });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  console.log(`    ${r.stdout.trim()}`);
  console.log(`    peak memory (max RSS): ${rss ? (Number(rss[1]) / 2 ** 20).toFixed(2) + " GiB" : "not found in /usr/bin/time output"}`);
}

async function main(): Promise<void> {
  const L = Math.round(1000 * scale);
  console.log("(a) 1p-frac, rendered at 512 px with 100k points, patch, per-image masks, fill redraws at 512 px included");
  for (const workers of [1, 2]) show(await measureOnePFrac({ L, size: 512 }, workers));
  show(await measureOnePFrac({ L, size: 28 }, 2));

  console.log("(b) the cpu preset's 1p-frac set (L=256, 28 px)");
  const cpu = PRESETS.cpu.sourceParams as Record<string, Record<string, unknown>>;
  console.log(`    default (512 px, 100k points, per-image masks): ${await timeBuild("1p-frac", cpu["1p-frac"])}`);
  console.log(`    former direct 28 px render (20k points, shared masks): ${await timeBuild("1p-frac", { ...cpu["1p-frac"], renderSize: 28, pointsPerImage: 20_000, masks: "shared" })}`);

  console.log("(c) the other sources of the cpu preset, at their renderSize");
  for (const [name, params] of Object.entries(cpu)) {
    if (name === "1p-frac") continue;
    const variants: Array<[string, Record<string, unknown>]> = name === "real-image" ? ["affine", "elastic", "polynomial"].map((warp) => [`${name} ${warp}`, { ...params, warp }]) : [[name, params]];
    for (const [label, p] of variants) console.log(`    ${label}: ${await timeBuild(name, p)}`);
  }

  // Reduced search: at FractalDB's 512 px / 100k points only ~2% of random
  // systems reach fill 0.2 (vs ~19% at 128 px / 20k points), so C=1000 would
  // need ~50k candidate renders.
  console.log("(d) OFDB-style, reduced search size, rendered at 512 px with 100k points, delivered at 64 px");
  const ofdb = await measureOfdb({ categories: Math.round(1000 * scale), searchSize: 128, searchPointsPerImage: 20_000, size: 64 }, 2);
  show(ofdb);
  console.log(`    ${ofdb.candidates} search candidates`);

  console.log("(e) FractalDB-style at 362 px, 200k points (FractalDB settings), projected to 1000 x 1000 = 1M images");
  const proj = await projectFractalDb({ categories: quick ? 2 : 10, instances: quick ? 4 : 20, size: 362 }, 2);
  show(proj.sample);
  console.log(`    PROJECTION (linear extrapolation of the sample): ${formatSeconds(proj.projectedSeconds)} for ${proj.targetCategories * proj.targetInstances} images`);

  console.log(`(f) peak memory, 1p-frac L=${Math.round(21000 * scale)} rendered at 512 px, delivered at 224 px`);
  peakMemory(Math.round(21000 * scale), 224);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
