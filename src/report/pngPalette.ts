/**
 * Re-encodes an opaque chart PNG as an 8-bit palette PNG. Chromium writes
 * charts as RGBA with fast compression; a chart is white paper, a few line
 * colours and their anti-aliased edges, so 256 colours hold it and the file
 * shrinks several times. That keeps a notebook whose chart has dozens of
 * curves (a table's runs, seed by seed) under the size limit. pngjs reads
 * palette PNGs but cannot write them, hence the small encoder here.
 */
import { deflateSync } from "zlib";
import { PNG } from "pngjs";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/**
 * The palette: every colour when there are at most 256, else the 256 most
 * frequent, and each pixel takes its nearest palette colour (squared RGB
 * distance). Returns the input unchanged when any pixel is not opaque.
 */
export function palettePng(png: Buffer): Buffer {
  const img = PNG.sync.read(png);
  const { width, height, data } = img;
  const pixels = new Uint32Array(width * height);
  const counts = new Map<number, number>();
  for (let p = 0; p < pixels.length; p++) {
    if (data[4 * p + 3] !== 255) return png;
    const rgb = (data[4 * p] << 16) | (data[4 * p + 1] << 8) | data[4 * p + 2];
    pixels[p] = rgb;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const palette = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 256).map(([rgb]) => rgb);
  const index = new Map<number, number>(palette.map((rgb, i) => [rgb, i]));
  const nearest = (rgb: number): number => {
    let best = 0;
    let bestD = Infinity;
    palette.forEach((p, i) => {
      const d = ((p >> 16) - (rgb >> 16)) ** 2 + (((p >> 8) & 255) - ((rgb >> 8) & 255)) ** 2 + ((p & 255) - (rgb & 255)) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    });
    index.set(rgb, best);
    return best;
  };
  // Each scanline: filter byte 0 (none), then one palette index per pixel.
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const rgb = pixels[y * width + x];
      raw[y * (width + 1) + 1 + x] = index.get(rgb) ?? nearest(rgb);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // bit depth 8, colour type 3 (palette), compression 0, filter method 0, no interlace
  const plte = Buffer.alloc(3 * palette.length);
  palette.forEach((rgb, i) => plte.set([rgb >> 16, (rgb >> 8) & 255, rgb & 255], 3 * i));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("PLTE", plte),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
