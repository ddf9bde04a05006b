/**
 * On-disk format of a synthetic set: `DIR/manifest.json` (the DatasetRecord,
 * the shape, and one {file, label} per image) and one 8-bit PNG per image
 * (`images/000123.png`, grey or RGB). The manifest is written last, so a
 * directory with a manifest is complete. Loading gives back the identical
 * SyntheticDataset.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { assertImageSet, DatasetRecord, SyntheticDataset } from "../types";
import { decodePng, encodePng } from "../image/codec";
import { imageAt } from "../image/contactSheet";
import { insideFolder } from "../util/paths";

export const MANIFEST_FORMAT = "scaling-backwards/synthetic-dataset@1";

export interface DatasetManifest {
  format: string;
  shape: { count: number; height: number; width: number; channels: number; numClasses: number };
  classNames?: string[];
  files: Array<{ file: string; label: number }>;
  record: DatasetRecord;
}

export interface SaveOptions {
  onProgress?: (done: number, total: number) => void;
}

export interface SaveResult {
  manifestPath: string;
  /** Seconds spent encoding and writing PNGs. */
  pngSeconds: number;
}

export function imageFileName(i: number): string {
  return `images/${String(i).padStart(6, "0")}.png`;
}

export function saveDataset(ds: SyntheticDataset, dir: string, options: SaveOptions = {}): SaveResult {
  assertImageSet(ds, "saveDataset");
  mkdirSync(join(dir, "images"), { recursive: true });
  const files: DatasetManifest["files"] = [];
  const t0 = performance.now();
  for (let i = 0; i < ds.count; i++) {
    const file = imageFileName(i);
    writeFileSync(join(dir, file), encodePng(imageAt(ds, i)));
    files.push({ file, label: ds.labels[i] });
    options.onProgress?.(i + 1, ds.count);
  }
  const pngSeconds = (performance.now() - t0) / 1000;
  const manifest: DatasetManifest = {
    format: MANIFEST_FORMAT,
    shape: { count: ds.count, height: ds.height, width: ds.width, channels: ds.channels, numClasses: ds.numClasses },
    ...(ds.classNames ? { classNames: ds.classNames } : {}),
    files,
    record: ds.record,
  };
  const manifestPath = join(dir, "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { manifestPath, pngSeconds };
}

function readManifest(path: string): DatasetManifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read dataset manifest (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let m: DatasetManifest;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: manifest is not valid JSON (${(e as Error).message})`);
  }
  const bad = (what: string) => new Error(`${path}: expected ${what}`);
  if (m === null || typeof m !== "object") throw bad("a JSON object");
  if (m.format !== MANIFEST_FORMAT) throw bad(`format "${MANIFEST_FORMAT}", got ${JSON.stringify(m.format)}`);
  const s = m.shape;
  const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
  if (!s || !["count", "height", "width", "channels", "numClasses"].every((k) => positiveInt((s as unknown as Record<string, unknown>)[k]))) {
    throw bad("shape with positive integer count, height, width, channels, numClasses");
  }
  if (!Array.isArray(m.files) || m.files.length !== s.count) throw bad(`files to list ${s.count} images`);
  if (!m.record || typeof m.record !== "object") throw bad("a record object");
  return m;
}

export function loadDataset(dir: string): SyntheticDataset {
  const manifestPath = join(dir, "manifest.json");
  const m = readManifest(manifestPath);
  const { count, height, width, channels, numClasses } = m.shape;
  const bytes = height * width * channels;
  const images = new Uint8Array(count * bytes);
  const labels = new Int32Array(count);
  m.files.forEach((entry, i) => {
    if (!entry || typeof entry.file !== "string" || !Number.isInteger(entry.label)) {
      throw new Error(`${manifestPath}: files[${i}] must be {file: string, label: integer}`);
    }
    const path = insideFolder(dir, entry.file, `${manifestPath} files[${i}].file`);
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (e) {
      throw new Error(`${path}: cannot read dataset image (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const img = decodePng(data, path);
    if (img.width !== width || img.height !== height || img.channels !== channels) {
      throw new Error(`${path}: expected a ${width}x${height} PNG with ${channels} channel(s), got ${img.width}x${img.height} with ${img.channels}`);
    }
    images.set(img.data, i * bytes);
    labels[i] = entry.label;
  });
  const ds: SyntheticDataset = {
    images, labels, count, height, width, channels, numClasses,
    ...(m.classNames ? { classNames: m.classNames } : {}),
    record: m.record,
  };
  assertImageSet(ds, manifestPath);
  return ds;
}
