/**
 * npm run demo [-- --preset smoke]: the whole pipeline once, small enough for a
 * 2-core machine: build a 1p-frac set, pre-train on it, fine-tune on
 * Fashion-MNIST, and compare with training from scratch ("demo" table, one
 * seed, the cpu-fast preset unless told otherwise: the cpu preset's recipe
 * with half its pre-training steps, so it stays within ten minutes).
 * Same options as reproduce.
 * Results go to out/demo, not results/: the committed Table 5 rows share the
 * demo's config and would otherwise be loaded from cache instead of run.
 */
import { runMain } from "./common";
import { main } from "./reproduce";

/** What one seed's two numbers can and cannot say, printed under them. */
export const DEMO_READING = "reading: one seed of a short pre-training; rows differ by several points from seed to seed here, so this pair shows the pipeline, not the paper's claim. The claims over five seeds per row, with their verdicts: `npm run claims` and the README's scoreboard.";

if (require.main === module) {
  runMain("demo", async () => {
    const code = await main(["demo", "--seeds", "1", "--preset", "cpu-fast", "--results", "out/demo", ...process.argv.slice(2)]);
    process.stdout.write(`${DEMO_READING}\n`);
    return code;
  });
}
