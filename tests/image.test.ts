import { describe, expect, it } from "vitest";
import { canny } from "../src/image/canny";
import { decodeImage, encodePng, readImageFile } from "../src/image/codec";
import { Image, makeImage, resize, toGray } from "../src/image/image";
import { AFFINE_IDENTITY, POLYNOMIAL_IDENTITY, affineMap, polynomialMap, warpImage } from "../src/image/warp";
import { differenceMap, contactSheetImage } from "../src/image/contactSheet";
import { drawPolyline, periodicNoise1d } from "../src/image/raster";
import { Rng } from "../src/util/rng";

function stepImage(size: number, edgeCol: number): Image {
  const img = makeImage(size, size, 1);
  for (let y = 0; y < size; y++) for (let x = edgeCol; x < size; x++) img.data[y * size + x] = 200;
  return img;
}

describe("canny", () => {
  it("finds a vertical step edge at the right column and nothing in flat areas", () => {
    const edges = canny(stepImage(32, 16), { sigma: 1, lowThreshold: 0.1, highThreshold: 0.3 });
    for (let y = 0; y < 32; y++) {
      const cols: number[] = [];
      for (let x = 0; x < 32; x++) if (edges.data[y * 32 + x] === 255) cols.push(x);
      expect(cols.length).toBe(1);
      expect(Math.abs(cols[0] - 15.5)).toBeLessThanOrEqual(1);
    }
  });
  it("returns no edges on a flat image and rejects bad thresholds", () => {
    expect(canny(makeImage(16, 16, 1, 90)).data.every((v) => v === 0)).toBe(true);
    expect(() => canny(makeImage(4, 4, 1), { sigma: 1, lowThreshold: 0.5, highThreshold: 0.2 })).toThrow(/lowThreshold/);
  });
});

describe("codec", () => {
  it("round-trips grey and RGB PNGs byte for byte", () => {
    const rng = new Rng(1);
    for (const channels of [1, 3]) {
      const img = makeImage(7, 5, channels);
      for (let i = 0; i < img.data.length; i++) img.data[i] = rng.int(256);
      expect(decodeImage(encodePng(img))).toEqual(img);
    }
  });
  it("reads the shipped photos (PNG grey, PNG RGB, JPEG) and names a missing or bad file", () => {
    const cam = readImageFile("data/real-images/camera.png");
    expect([cam.width, cam.height, cam.channels]).toEqual([512, 512, 1]);
    const rocket = readImageFile("data/real-images/rocket.jpg");
    expect([rocket.width, rocket.height, rocket.channels]).toEqual([640, 427, 3]);
    expect(() => readImageFile("data/real-images/nope.png")).toThrow(/nope\.png: cannot read image file \(ENOENT\)/);
    const truncated = encodePng(cam).subarray(0, 200);
    expect(() => decodeImage(truncated, "x.png")).toThrow(/x\.png: not a readable PNG/);
    expect(() => decodeImage(new Uint8Array([1, 2, 3]), "y.bin")).toThrow(/y\.bin: expected a PNG or JPEG/);
  });
});

describe("image ops", () => {
  it("resizes, converts to grey, and the identity warps are the identity", () => {
    const rgb = makeImage(64, 64, 3, 100);
    expect(resize(rgb, 16, 8)).toMatchObject({ width: 16, height: 8, channels: 3 });
    expect(resize(rgb, 16, 8).data.every((v) => v === 100)).toBe(true);
    expect(toGray(rgb).data.every((v) => v === 100)).toBe(true);
    const step = stepImage(16, 5);
    expect(warpImage(step, affineMap(AFFINE_IDENTITY)).data).toEqual(step.data);
    expect(warpImage(step, polynomialMap(POLYNOMIAL_IDENTITY)).data).toEqual(step.data);
    // A shift by 2 px (normalised 2·2/16) moves the edge left by 2 columns.
    const shifted = warpImage(step, affineMap([1, 0, 0, 1, 0.25, 0]));
    expect(shifted.data[3]).toBe(200);
    expect(shifted.data[2]).toBe(0);
  });
  it("difference map is amplified |a-b| clipped at 255", () => {
    const a = makeImage(2, 1, 1);
    a.data.set([10, 200]);
    const b = makeImage(2, 1, 1);
    b.data.set([12, 0]);
    expect([...differenceMap(a, b, 10).data]).toEqual([20, 255]);
  });
  it("contact sheet has 2 rows and k+1 columns", () => {
    const set = { images: new Uint8Array(3 * 4 * 4), labels: Int32Array.from([0, 1, 2]), count: 3, height: 4, width: 4, channels: 1, numClasses: 3 };
    set.images.fill(50, 16, 32); // class 1 differs from the base (image 0) by 50
    const sheet = contactSheetImage(set, { k: 2, amplify: 4, gap: 1 });
    expect([sheet.width, sheet.height]).toEqual([3 * 4 + 4, 2 * 4 + 3]);
    const at = (x: number, y: number) => sheet.data[y * sheet.width + x];
    expect(at(1, 1)).toBe(0); // base cell
    expect(at(6, 1)).toBe(0); // class 0 = base
    expect(at(11, 1)).toBe(50); // class 1
    expect(at(11, 6)).toBe(200); // its difference map, amplified 4x
    expect(at(1, 6)).toBe(128); // no difference map under the base
  });
  it("draws a closed polyline and periodic noise wraps", () => {
    const canvas = makeImage(10, 10, 1);
    drawPolyline(canvas, [2, 7, 7, 2], [2, 2, 7, 7], true, 1, 255);
    expect(canvas.data[2 * 10 + 2]).toBe(255);
    expect(canvas.data[7 * 10 + 4]).toBe(255);
    expect(canvas.data[5 * 10 + 5]).toBe(0);
    const noise = periodicNoise1d(8, new Rng(3));
    expect(noise(1.3)).toBeCloseTo(noise(9.3), 12);
    expect(noise(2)).toBe(0);
  });
});
