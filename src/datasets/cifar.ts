/**
 * CIFAR-10 and CIFAR-100, binary version. Each record is the label byte(s)
 * then 3072 bytes: the 32x32 red plane, then green, then blue (row-major);
 * we convert to HWC. CIFAR-10: data_batch_1..5.bin + test_batch.bin, one
 * label byte. CIFAR-100: train.bin + test.bin, a coarse then a fine label
 * byte; we use the fine label (100 classes).
 *
 * `dir` may be the folder holding the .bin files or its parent (the archive's
 * cifar-10-batches-bin / cifar-100-binary folder is looked for inside it).
 */
import { existsSync } from "fs";
import { join } from "path";
import { DownstreamSplits, readDataFile } from "./dataFile";
import type { ImageSet } from "../types";

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = 3 * PLANE;

export const CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

export const CIFAR100_CLASSES = [
  "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
  "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
  "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
  "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
  "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
  "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
  "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
  "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
  "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
  "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
];

export const CIFAR10_DIRNAME = "cifar-10-batches-bin";
export const CIFAR100_DIRNAME = "cifar-100-binary";
export const CIFAR10_TRAIN_FILES = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
export const CIFAR10_TEST_FILE = "test_batch.bin";
export const CIFAR100_TRAIN_FILE = "train.bin";
export const CIFAR100_TEST_FILE = "test.bin";

interface Variant {
  /** Label bytes per record and which one is the class. */
  labelBytes: number;
  labelIndex: number;
  classes: string[];
}

const CIFAR10: Variant = { labelBytes: 1, labelIndex: 0, classes: CIFAR10_CLASSES };
const CIFAR100: Variant = { labelBytes: 2, labelIndex: 1, classes: CIFAR100_CLASSES };

/** The folder that holds the .bin files: `dir` itself or its archive-named child. */
export function cifarDir(dir: string, kind: "cifar10" | "cifar100"): string {
  const probe = kind === "cifar10" ? CIFAR10_TEST_FILE : CIFAR100_TEST_FILE;
  const child = join(dir, kind === "cifar10" ? CIFAR10_DIRNAME : CIFAR100_DIRNAME);
  return !existsSync(join(dir, probe)) && existsSync(join(child, probe)) ? child : dir;
}

function readBatches(paths: string[], v: Variant): ImageSet {
  const record = v.labelBytes + PIXELS;
  const buffers = paths.map((p) => {
    const buf = readDataFile(p, "CIFAR binary batch");
    if (buf.length === 0 || buf.length % record !== 0) {
      throw new Error(`truncated CIFAR batch ${p}: ${buf.length} bytes is not a whole number of ${record}-byte records (${v.labelBytes} label byte(s) + 3072 pixels)`);
    }
    return { p, buf };
  });
  const count = buffers.reduce((n, b) => n + b.buf.length / record, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Int32Array(count);
  let i = 0;
  for (const { p, buf } of buffers) {
    for (let o = 0; o < buf.length; o += record, i++) {
      const label = buf[o + v.labelIndex];
      if (label >= v.classes.length) throw new Error(`CIFAR batch ${p}: label ${label} in record ${o / record}, expected 0..${v.classes.length - 1}`);
      labels[i] = label;
      const px = o + v.labelBytes;
      const dst = i * PIXELS;
      for (let k = 0; k < PLANE; k++) {
        images[dst + 3 * k] = buf[px + k];
        images[dst + 3 * k + 1] = buf[px + PLANE + k];
        images[dst + 3 * k + 2] = buf[px + 2 * PLANE + k];
      }
    }
  }
  return { images, labels, count, height: SIDE, width: SIDE, channels: 3, numClasses: v.classes.length, classNames: v.classes.slice() };
}

export function loadCifar10(dir: string): DownstreamSplits {
  const d = cifarDir(dir, "cifar10");
  return { train: readBatches(CIFAR10_TRAIN_FILES.map((f) => join(d, f)), CIFAR10), test: readBatches([join(d, CIFAR10_TEST_FILE)], CIFAR10) };
}

export function loadCifar100(dir: string): DownstreamSplits {
  const d = cifarDir(dir, "cifar100");
  return { train: readBatches([join(d, CIFAR100_TRAIN_FILE)], CIFAR100), test: readBatches([join(d, CIFAR100_TEST_FILE)], CIFAR100) };
}
