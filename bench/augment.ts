/**
 * Augmentation throughput: augmented images per second for the DeiT
 * pre-training recipe (and plain resize for reference) at three shapes.
 *   npx tsx bench/augment.ts
 * Training runs at very roughly 300-3000 img/s for the small presets, so the
 * augmentation should stay at least 5x above that.
 */
import { loadavg } from "os";
import { augmentBatch, AugmentConfig, DEIT_PRETRAIN_AUGMENT, NO_AUGMENT } from "../src/augment";
import type { ImageSet } from "../src/types";
import { Rng } from "../src/util/rng";

export interface AugmentBenchCase {
  label: string;
  srcSize: number;
  srcChannels: number;
  size: number;
  channels: number;
}

export const AUGMENT_BENCH_CASES: AugmentBenchCase[] = [
  { label: "64->28 px, 1 ch", srcSize: 64, srcChannels: 1, size: 28, channels: 1 },
  { label: "32->32 px, 3 ch", srcSize: 32, srcChannels: 3, size: 32, channels: 3 },
  { label: "224->224 px, 3 ch", srcSize: 224, srcChannels: 3, size: 224, channels: 3 },
];

function syntheticSet(count: number, size: number, channels: number, rng: Rng): ImageSet {
  const images = new Uint8Array(count * size * size * channels);
  for (let i = 0; i < images.length; i++) images[i] = rng.int(256);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % 10;
  return { images, labels, count, height: size, width: size, channels, numClasses: 10 };
}

export interface AugmentThroughput {
  /** Images per wall-clock second. */
  wall: number;
  /** Images per second of this process's CPU time: what one free core would give, steadier under contention. */
  cpu: number;
}

/** Throughput for one case, timed over at least `minSeconds` of wall time after one warm-up batch. */
export function measureAugmentThroughput(c: AugmentBenchCase, cfg: AugmentConfig, batch = 64, minSeconds = 1): AugmentThroughput {
  const rng = new Rng(0);
  const set = syntheticSet(batch, c.srcSize, c.srcChannels, rng);
  const indices = Array.from({ length: batch }, (_, i) => i);
  augmentBatch(set, indices, cfg, c, rng);
  let images = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minSeconds) {
    augmentBatch(set, indices, cfg, c, rng);
    images += batch;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: images / elapsed, cpu: images / ((cpu.user + cpu.system) / 1e6) };
}

if (require.main === module) {
  // Other processes share the cores: print the load so numbers can be judged.
  console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(" ")} (1/5/15 min), one process, one thread`);
  for (const c of AUGMENT_BENCH_CASES) {
    const deit = measureAugmentThroughput(c, DEIT_PRETRAIN_AUGMENT);
    const plain = measureAugmentThroughput(c, NO_AUGMENT);
    const fmt = (t: AugmentThroughput) => `${t.wall.toFixed(0).padStart(6)} img/s wall, ${t.cpu.toFixed(0).padStart(6)} img/CPU-s`;
    console.log(`${c.label.padEnd(18)} DeiT pretrain: ${fmt(deit)}   plain resize: ${fmt(plain)}`);
  }
}
