/**
 * npm run demo [-- --preset smoke]: the whole pipeline once, small enough for a
 * 2-core machine: build a 1p-frac set, pre-train on it, fine-tune on
 * Fashion-MNIST, and compare with training from scratch ("demo" table, one
 * seed, cpu preset unless told otherwise). Same options as reproduce.
 */
import { main } from "./reproduce";

if (require.main === module) void main(["demo", "--seeds", "1", ...process.argv.slice(2)]);
