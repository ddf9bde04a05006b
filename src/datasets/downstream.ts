/**
 * One entry point for the real downstream datasets (SPEC §8): load by name,
 * optionally cut to n images per class, and list what this machine has.
 * Nothing is downloaded; a missing or corrupt file is an error naming it.
 *
 * Default locations: Fashion-MNIST in /usr/share/datasets/fashion-mnist
 * (Debian dataset-fashion-mnist), digits in data/digits/digits.csv.gz, and
 * user-provided CIFAR-10 / CIFAR-100 / image folders under data/
 * (cifar-10-batches-bin, cifar-100-binary, image-folder).
 */
import { existsSync } from "fs";
import { join, resolve } from "path";
import { Rng } from "../util/rng";
import { CIFAR100_TEST_FILE, CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES, CIFAR100_TRAIN_FILE, cifarDir, loadCifar10, loadCifar100 } from "./cifar";
import type { DownstreamSplits } from "./dataFile";
import { DIGITS_PATH, loadDigits } from "./digits";
import { FASHION_MNIST_DIR, fashionMnistFiles, loadFashionMnist } from "./fashionMnist";
import { ImageFolderOptions, loadImageFolder } from "./imageFolder";
import { stratifiedSubset } from "./subset";
import { assertImageSet } from "../types";

export type { DownstreamSplits } from "./dataFile";

export const DOWNSTREAM_NAMES = ["fashion-mnist", "digits", "cifar10", "cifar100", "folder"] as const;
export type DownstreamName = (typeof DOWNSTREAM_NAMES)[number];

export interface DownstreamOptions {
  /** Folder (or for digits the .csv.gz file); defaults in DEFAULT_DOWNSTREAM_PATHS. */
  dir?: string;
  /** Keep exactly this many train / test images per class (stratified, seeded). */
  trainPerClass?: number;
  testPerClass?: number;
  /** Seed for the subsets (and the digits train/test split); default 0. */
  seed?: number;
  /** Image-folder only: resize to size x size and/or force channels. */
  folder?: ImageFolderOptions;
}

const DATA_DIR = join(resolve(__dirname, "..", ".."), "data");

export const DEFAULT_DOWNSTREAM_PATHS: Record<DownstreamName, string> = {
  "fashion-mnist": FASHION_MNIST_DIR,
  digits: DIGITS_PATH,
  cifar10: join(DATA_DIR, "cifar-10-batches-bin"),
  cifar100: join(DATA_DIR, "cifar-100-binary"),
  folder: join(DATA_DIR, "image-folder"),
};

/** The files a dataset needs at `path` (used for availability and error messages). */
function requiredFiles(name: DownstreamName, path: string): string[] {
  switch (name) {
    case "fashion-mnist": {
      const tr = fashionMnistFiles(path, "train");
      const te = fashionMnistFiles(path, "t10k");
      return [tr.images, tr.labels, te.images, te.labels];
    }
    case "digits":
      return [path];
    case "cifar10": {
      const d = cifarDir(path, "cifar10");
      return [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE].map((f) => join(d, f));
    }
    case "cifar100": {
      const d = cifarDir(path, "cifar100");
      return [CIFAR100_TRAIN_FILE, CIFAR100_TEST_FILE].map((f) => join(d, f));
    }
    case "folder":
      return [join(path, "train"), join(path, "test")];
  }
}

function checkName(name: string): DownstreamName {
  if (!(DOWNSTREAM_NAMES as readonly string[]).includes(name)) throw new Error(`unknown downstream dataset "${name}", expected one of ${DOWNSTREAM_NAMES.join(", ")}`);
  return name as DownstreamName;
}

export function loadDownstream(name: DownstreamName, opts: DownstreamOptions = {}): DownstreamSplits {
  const n = checkName(name);
  const path = opts.dir ?? DEFAULT_DOWNSTREAM_PATHS[n];
  const seed = opts.seed ?? 0;
  let splits: DownstreamSplits;
  switch (n) {
    case "fashion-mnist":
      splits = loadFashionMnist(path);
      break;
    case "digits":
      splits = loadDigits(path, seed);
      break;
    case "cifar10":
      splits = loadCifar10(path);
      break;
    case "cifar100":
      splits = loadCifar100(path);
      break;
    case "folder":
      splits = loadImageFolder(path, opts.folder);
      break;
  }
  assertImageSet(splits.train, `${name} train`);
  assertImageSet(splits.test, `${name} test`);
  // Separate streams so changing testPerClass never changes the train subset.
  const rng = new Rng(seed);
  const trainRng = rng.fork();
  const testRng = rng.fork();
  return {
    train: opts.trainPerClass === undefined ? splits.train : stratifiedSubset(splits.train, opts.trainPerClass, trainRng),
    test: opts.testPerClass === undefined ? splits.test : stratifiedSubset(splits.test, opts.testPerClass, testRng),
  };
}

export interface DownstreamAvailability {
  name: DownstreamName;
  available: boolean;
  path: string;
  /** Required files that are missing (empty when available). */
  missing: string[];
}

/** Which downstream datasets have their files on this machine (by presence, not by reading them). */
export function listDownstream(dirs: Partial<Record<DownstreamName, string>> = {}): DownstreamAvailability[] {
  return DOWNSTREAM_NAMES.map((name) => {
    const path = dirs[name] ?? DEFAULT_DOWNSTREAM_PATHS[name];
    const missing = requiredFiles(name, path).filter((f) => !existsSync(f));
    return { name, available: missing.length === 0, path, missing };
  });
}
