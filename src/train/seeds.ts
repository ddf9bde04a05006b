/**
 * Per-step randomness derived from (seed, stream, index) instead of one running
 * generator: a resumed run recomputes exactly the shuffle order, augmentation
 * and drop-path masks of the uninterrupted run from the step number alone.
 */
import { Rng } from "../util/rng";

export const STREAM = { init: 1, shuffle: 2, step: 3, probe: 4 } as const;

function mix32(h: number, v: number): number {
  h = Math.imul(h ^ (v >>> 0), 0x85ebca6b);
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function streamRng(seed: number, stream: number, index: number): Rng {
  let h = 0x9e3779b9;
  for (const v of [seed, Math.floor(seed / 2 ** 32), stream, index]) h = mix32(h + 0x6a09e667, v);
  return new Rng(h);
}

/**
 * The order of `epoch`: `length` indices of [0, n), one permutation after
 * another (the last cut short), so a set smaller than a batch fills whole
 * batches with every index at most once more than any other.
 */
export function epochOrder(seed: number, epoch: number, n: number, length = n): Int32Array {
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(length) && length >= 0)) throw new Error(`epochOrder: need n > 0 and length >= 0 (integers), got n=${n}, length=${length}`);
  const order = new Int32Array(length);
  const rng = streamRng(seed, STREAM.shuffle, epoch);
  const perm = new Int32Array(n);
  for (let start = 0; start < length; start += n) {
    for (let i = 0; i < n; i++) perm[i] = i;
    rng.shuffle(perm);
    order.set(perm.subarray(0, Math.min(n, length - start)), start);
  }
  return order;
}
