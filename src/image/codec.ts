/**
 * PNG/JPEG decode and PNG encode over pngjs and jpeg-js. Every failure names
 * the file (or the caller's label) and what was expected.
 */
import { readFileSync } from "fs";
import { PNG } from "pngjs";
import * as jpeg from "jpeg-js";
import { Image } from "./image";

/** Encodes a 1-channel (grey) or 3-channel (RGB) image as 8-bit PNG. */
export function encodePng(img: Image): Buffer {
  if (img.channels !== 1 && img.channels !== 3) {
    throw new Error(`encodePng: expected 1 or 3 channels, got ${img.channels}`);
  }
  return PNG.sync.write(
    { width: img.width, height: img.height, data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength) } as PNG,
    { colorType: img.channels === 1 ? 0 : 2, inputColorType: img.channels === 1 ? 0 : 2, inputHasAlpha: false, bitDepth: 8 },
  );
}

/**
 * Decodes PNG bytes to grey (1 channel) when the file is greyscale, else RGB
 * (3 channels); alpha is dropped. `label` names the source in errors.
 */
export function decodePng(bytes: Uint8Array, label = "PNG"): Image {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: false });
  } catch (e) {
    throw new Error(`${label}: not a readable PNG (${(e as Error).message})`);
  }
  // pngjs always returns RGBA 8-bit; colorType 0/4 means the file was grey.
  const colorType = (png as unknown as { colorType: number }).colorType;
  const grey = colorType === 0 || colorType === 4;
  return fromRgba(png.data, png.width, png.height, grey);
}

export function decodeJpeg(bytes: Uint8Array, label = "JPEG"): Image {
  let raw: { width: number; height: number; data: Uint8Array };
  try {
    raw = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  } catch (e) {
    throw new Error(`${label}: not a readable JPEG (${(e as Error).message})`);
  }
  return fromRgba(raw.data, raw.width, raw.height, false);
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8];

/** Decodes PNG or JPEG by content (not by file extension). */
export function decodeImage(bytes: Uint8Array, label = "image"): Image {
  const starts = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(PNG_MAGIC)) return decodePng(bytes, label);
  if (starts(JPEG_MAGIC)) return decodeJpeg(bytes, label);
  throw new Error(`${label}: expected a PNG or JPEG file, the first bytes match neither`);
}

export function readImageFile(path: string): Image {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read image file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeImage(bytes, path);
}

function fromRgba(rgba: Uint8Array, width: number, height: number, grey: boolean): Image {
  const channels = grey ? 1 : 3;
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    if (grey) data[i] = rgba[4 * i];
    else {
      data[3 * i] = rgba[4 * i];
      data[3 * i + 1] = rgba[4 * i + 1];
      data[3 * i + 2] = rgba[4 * i + 2];
    }
  }
  return { data, width, height, channels };
}
