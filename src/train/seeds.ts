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

/** A permutation of [0, n) for `epoch`. */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  streamRng(seed, STREAM.shuffle, epoch).shuffle(order);
  return order;
}
