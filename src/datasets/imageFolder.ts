/**
 * Image-folder layout: root/train/<class>/*.png|jpg|jpeg and
 * root/test/<class>/... Classes are the sorted names of root/train's
 * sub-folders; every test class must also be a train class.
 *
 * Images are stacked into one ImageSet, so they need one shape: pass `size`
 * to resize every image to size x size (bilinear), otherwise all images must
 * share the first one's size. Channels: `channels` if given, else 3 when any
 * image is colour, else 1.
 */
import { existsSync, readdirSync, statSync } from "fs";
import { join } from "path";
import { insideFolder } from "../util/paths";
import { readImageFile } from "../image/codec";
import { Image, resize, toGray, toRgb } from "../image/image";
import { Progress } from "../util/progress";
import type { DownstreamSplits } from "./dataFile";
import type { ImageSet } from "../types";

export interface ImageFolderOptions {
  /** Resize every image to size x size; omit to require equal sizes. */
  size?: number;
  channels?: 1 | 3;
  quiet?: boolean;
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;

function subdirs(dir: string): string[] {
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

function listSplit(root: string, split: string, classes: string[] | null): { files: string[]; labels: number[]; classes: string[] } {
  const dir = join(root, split);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`image folder ${root}: missing ${dir}, expected ${split}/<class>/*.png|jpg`);
  const found = subdirs(dir);
  if (found.length === 0) throw new Error(`image folder ${dir}: no class sub-folders, expected ${split}/<class>/*.png|jpg`);
  const names = classes ?? found;
  const files: string[] = [];
  const labels: number[] = [];
  for (const name of found) {
    const label = names.indexOf(name);
    if (label < 0) throw new Error(`image folder ${join(dir, name)}: class "${name}" is not a train class (${names.join(", ")})`);
    const images = readdirSync(join(dir, name)).filter((f) => IMAGE_EXT.test(f)).sort();
    if (images.length === 0) throw new Error(`image folder ${join(dir, name)}: no .png/.jpg files`);
    for (const f of images) {
      // Class folders and images may be symlinks (a shared folder), but not to anything outside the root.
      files.push(insideFolder(root, join(split, name, f), `image folder ${root}`));
      labels.push(label);
    }
  }
  return { files, labels, classes: names };
}

function stack(files: string[], labels: number[], classes: string[], opts: ImageFolderOptions, label: string): ImageSet {
  const progress = new Progress({ label, total: files.length, unit: "img", quiet: opts.quiet ?? true });
  let decoded: Image[] = files.map((f) => {
    const img = readImageFile(f);
    progress.tick(1);
    return img;
  });
  progress.finish();
  const channels = opts.channels ?? (decoded.some((d) => d.channels === 3) ? 3 : 1);
  decoded = decoded.map((d) => (d.channels === channels ? d : channels === 3 ? toRgb(d) : toGray(d)));
  if (opts.size !== undefined) decoded = decoded.map((d) => (d.width === opts.size && d.height === opts.size ? d : resize(d, opts.size!, opts.size!)));
  const { width, height } = decoded[0];
  decoded.forEach((d, i) => {
    if (d.width !== width || d.height !== height) throw new Error(`image folder: ${files[i]} is ${d.width}x${d.height}, but ${files[0]} is ${width}x${height}; pass size to resize all images`);
  });
  const per = width * height * channels;
  const images = new Uint8Array(decoded.length * per);
  decoded.forEach((d, i) => images.set(d.data, i * per));
  return { images, labels: Int32Array.from(labels), count: decoded.length, height, width, channels, numClasses: classes.length, classNames: classes.slice() };
}

export function loadImageFolder(root: string, opts: ImageFolderOptions = {}): DownstreamSplits {
  if (opts.size !== undefined && !(Number.isInteger(opts.size) && opts.size > 0)) throw new Error(`image folder: size must be a positive integer, got ${opts.size}`);
  const train = listSplit(root, "train", null);
  const test = listSplit(root, "test", train.classes);
  const trainSet = stack(train.files, train.labels, train.classes, opts, `${root} train`);
  // The test split follows the train split's channels so both feed the same model.
  const testSet = stack(test.files, test.labels, train.classes, { ...opts, channels: trainSet.channels as 1 | 3 }, `${root} test`);
  if (testSet.width !== trainSet.width || testSet.height !== trainSet.height) {
    throw new Error(`image folder ${root}: test images are ${testSet.width}x${testSet.height}, train images ${trainSet.width}x${trainSet.height}; pass size to resize all images`);
  }
  return { train: trainSet, test: testSet };
}
