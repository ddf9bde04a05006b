/** Class-balanced subsets: the low-data fine-tuning sets of the CPU presets. */
import type { Rng } from "../util/rng";
import { ImageSet, imageSetBytes } from "../types";

/** Copies the given images (in the given order) into a new ImageSet. */
export function selectImages(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const per = imageSetBytes(set);
  const images = new Uint8Array(indices.length * per);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= set.count) throw new Error(`selectImages: index ${k} outside [0, ${set.count})`);
    images.set(set.images.subarray(k * per, (k + 1) * per), i * per);
    labels[i] = set.labels[k];
  }
  return { ...set, images, labels, count: indices.length };
}

/**
 * Exactly `perClass` images of every class, drawn without replacement by
 * shuffling each class's indices with `rng` (classes in order 0..K-1); the
 * result keeps the original order. A class with fewer images is an error.
 */
export function stratifiedSubset(set: ImageSet, perClass: number, rng: Rng): ImageSet {
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`stratifiedSubset: perClass must be a positive integer, got ${perClass}`);
  const byClass: number[][] = Array.from({ length: set.numClasses }, () => []);
  for (let i = 0; i < set.count; i++) byClass[set.labels[i]].push(i);
  const chosen: number[] = [];
  byClass.forEach((idx, c) => {
    if (idx.length < perClass) {
      const name = set.classNames?.[c] !== undefined ? ` ("${set.classNames[c]}")` : "";
      throw new Error(`stratifiedSubset: class ${c}${name} has ${idx.length} images, asked for ${perClass} per class`);
    }
    rng.shuffle(idx);
    for (let k = 0; k < perClass; k++) chosen.push(idx[k]);
  });
  chosen.sort((a, b) => a - b);
  return selectImages(set, chosen);
}
