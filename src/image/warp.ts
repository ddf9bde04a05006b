/**
 * Geometric warps by inverse mapping with bilinear sampling: for each output
 * pixel we ask where it comes from in the source. Coordinates handed to a warp
 * function are normalised to [-1, 1] (image centre at 0) so warp parameters
 * mean the same thing at every image size.
 */
import { Rng } from "../util/rng";
import { Image, makeImage, sampleBilinear } from "./image";
import { gaussianBlur } from "./canny";

/** Maps a normalised output coordinate to a normalised source coordinate. */
export type CoordMap = (u: number, v: number) => [number, number];

export function warpImage(img: Image, map: CoordMap, outside = 0): Image {
  const { width: w, height: h, channels: ch } = img;
  const out = makeImage(w, h, ch);
  for (let y = 0; y < h; y++) {
    const v = ((y + 0.5) / h) * 2 - 1;
    for (let x = 0; x < w; x++) {
      const u = ((x + 0.5) / w) * 2 - 1;
      const [su, sv] = map(u, v);
      const sx = ((su + 1) / 2) * w - 0.5;
      const sy = ((sv + 1) / 2) * h - 0.5;
      for (let c = 0; c < ch; c++) out.data[(y * w + x) * ch + c] = Math.round(sampleBilinear(img, sx, sy, c, outside));
    }
  }
  return out;
}

/** Affine [a, b, c, d, e, f]: (u, v) -> (a·u + b·v + e, c·u + d·v + f), like one IFS map. */
export const AFFINE_IDENTITY = [1, 0, 0, 1, 0, 0];

export function affineMap(p: number[]): CoordMap {
  const [a, b, c, d, e, f] = p;
  return (u, v) => [a * u + b * v + e, c * u + d * v + f];
}

/**
 * Second-order polynomial warp: 12 coefficients, 6 per output axis over the
 * monomials [1, u, v, u², u·v, v²].
 */
export const POLYNOMIAL_IDENTITY = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];

export function polynomialMap(p: number[]): CoordMap {
  return (u, v) => {
    const m = [1, u, v, u * u, u * v, v * v];
    let x = 0;
    let y = 0;
    for (let i = 0; i < 6; i++) {
      x += p[i] * m[i];
      y += p[6 + i] * m[i];
    }
    return [x, y];
  };
}

/**
 * The standard elastic transform's displacement field (Simard et al. 2003, as
 * torchvision's ElasticTransform and albumentations draw it): i.i.d. U(-1, 1)
 * per pixel and axis, Gaussian-blurred with std `sigmaPx`, times `alphaPx`;
 * displacements in pixels. Fully determined by the rng state.
 */
export interface DisplacementField {
  width: number;
  height: number;
  /** Pixels. */
  dx: Float32Array;
  dy: Float32Array;
}

export function randomDisplacementField(width: number, height: number, sigmaPx: number, alphaPx: number, rng: Rng): DisplacementField {
  const axis = () => {
    const raw = new Float32Array(width * height);
    for (let i = 0; i < raw.length; i++) raw[i] = rng.uniform(-1, 1);
    const smooth = gaussianBlur(raw, width, height, sigmaPx);
    for (let i = 0; i < smooth.length; i++) smooth[i] *= alphaPx;
    return smooth;
  };
  const dx = axis();
  const dy = axis();
  return { width, height, dx, dy };
}

/** Root mean square displacement of a field, pixels. */
export function rmsDisplacement(field: DisplacementField): number {
  let s = 0;
  for (let i = 0; i < field.dx.length; i++) s += field.dx[i] ** 2 + field.dy[i] ** 2;
  return Math.sqrt(s / field.dx.length);
}

export function displacementMap(field: DisplacementField): CoordMap {
  const { width: w, height: h, dx, dy } = field;
  return (u, v) => {
    const x = Math.min(w - 1, Math.max(0, Math.round(((u + 1) / 2) * w - 0.5)));
    const y = Math.min(h - 1, Math.max(0, Math.round(((v + 1) / 2) * h - 0.5)));
    // Pixels to normalised units (2 = the full side).
    return [u + (2 * dx[y * w + x]) / w, v + (2 * dy[y * w + x]) / h];
  };
}
