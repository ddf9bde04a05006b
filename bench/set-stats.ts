/**
 * How faint the pre-training input is (issue 25): per seed, the 1p-frac set's
 * pixel mean, std and brightest pixel at the cpu preset's 28 px and at the
 * paper's 224 px (both from 512-px renders), i.e. what normalize "set" would
 * use and how far 0.5/0.5 is from it.
 *
 *   npx tsx bench/set-stats.ts [--L 16] [--seeds 5]
 */
import { pixelStatistics } from "../src/augment/setStats";
import { buildSource } from "../src/sources";

async function main(): Promise<void> {
  const arg = (k: string, d: number) => Number(process.argv[process.argv.indexOf(`--${k}`) + 1] ?? d) || d;
  const L = arg("L", 16);
  for (let seed = 0; seed < arg("seeds", 5); seed++) {
    const cells: string[] = [];
    for (const size of [28, 224]) {
      const set = await buildSource("1p-frac", { size, L, delta: 0.1, sigma: 3.5 }, seed);
      const s = pixelStatistics(set);
      cells.push(`${size} px: mean ${s.mean[0].toFixed(3)} std ${s.std[0].toFixed(3)} max ${set.images.reduce((a, b) => Math.max(a, b), 0)}`);
    }
    console.log(`seed ${seed} (L ${L}): ${cells.join(" | ")}`);
  }
}

void main();
