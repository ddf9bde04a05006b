/**
 * The UCI handwritten digits (scikit-learn's digits.csv.gz): 1797 images of
 * 8x8x1, pixels 0..16 scaled to 0..255 (v * 255 / 16, rounded), 10 classes.
 *
 * The file has no train/test split. Ours is fixed and stratified: per class,
 * shuffle that class's row indices with Rng(seed) (seed 0 by default, classes
 * in order 0..9) and put the first round(2/3 * classCount) in train, the
 * rest in test; each split keeps file order. With seed 0 that is 1198 train /
 * 599 test.
 */
import { join, resolve } from "path";
import { Rng } from "../util/rng";
import { DownstreamSplits, readMaybeGzip } from "./dataFile";
import type { ImageSet } from "../types";

export const DIGITS_PATH = join(resolve(__dirname, "..", ".."), "data", "digits", "digits.csv.gz");
export const DIGITS_TRAIN_FRACTION = 2 / 3;

function parseDigits(path: string): { images: Uint8Array; labels: Int32Array } {
  const text = readMaybeGzip(path, "digits CSV").toString("utf8");
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`digits CSV ${path}: no rows, expected 64 pixels then a label per row`);
  const images = new Uint8Array(lines.length * 64);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, row) => {
    const cells = line.split(",");
    if (cells.length !== 65) throw new Error(`digits CSV ${path} line ${row + 1}: ${cells.length} values, expected 65 (64 pixels then a label)`);
    for (let i = 0; i < 64; i++) {
      const v = Number(cells[i]);
      if (!Number.isInteger(v) || v < 0 || v > 16) throw new Error(`digits CSV ${path} line ${row + 1}: pixel ${i} is "${cells[i]}", expected an integer 0..16`);
      images[row * 64 + i] = Math.round((v * 255) / 16);
    }
    const label = Number(cells[64]);
    if (!Number.isInteger(label) || label < 0 || label > 9) throw new Error(`digits CSV ${path} line ${row + 1}: label "${cells[64]}", expected 0..9`);
    labels[row] = label;
  });
  return { images, labels };
}

function take(images: Uint8Array, labels: Int32Array, rows: number[]): ImageSet {
  const out = new Uint8Array(rows.length * 64);
  rows.forEach((r, i) => out.set(images.subarray(r * 64, r * 64 + 64), i * 64));
  return { images: out, labels: Int32Array.from(rows, (r) => labels[r]), count: rows.length, height: 8, width: 8, channels: 1, numClasses: 10, classNames: Array.from({ length: 10 }, (_, i) => String(i)) };
}

export function loadDigits(path: string = DIGITS_PATH, seed = 0): DownstreamSplits {
  const { images, labels } = parseDigits(path);
  const rng = new Rng(seed);
  const inTrain = new Uint8Array(labels.length);
  for (let c = 0; c < 10; c++) {
    const rows: number[] = [];
    labels.forEach((l, i) => {
      if (l === c) rows.push(i);
    });
    rng.shuffle(rows);
    const nTrain = Math.round(DIGITS_TRAIN_FRACTION * rows.length);
    for (let k = 0; k < nTrain; k++) inTrain[rows[k]] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  inTrain.forEach((t, i) => (t ? train : test).push(i));
  return { train: take(images, labels, train), test: take(images, labels, test) };
}
