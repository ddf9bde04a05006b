/**
 * One big 1p-frac build into memory, for its peak memory: bench/render.ts runs
 * it under /usr/bin/time -v and reports the maximum resident set size.
 *   npx tsx bench/render-memory.ts [L] [size]    (default L = 21000, size 224; renderSize 512, 100k points)
 */
import { onePFracSource } from "../src/sources/onePFrac";

async function main(): Promise<void> {
  const L = Number(process.argv[2] ?? 21000);
  const size = Number(process.argv[3] ?? 224);
  const t0 = performance.now();
  const d = await onePFracSource.build({ ...onePFracSource.defaults, L, size }, 0);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`1p-frac L=${L} at 512 -> ${size} px: ${d.count} images, ${(d.images.length / 2 ** 30).toFixed(2)} GiB of pixels, ${seconds.toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
