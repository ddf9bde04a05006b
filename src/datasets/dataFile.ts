/**
 * Reading downstream data files with one clear error per failure: the path
 * and what was expected. Shared by the real-data loaders.
 */
import { existsSync, readFileSync } from "fs";
import { gunzipSync } from "zlib";
import type { ImageSet } from "../types";

/** What every downstream loader returns. */
export interface DownstreamSplits {
  train: ImageSet;
  test: ImageSet;
}

export function readDataFile(path: string, what: string): Buffer {
  if (!existsSync(path)) throw new Error(`missing ${what}: ${path} does not exist`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Reads a file and gunzips it when its name ends in .gz. */
export function readMaybeGzip(path: string, what: string): Buffer {
  const raw = readDataFile(path, what);
  if (!path.endsWith(".gz")) return raw;
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new Error(`corrupt ${what} ${path}: not a valid gzip file (${(e as Error).message})`);
  }
}
