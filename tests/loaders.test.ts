import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { gzipSync } from "zlib";
import * as jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { loadCifar10, loadCifar100 } from "../src/datasets/cifar";
import { loadDigits } from "../src/datasets/digits";
import { listDownstream, loadDownstream } from "../src/datasets/downstream";
import { FASHION_MNIST_DIR, loadFashionMnist } from "../src/datasets/fashionMnist";
import { loadImageFolder } from "../src/datasets/imageFolder";
import { stratifiedSubset } from "../src/datasets/subset";
import type { ImageSet } from "../src/types";
import { encodePng } from "../src/image/codec";
import { Rng } from "../src/util/rng";
import { requireDep } from "./helpers/deps";

const tmp = () => mkdtempSync(join(tmpdir(), "loaders-"));

function idxImages(count: number, rows: number, cols: number, fill: (i: number) => number): Buffer {
  const buf = Buffer.alloc(16 + count * rows * cols);
  buf.writeUInt32BE(2051, 0);
  buf.writeUInt32BE(count, 4);
  buf.writeUInt32BE(rows, 8);
  buf.writeUInt32BE(cols, 12);
  for (let i = 0; i < count * rows * cols; i++) buf[16 + i] = fill(i);
  return buf;
}

function idxLabels(labels: number[]): Buffer {
  const buf = Buffer.alloc(8 + labels.length);
  buf.writeUInt32BE(2049, 0);
  buf.writeUInt32BE(labels.length, 4);
  labels.forEach((l, i) => (buf[8 + i] = l));
  return buf;
}

function writeFashion(dir: string, over: Partial<Record<string, Buffer>> = {}): void {
  const files: Record<string, Buffer> = {
    "train-images-idx3-ubyte.gz": gzipSync(idxImages(3, 2, 3, (i) => i)),
    "train-labels-idx1-ubyte.gz": gzipSync(idxLabels([7, 0, 9])),
    "t10k-images-idx3-ubyte.gz": gzipSync(idxImages(2, 2, 3, (i) => 100 + i)),
    "t10k-labels-idx1-ubyte.gz": gzipSync(idxLabels([1, 2])),
    ...over,
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data!);
}

describe("Fashion-MNIST IDX loader", () => {
  it("reads gzipped IDX files with the declared shape", () => {
    const dir = tmp();
    writeFashion(dir);
    const { train, test } = loadFashionMnist(dir);
    expect([train.count, train.height, train.width, train.channels, train.numClasses]).toEqual([3, 2, 3, 1, 10]);
    expect(Array.from(train.images)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(Array.from(train.labels)).toEqual([7, 0, 9]);
    expect(Array.from(test.images.slice(0, 3))).toEqual([100, 101, 102]);
    expect(train.classNames?.[9]).toBe("Ankle boot");
  });

  it("rejects a truncated, a wrongly-typed, a corrupt and a missing file naming the path", () => {
    const dir = tmp();
    const full = idxImages(3, 2, 3, (i) => i);
    writeFashion(dir, { "train-images-idx3-ubyte.gz": gzipSync(full.subarray(0, full.length - 4)) });
    const path = join(dir, "train-images-idx3-ubyte.gz");
    expect(() => loadFashionMnist(dir)).toThrow(`truncated IDX image file ${path}: expected 34 bytes (3x2x3 + 16), got 30`);
    writeFashion(dir, { "train-images-idx3-ubyte.gz": gzipSync(idxLabels([1, 2])) });
    expect(() => loadFashionMnist(dir)).toThrow(`expected IDX magic 2051 in ${path}, got 2049`);
    writeFashion(dir, { "train-images-idx3-ubyte.gz": gzipSync(full).subarray(0, 20) });
    expect(() => loadFashionMnist(dir)).toThrow(new RegExp(`corrupt IDX image file ${path.replace(/[.]/g, "\\.")}: not a valid gzip`));
    const empty = tmp();
    expect(() => loadFashionMnist(empty)).toThrow(`missing IDX image file: ${join(empty, "train-images-idx3-ubyte.gz")} does not exist`);
  });

  it("label count must match image count", () => {
    const dir = tmp();
    writeFashion(dir, { "t10k-labels-idx1-ubyte.gz": gzipSync(idxLabels([1, 2, 3])) });
    expect(() => loadFashionMnist(dir)).toThrow(/3 labels, but .*t10k-images-idx3-ubyte\.gz has 2 images/);
  });

  it.skipIf(!requireDep("Fashion-MNIST (Debian dataset-fashion-mnist)", existsSync(join(FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz"))))("real files load as 60000/10000 28x28x1", () => {
    const { train, test } = loadFashionMnist();
    expect([train.count, test.count, train.height, train.width, train.channels]).toEqual([60000, 10000, 28, 28, 1]);
    const counts = new Array(10).fill(0);
    train.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual(new Array(10).fill(6000));
  });
});

describe("digits CSV loader", () => {
  function writeDigits(rows: string[]): string {
    const path = join(tmp(), "digits.csv.gz");
    writeFileSync(path, gzipSync(rows.join("\n") + "\n"));
    return path;
  }
  const row = (label: number, v: number) => [...new Array(64).fill(v), label].join(",");

  it("scales 0..16 to 0..255 and splits 2/3 per class, stratified and seeded", () => {
    const rows: string[] = [];
    for (let k = 0; k < 3; k++) for (let c = 0; c < 10; c++) rows.push(row(c, k === 0 ? 16 : 8));
    const path = writeDigits(rows);
    const a = loadDigits(path, 0);
    expect([a.train.count, a.test.count, a.train.height, a.train.channels]).toEqual([20, 10, 8, 1]);
    const perClass = new Array(10).fill(0);
    a.test.labels.forEach((l) => perClass[l]++);
    expect(perClass).toEqual(new Array(10).fill(1));
    expect(new Set([...a.train.images, ...a.test.images])).toEqual(new Set([255, 128]));
    expect(loadDigits(path, 0).test.images).toEqual(a.test.images);
  });

  it("bad rows name the file and line", () => {
    const path = writeDigits([row(1, 3), "1,2,3"]);
    expect(() => loadDigits(path)).toThrow(`digits CSV ${path} line 2: 3 values, expected 65 (64 pixels then a label)`);
    const bad = writeDigits([row(1, 17)]);
    expect(() => loadDigits(bad)).toThrow(/line 1: pixel 0 is "17", expected an integer 0..16/);
  });

  it("the shipped file gives 1198 train / 599 test", () => {
    const { train, test } = loadDigits();
    expect([train.count, test.count]).toEqual([1198, 599]);
  });
});

describe("CIFAR binary loaders", () => {
  /** One record: label byte(s), then R, G, B planes filled with r, g, b. */
  function record(labels: number[], r: number, g: number, b: number): Buffer {
    return Buffer.concat([Buffer.from(labels), Buffer.alloc(1024, r), Buffer.alloc(1024, g), Buffer.alloc(1024, b)]);
  }

  it("CIFAR-10: 5 train batches + test batch, planar -> HWC", () => {
    const dir = join(tmp(), "cifar-10-batches-bin");
    mkdirSync(dir);
    for (let k = 1; k <= 5; k++) writeFileSync(join(dir, `data_batch_${k}.bin`), Buffer.concat([record([k], 10 * k, 1, 2), record([0], 0, 0, 0)]));
    writeFileSync(join(dir, "test_batch.bin"), record([9], 7, 8, 9));
    const { train, test } = loadCifar10(join(dir, "..")); // the parent folder works too
    expect([train.count, train.height, train.width, train.channels, train.numClasses, test.count]).toEqual([10, 32, 32, 3, 10, 1]);
    expect(Array.from(train.labels)).toEqual([1, 0, 2, 0, 3, 0, 4, 0, 5, 0]);
    expect(Array.from(test.images.slice(0, 6))).toEqual([7, 8, 9, 7, 8, 9]);
    expect(test.classNames?.[9]).toBe("truck");
  });

  it("CIFAR-100 uses the fine label (second byte)", () => {
    const dir = tmp();
    writeFileSync(join(dir, "train.bin"), Buffer.concat([record([3, 42], 1, 2, 3), record([19, 99], 4, 5, 6)]));
    writeFileSync(join(dir, "test.bin"), record([0, 5], 0, 0, 0));
    const { train, test } = loadCifar100(dir);
    expect(Array.from(train.labels)).toEqual([42, 99]);
    expect(train.numClasses).toBe(100);
    expect(train.classNames?.length).toBe(100);
    expect(train.classNames?.[99]).toBe("worm");
    expect(Array.from(test.labels)).toEqual([5]);
  });

  it("a truncated batch or a missing file is one error naming it", () => {
    const dir = tmp();
    writeFileSync(join(dir, "train.bin"), record([3, 42], 1, 2, 3).subarray(0, 3000));
    writeFileSync(join(dir, "test.bin"), record([0, 5], 0, 0, 0));
    expect(() => loadCifar100(dir)).toThrow(`truncated CIFAR batch ${join(dir, "train.bin")}: 3000 bytes is not a whole number of 3074-byte records`);
    expect(() => loadCifar10(dir)).toThrow(`missing CIFAR binary batch: ${join(dir, "data_batch_1.bin")} does not exist`);
  });
});

describe("image-folder loader", () => {
  function png(path: string, w: number, h: number, channels: number, v: number): void {
    writeFileSync(path, encodePng({ data: new Uint8Array(w * h * channels).fill(v), width: w, height: h, channels }));
  }
  function makeFolder(testClass = "cat", sizes: [number, number] = [4, 4]): string {
    const root = tmp();
    for (const [split, cls, n] of [["train", "dog", 2], ["train", "cat", 3], ["test", testClass, 1]] as const) {
      mkdirSync(join(root, split, cls), { recursive: true });
      for (let i = 0; i < n; i++) png(join(root, split, cls, `${i}.png`), split === "test" ? sizes[1] : sizes[0], 4, 1, cls === "cat" ? 50 : 200);
    }
    return root;
  }

  it("sorted class folders become labels", () => {
    const { train, test } = loadImageFolder(makeFolder());
    expect(train.classNames).toEqual(["cat", "dog"]);
    expect(Array.from(train.labels)).toEqual([0, 0, 0, 1, 1]);
    expect([train.height, train.width, train.channels]).toEqual([4, 4, 1]);
    expect(train.images[0]).toBe(50);
    expect(train.images[16 * 4]).toBe(200);
    expect(Array.from(test.labels)).toEqual([0]);
  });

  it("reads JPEG files beside PNGs and turns grey into RGB when any image is colour", () => {
    const root = makeFolder();
    const rgba = new Uint8Array(4 * 4 * 4);
    for (let p = 0; p < 16; p++) rgba.set([250, 10, 10, 255], 4 * p);
    writeFileSync(join(root, "train", "dog", "red.jpg"), jpeg.encode({ data: rgba, width: 4, height: 4 }, 95).data);
    const { train, test } = loadImageFolder(root);
    expect([train.count, train.channels, test.channels]).toEqual([6, 3, 3]);
    expect(Array.from(train.images.slice(0, 3))).toEqual([50, 50, 50]); // grey cat replicated
    const red = train.images.subarray(5 * 48, 5 * 48 + 3);
    expect(red[0]).toBeGreaterThan(200);
    expect(red[1]).toBeLessThan(60);
  });

  it("unknown test class and mixed sizes are clear errors; size resizes", () => {
    expect(() => loadImageFolder(makeFolder("bird"))).toThrow(/class "bird" is not a train class \(cat, dog\)/);
    const mixed = makeFolder("cat", [4, 6]);
    expect(() => loadImageFolder(mixed)).toThrow(/pass size to resize/);
    const { train, test } = loadImageFolder(mixed, { size: 5, channels: 3 });
    expect([train.width, test.width, test.channels]).toEqual([5, 5, 3]);
    expect(() => loadImageFolder(tmp())).toThrow(/missing .*train, expected train\/<class>/);
  });
});

describe("stratifiedSubset and loadDownstream", () => {
  function set(labels: number[], numClasses: number): ImageSet {
    return { images: Uint8Array.from(labels.map((_, i) => i)), labels: Int32Array.from(labels), count: labels.length, height: 1, width: 1, channels: 1, numClasses };
  }

  it("exactly n per class, seeded, images follow their labels", () => {
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const s = set(labels, 3);
    const a = stratifiedSubset(s, 4, new Rng(1));
    const counts = [0, 0, 0];
    a.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual([4, 4, 4]);
    a.images.forEach((v, i) => expect(v % 3).toBe(a.labels[i]));
    expect(stratifiedSubset(s, 4, new Rng(1)).images).toEqual(a.images);
    expect(stratifiedSubset(s, 4, new Rng(2)).images).not.toEqual(a.images);
    expect(() => stratifiedSubset(s, 21, new Rng(1))).toThrow("stratifiedSubset: class 0 has 20 images, asked for 21 per class");
  });

  it("loadDownstream cuts per class; listDownstream reports presence; unknown names fail", () => {
    const { train, test } = loadDownstream("digits", { trainPerClass: 5, testPerClass: 2, seed: 3 });
    expect([train.count, test.count]).toEqual([50, 20]);
    const again = loadDownstream("digits", { trainPerClass: 5, testPerClass: 7, seed: 3 });
    expect(again.train.images).toEqual(train.images);
    const list = listDownstream({ cifar10: tmp() });
    expect(list.find((d) => d.name === "digits")?.available).toBe(true);
    const c10 = list.find((d) => d.name === "cifar10")!;
    expect(c10.available).toBe(false);
    expect(c10.missing.length).toBe(6);
    expect(() => loadDownstream("mnist" as never)).toThrow(/unknown downstream dataset "mnist"/);
  });
});
