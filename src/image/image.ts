import { areaDownsample } from "./area";

/**
 * A single uint8 image, row-major HWC. The unit every function in src/image
 * works on; an ImageSet is a stack of these.
 */
export interface Image {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export function makeImage(width: number, height: number, channels: number, fill = 0): Image {
  const data = new Uint8Array(width * height * channels);
  if (fill !== 0) data.fill(fill);
  return { data, width, height, channels };
}

/** Luma (ITU-R BT.601 weights) of an RGB image; a 1-channel image is copied. */
export function toGray(img: Image): Image {
  if (img.channels === 1) return { ...img, data: img.data.slice() };
  if (img.channels !== 3) throw new Error(`toGray: expected 1 or 3 channels, got ${img.channels}`);
  const out = makeImage(img.width, img.height, 1);
  for (let i = 0, j = 0; i < out.data.length; i++, j += 3) {
    out.data[i] = Math.round(0.299 * img.data[j] + 0.587 * img.data[j + 1] + 0.114 * img.data[j + 2]);
  }
  return out;
}

/** Grey -> RGB by repeating the channel (contact sheets mix both). */
export function toRgb(img: Image): Image {
  if (img.channels === 3) return img;
  if (img.channels !== 1) throw new Error(`toRgb: expected 1 or 3 channels, got ${img.channels}`);
  const out = makeImage(img.width, img.height, 3);
  for (let i = 0; i < img.data.length; i++) {
    out.data[3 * i] = out.data[3 * i + 1] = out.data[3 * i + 2] = img.data[i];
  }
  return out;
}

/**
 * Bilinear sample of channel c at real-valued (x, y) in pixel coordinates
 * (pixel centres at integers). Outside the image reads as `outside`.
 */
export function sampleBilinear(img: Image, x: number, y: number, c: number, outside = 0): number {
  const { width: w, height: h, channels: ch, data } = img;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  // No inner closure: this runs per pixel and channel, and a closure per call is what costs (tsx wraps each one).
  const x1 = x0 + 1;
  const y1 = y0 + 1;
  const inX0 = x0 >= 0 && x0 < w;
  const inX1 = x1 >= 0 && x1 < w;
  const inY0 = y0 >= 0 && y0 < h;
  const inY1 = y1 >= 0 && y1 < h;
  const v00 = inX0 && inY0 ? data[(y0 * w + x0) * ch + c] : outside;
  const v10 = inX1 && inY0 ? data[(y0 * w + x1) * ch + c] : outside;
  const v01 = inX0 && inY1 ? data[(y1 * w + x0) * ch + c] : outside;
  const v11 = inX1 && inY1 ? data[(y1 * w + x1) * ch + c] : outside;
  const top = v00 * (1 - fx) + v10 * fx;
  const bottom = v01 * (1 - fx) + v11 * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Bilinear resize (align-corners off, pixel-centre mapping). Downscaling by a
 * large factor first box-averages so a 512 px photo does not alias at 32 px.
 */
export function resize(img: Image, width: number, height: number): Image {
  if (!(width > 0 && height > 0)) throw new Error(`resize: target ${width}x${height} must be positive`);
  let src = img;
  const factor = Math.floor(Math.min(img.width / width, img.height / height));
  if (factor >= 2) src = boxDownsample(img, factor);
  const out = makeImage(width, height, src.channels);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const yy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    for (let x = 0; x < width; x++) {
      const xx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      for (let c = 0; c < src.channels; c++) {
        out.data[(y * width + x) * src.channels + c] = Math.round(sampleBilinear(src, xx, yy, c));
      }
    }
  }
  return out;
}

function boxDownsample(img: Image, f: number): Image {
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  const ch = img.channels;
  const out = makeImage(w, h, ch);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < ch; c++) {
        let sum = 0;
        for (let dy = 0; dy < f; dy++) {
          for (let dx = 0; dx < f; dx++) sum += img.data[((y * f + dy) * img.width + x * f + dx) * ch + c];
        }
        out.data[(y * w + x) * ch + c] = Math.round(sum / (f * f));
      }
    }
  }
  return out;
}

/** Exact area downsampling (box filter, fractional coverage; area.js) to width x height, channel by channel. */
export function areaResize(img: Image, width: number, height: number): Image {
  const { width: w, height: h, channels: ch } = img;
  if (ch === 1) {
    const out = makeImage(width, height, 1);
    areaDownsample(img.data, w, h, out.data, width, height, 0);
    return out;
  }
  const plane = new Uint8Array(w * h);
  const small = new Uint8Array(width * height);
  const out = makeImage(width, height, ch);
  for (let c = 0; c < ch; c++) {
    for (let i = 0; i < plane.length; i++) plane[i] = img.data[i * ch + c];
    areaDownsample(plane, w, h, small, width, height, 0);
    for (let i = 0; i < small.length; i++) out.data[i * ch + c] = small[i];
  }
  return out;
}

/**
 * A square image shown at `side` px for display only: area-downsampled when
 * larger, enlarged nearest-neighbour when smaller (so a training-size image
 * stays visible as its pixels), itself when equal.
 */
export function displayAt(img: Image, side: number): Image {
  if (img.width === side) return img;
  if (img.width > side) return areaResize(img, side, side);
  const out = makeImage(side, side, img.channels);
  for (let y = 0; y < side; y++) {
    const sy = Math.floor((y * img.height) / side);
    for (let x = 0; x < side; x++) {
      const s = (sy * img.width + Math.floor((x * img.width) / side)) * img.channels;
      for (let c = 0; c < img.channels; c++) out.data[(y * side + x) * img.channels + c] = img.data[s + c];
    }
  }
  return out;
}
