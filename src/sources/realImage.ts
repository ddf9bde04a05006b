/**
 * One real photo as the base object (paper Tables 11-12). The photo is
 * centre-cropped to a square and resized to `renderSize` (224 px, the paper's
 * input size, by default); class k is a perturbed geometric warp of it
 * (inverse mapping, bilinear sampling, black outside), then optionally Canny
 * edges of the warped grey image, and last an area downsampling to `size`.
 *
 * Warps, all in normalised coordinates [-1, 1]:
 * - affine: the 6 parameters (a, b, c, d, e, f) of one IFS-style map, identity
 *   plus ε ~ U(-Δ, Δ)^6 (additive, since a multiplicative ε would leave the
 *   identity's zeros at zero);
 * - polynomial: 12 second-order coefficients, identity plus ε ~ U(-Δ, Δ)^12;
 * - elastic: the standard elastic transform, one random field per class
 *   (U(-1, 1) noise blurred with std `elasticSigma`, times `elasticAlpha`;
 *   both in pixels at 224 px, torchvision's defaults α = 50, σ = 5, scaled so
 *   the field looks the same at any renderSize). Δ does not enter: every
 *   class is its own field.
 */
import { Rng } from "../util/rng";
import { readImageFile } from "../image/codec";
import { areaResize, Image, resize, toGray, toRgb } from "../image/image";
import { canny } from "../image/canny";
import {
  AFFINE_IDENTITY, CoordMap, DisplacementField, POLYNOMIAL_IDENTITY, affineMap, displacementMap, polynomialMap, randomDisplacementField, warpImage,
} from "../image/warp";
import { LpceParams, RenderableSource, buildPerClass, checkChoice, checkNumber, checkRenderSize, drawEpsilons, validateLpce } from "./lpce";

export const WARPS = ["affine", "elastic", "polynomial"] as const;
export const OUTPUTS = ["canny", "gray", "rgb"] as const;

/** Side at which elasticAlpha and elasticSigma are given in pixels. */
export const ELASTIC_REFERENCE_SIZE = 224;

export interface RealImageParams extends LpceParams {
  /** Side the photo is warped (and edge-detected) at, before area-downsampling to size. */
  renderSize: number;
  /** Path of a PNG or JPEG photo. */
  image: string;
  warp: (typeof WARPS)[number];
  output: (typeof OUTPUTS)[number];
  cannySigma: number;
  cannyLow: number;
  cannyHigh: number;
  /** Displacement scale, pixels at 224 px. */
  elasticAlpha: number;
  /** Smoothing std of the field, pixels at 224 px. */
  elasticSigma: number;
}

type RealImageClass = { affine: number[] } | { polynomial: number[] } | { fieldSeed: number };

/** The photo at `renderSize`, square, grey or RGB as the output needs. */
export function loadBasePhoto(p: RealImageParams): Image {
  const photo = readImageFile(p.image);
  const side = Math.min(photo.width, photo.height);
  const x0 = Math.floor((photo.width - side) / 2);
  const y0 = Math.floor((photo.height - side) / 2);
  const ch = photo.channels;
  const square = new Uint8Array(side * side * ch);
  for (let y = 0; y < side; y++) {
    square.set(photo.data.subarray(((y0 + y) * photo.width + x0) * ch, ((y0 + y) * photo.width + x0 + side) * ch), y * side * ch);
  }
  const resized = resize({ data: square, width: side, height: side, channels: ch }, p.renderSize, p.renderSize);
  return p.output === "rgb" ? toRgb(resized) : toGray(resized);
}

function classMap(p: RealImageParams, cls: RealImageClass): CoordMap {
  if ("affine" in cls) return affineMap(cls.affine);
  if ("polynomial" in cls) return polynomialMap(cls.polynomial);
  return displacementMap(elasticField(p, cls.fieldSeed));
}

/**
 * A class's elastic field at renderSize, looking as it does at 224 px: σ
 * scales with the side s, and α with s², because blurred white noise has an
 * amplitude proportional to 1/σ (rms displacement per axis α·√(1/3)/(2σ√π)).
 */
export function elasticField(p: RealImageParams, fieldSeed: number): DisplacementField {
  const scale = p.renderSize / ELASTIC_REFERENCE_SIZE;
  return randomDisplacementField(p.renderSize, p.renderSize, p.elasticSigma * scale, p.elasticAlpha * scale * scale, new Rng(fieldSeed));
}

/** Canny edges at renderSize when the output asks for them. */
function edges(p: RealImageParams, img: Image): Image {
  return p.output === "canny" ? canny(img, { sigma: p.cannySigma, lowThreshold: p.cannyLow, highThreshold: p.cannyHigh }) : img;
}

function drawClasses(p: RealImageParams, rng: Rng): RealImageClass[] {
  const add = (base: number[], eps: number[]) => base.map((v, i) => v + eps[i]);
  if (p.warp === "affine") return drawEpsilons(rng, p.L, 6, p.delta).map((e) => ({ affine: add(AFFINE_IDENTITY, e) }));
  if (p.warp === "polynomial") return drawEpsilons(rng, p.L, 12, p.delta).map((e) => ({ polynomial: add(POLYNOMIAL_IDENTITY, e) }));
  return Array.from({ length: p.L }, () => ({ fieldSeed: rng.nextUint32() }));
}

export const realImageSource: RenderableSource<RealImageParams> = {
  name: "real-image",
  pathParams: ["image"],
  description: "One real photo; classes are perturbed affine / elastic / polynomial warps, output Canny edges, grey or RGB (Tables 11-12)",
  defaults: {
    size: 32, renderSize: ELASTIC_REFERENCE_SIZE, L: 1000, delta: 0.1, image: "data/real-images/camera.png", warp: "affine", output: "canny",
    cannySigma: 1, cannyLow: 0.1, cannyHigh: 0.2, elasticAlpha: 50, elasticSigma: 5,
  },
  validate(p) {
    validateLpce("real-image", p);
    checkRenderSize("real-image", p);
    if (typeof p.image !== "string" || p.image.length === 0) throw new Error(`real-image.image: expected a file path, got ${JSON.stringify(p.image)}`);
    checkChoice("real-image", "warp", p.warp, WARPS);
    checkChoice("real-image", "output", p.output, OUTPUTS);
    checkNumber("real-image", "cannySigma", p.cannySigma, { min: 0, max: 10 });
    checkNumber("real-image", "cannyLow", p.cannyLow, { min: 0, max: 1 });
    checkNumber("real-image", "cannyHigh", p.cannyHigh, { min: p.cannyLow, max: 1 });
    checkNumber("real-image", "elasticAlpha", p.elasticAlpha, { min: 0 });
    checkNumber("real-image", "elasticSigma", p.elasticSigma, { min: 0, max: 50 });
  },
  renderBase(p) {
    const full = edges(p, loadBasePhoto(p));
    return p.renderSize === p.size ? full : areaResize(full, p.size, p.size);
  },
  legacyParams(p) {
    if (p.warp === "elastic") throw new Error("real-image record version 1 with warp elastic: the elastic field changed (now the standard α = 50, σ = 5 px transform), so that set cannot be rebuilt");
    return { renderSize: p.size };
  },
  async build(p, seed, options) {
    const t0 = Date.now();
    const base = loadBasePhoto(p);
    const classes = drawClasses(p, new Rng(seed));
    return buildPerClass({
      source: "real-image", params: p, seed, size: p.size, renderSize: p.renderSize, channels: base.channels, numClasses: p.L,
      items: classes.map((c, k) => ({ label: k, record: c })),
      render: (k) => edges(p, warpImage(base, classMap(p, classes[k]))).data,
      timings: { load: (Date.now() - t0) / 1000 },
    }, options);
  },
};
