/**
 * Fashion-MNIST from gzipped IDX files (Debian package dataset-fashion-mnist
 * puts them in /usr/share/datasets/fashion-mnist). 60000 train / 10000 test,
 * 28x28x1, 10 classes. Uncompressed IDX files (same names without .gz) are
 * read too.
 */
import { existsSync } from "fs";
import { join } from "path";
import { DownstreamSplits, readMaybeGzip } from "./dataFile";
import type { ImageSet } from "../types";

export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

export const FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;

/** The IDX files of one split, as found in `dir` (.gz preferred). */
export function fashionMnistFiles(dir: string, split: "train" | "t10k"): { images: string; labels: string } {
  const pick = (name: string) => {
    const gz = join(dir, `${name}.gz`);
    return existsSync(gz) || !existsSync(join(dir, name)) ? gz : join(dir, name);
  };
  return { images: pick(`${split}-images-idx3-ubyte`), labels: pick(`${split}-labels-idx1-ubyte`) };
}

function header(buf: Buffer, path: string, magic: number, headerBytes: number): number[] {
  if (buf.length >= 4 && buf.readUInt32BE(0) !== magic) throw new Error(`expected IDX magic ${magic} in ${path}, got ${buf.readUInt32BE(0)}`);
  if (buf.length < headerBytes) throw new Error(`truncated IDX file ${path}: ${buf.length} bytes, expected a ${headerBytes}-byte header`);
  const dims: number[] = [];
  for (let o = 4; o < headerBytes; o += 4) dims.push(buf.readUInt32BE(o));
  return dims;
}

/** Reads an IDX3 image file (count x rows x cols uint8). */
export function readIdxImages(path: string): { images: Uint8Array; count: number; rows: number; cols: number } {
  const buf = readMaybeGzip(path, "IDX image file");
  const [count, rows, cols] = header(buf, path, IMAGES_MAGIC, 16);
  const expected = 16 + count * rows * cols;
  if (buf.length !== expected) throw new Error(`truncated IDX image file ${path}: expected ${expected} bytes (${count}x${rows}x${cols} + 16), got ${buf.length}`);
  return { images: new Uint8Array(buf.buffer.slice(buf.byteOffset + 16, buf.byteOffset + expected)), count, rows, cols };
}

/** Reads an IDX1 label file (count uint8 labels). */
export function readIdxLabels(path: string): Int32Array {
  const buf = readMaybeGzip(path, "IDX label file");
  const [count] = header(buf, path, LABELS_MAGIC, 8);
  if (buf.length !== 8 + count) throw new Error(`truncated IDX label file ${path}: expected ${8 + count} bytes (${count} labels + 8), got ${buf.length}`);
  return Int32Array.from(buf.subarray(8));
}

function loadSplit(dir: string, split: "train" | "t10k"): ImageSet {
  const files = fashionMnistFiles(dir, split);
  const { images, count, rows, cols } = readIdxImages(files.images);
  const labels = readIdxLabels(files.labels);
  if (labels.length !== count) throw new Error(`${files.labels}: ${labels.length} labels, but ${files.images} has ${count} images`);
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new Error(`${files.labels}: label ${labels[i]} at index ${i}, expected 0..9`);
  }
  return { images, labels, count, height: rows, width: cols, channels: 1, numClasses: 10, classNames: FASHION_MNIST_CLASSES.slice() };
}

export function loadFashionMnist(dir: string = FASHION_MNIST_DIR): DownstreamSplits {
  return { train: loadSplit(dir, "train"), test: loadSplit(dir, "t10k") };
}
