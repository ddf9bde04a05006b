/**
 * Shared machinery of the two contour sources (RCDB, VisualAtoms): a family
 * draws a random shape whose concentric closed curves are described by a
 * vector of radii, and renders it for any radii. From a family we make
 *
 * - the LPCE source: one base shape, class k scales every radius by its own
 *   factor, r'_j = r_j·(1 + ε_kj) with ε_k ~ U(-Δ, Δ)^nLines (like the
 *   multiplicative IFS perturbation, θ ⊙ (1 + ε));
 * - the multi-category source (Table 3 rows): C random shapes = C categories,
 *   M instances each, an instance jitters the radii the same way with a small
 *   `jitter` instead of Δ.
 *
 * Geometry is in reference pixels of a 512 px canvas centred at the origin and
 * scaled to `size`, so a shape looks the same at every resolution.
 */
import { Rng } from "../util/rng";
import { drawPolyline, periodicNoise1d } from "../image/raster";
import { makeImage, type Image } from "../image/image";
import { LpceParams, RenderableSource, buildPerClass, checkNumber, drawEpsilons, validateLpce } from "./lpce";

export const REFERENCE_CANVAS = 512;

export interface RadialShape {
  /** One base radius per contour line (reference pixels). */
  radii: number[];
  /** Seed of the shape's Perlin lattice, so the shape is plain JSON. */
  noiseSeed: number;
}

export interface RadialFamily<S extends RadialShape> {
  name: string;
  description: string;
  /** A random shape with 1..maxLines contour lines. */
  sample(rng: Rng, maxLines: number): S;
  /** Closed curve of line j with radius r, in reference pixels around (0, 0). */
  curve(shape: S, j: number, r: number, noise: (t: number) => number): { xs: Float64Array; ys: Float64Array };
  /** Stroke width at a 512 px canvas. */
  strokePx(shape: S): number;
  background: number;
  ink: number;
}

export const NOISE_PERIOD = 8;

export function renderRadial<S extends RadialShape>(family: RadialFamily<S>, shape: S, radii: number[], size: number): Uint8Array {
  const canvas = makeImage(size, size, 1, family.background);
  const scale = size / REFERENCE_CANVAS;
  const noise = periodicNoise1d(NOISE_PERIOD, new Rng(shape.noiseSeed));
  const width = Math.max(1, family.strokePx(shape) * scale);
  radii.forEach((r, j) => {
    const { xs, ys } = family.curve(shape, j, r, noise);
    for (let i = 0; i < xs.length; i++) {
      xs[i] = size / 2 + xs[i] * scale - 0.5;
      ys[i] = size / 2 + ys[i] * scale - 0.5;
    }
    drawPolyline(canvas, xs, ys, true, width, family.ink);
  });
  return canvas.data;
}

function scaleRadii(radii: number[], eps: number[]): number[] {
  return radii.map((r, j) => r * (1 + eps[j]));
}

export interface RadialParams extends LpceParams {
  /** Upper end of the contour-line count range (paper: 200; fewer keeps small images from saturating). */
  maxLines: number;
}

function checkMaxLines(source: string, maxLines: number): void {
  checkNumber(source, "maxLines", maxLines, { min: 1, max: 200, integer: true });
}

/** The unjittered shape the first fork of `seed` draws (the base of LPCE, category 0's shape of the multi source). */
function renderBaseShape<S extends RadialShape>(family: RadialFamily<S>, p: { size: number; maxLines: number }, seed: number): Image {
  const shape = family.sample(new Rng(seed).fork(), p.maxLines);
  return { data: renderRadial(family, shape, shape.radii, p.size), width: p.size, height: p.size, channels: 1 };
}

export function makeLpceSource<S extends RadialShape>(family: RadialFamily<S>): RenderableSource<RadialParams> {
  return {
    name: family.name,
    description: `${family.description}; one base shape, class k scales each contour radius by (1 + ε), ε ~ U(-Δ, Δ)`,
    defaults: { size: 32, L: 1000, delta: 0.1, maxLines: 200 },
    validate(p) {
      validateLpce(family.name, p);
      checkMaxLines(family.name, p.maxLines);
    },
    renderBase: (p, seed) => renderBaseShape(family, p, seed),
    async build(p, seed, options) {
      const t0 = Date.now();
      const root = new Rng(seed);
      const shape = family.sample(root.fork(), p.maxLines);
      const classRadii = drawEpsilons(root.fork(), p.L, shape.radii.length, p.delta).map((eps) => scaleRadii(shape.radii, eps));
      return buildPerClass({
        source: family.name, params: p, seed, size: p.size, channels: 1, numClasses: p.L,
        items: classRadii.map((radii, k) => ({ label: k, record: k === 0 ? { base: shape, radii } : { radii } })),
        render: (k) => renderRadial(family, shape, classRadii[k], p.size),
        timings: { sample: (Date.now() - t0) / 1000 },
      }, options);
    },
  };
}

export interface MultiCategoryParams {
  size: number;
  /** Number of categories C (random shapes). */
  categories: number;
  /** Instances M per category. */
  instances: number;
  /** Relative radius jitter between instances of one category. */
  jitter: number;
  maxLines: number;
}

export function makeMultiSource<S extends RadialShape>(family: RadialFamily<S>): RenderableSource<MultiCategoryParams> {
  const name = `${family.name}-multi`;
  return {
    name,
    description: `${family.description}; C random shapes (categories) x M instances with radius jitter (Table 3 baseline)`,
    defaults: { size: 32, categories: 100, instances: 10, jitter: 0.05, maxLines: 200 },
    validate(p) {
      checkNumber(name, "size", p.size, { min: 4, max: 4096, integer: true });
      checkNumber(name, "categories", p.categories, { min: 1, integer: true });
      checkNumber(name, "instances", p.instances, { min: 1, integer: true });
      checkNumber(name, "jitter", p.jitter, { min: 0, max: 1 });
      checkMaxLines(name, p.maxLines);
    },
    renderBase: (p, seed) => renderBaseShape(family, p, seed),
    async build(p, seed, options) {
      const t0 = Date.now();
      const root = new Rng(seed);
      const shapeRng = root.fork();
      const shapes = Array.from({ length: p.categories }, () => family.sample(shapeRng, p.maxLines));
      const jitterRng = root.fork();
      const items: Array<{ label: number; record: unknown; radii: number[] }> = [];
      shapes.forEach((shape, c) => {
        drawEpsilons(jitterRng, p.instances, shape.radii.length, p.jitter).forEach((eps, m) => {
          items.push({ label: c, record: m === 0 ? { category: c, shape } : { category: c }, radii: scaleRadii(shape.radii, eps) });
        });
      });
      return buildPerClass({
        source: name, params: p, seed, size: p.size, channels: 1, numClasses: p.categories,
        items,
        render: (i) => renderRadial(family, shapes[items[i].label], items[i].radii, p.size),
        timings: { sample: (Date.now() - t0) / 1000 },
      }, options);
    },
  };
}
