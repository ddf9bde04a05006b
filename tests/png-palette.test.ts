import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { palettePng } from "../src/report/pngPalette";

function rgba(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) png.data.set(pixel(x, y), 4 * (y * width + x));
  return PNG.sync.write(png);
}

describe("palette PNG", () => {
  it("keeps every pixel of an image with at most 256 colours, and is smaller", () => {
    // A chart-like image: white paper, two line colours with grey anti-aliasing.
    const src = rgba(300, 200, (x, y) => (y === 50 + (x % 7) ? [200, 30, 30, 255] : y === 120 ? [30, 30, 200, 255] : x % 50 === 0 ? [128 + (y % 64), 128 + (y % 64), 128 + (y % 64), 255] : [255, 255, 255, 255]));
    const out = palettePng(src);
    expect(out.readUInt8(25)).toBe(3); // IHDR colour type: palette
    const back = PNG.sync.read(out);
    expect([back.width, back.height]).toEqual([300, 200]);
    expect(Buffer.compare(back.data, PNG.sync.read(src).data)).toBe(0);
    expect(out.length).toBeLessThan(src.length);
  });

  it("maps colours beyond 256 to their nearest palette colour", () => {
    // 255 greys fill the image; 45 rare colours on the first row are one blue step off a grey.
    const src = rgba(300, 300, (x, y) => (y === 0 && x < 45 ? [x, x, x + 1, 255] : [x % 255, x % 255, x % 255, 255]));
    const back = PNG.sync.read(palettePng(src));
    const orig = PNG.sync.read(src).data;
    let worst = 0;
    for (let i = 0; i < orig.length; i++) if (i % 4 !== 3) worst = Math.max(worst, Math.abs(orig[i] - back.data[i]));
    expect(worst).toBe(1);
    expect(new Set(Array.from({ length: 300 * 300 }, (_, p) => back.data.readUInt32BE(4 * p))).size).toBeLessThanOrEqual(256);
  });

  it("returns an image with transparency unchanged", () => {
    const src = rgba(4, 4, (x) => [0, 0, 0, x === 0 ? 0 : 255]);
    expect(palettePng(src)).toBe(src);
  });
});
