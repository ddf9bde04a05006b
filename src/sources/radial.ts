/**
 * Shared machinery of the two contour sources (RCDB, VisualAtoms), drawn as
 * their references draw them (Kataoka et al. 2022; Takashima et al. 2023): a
 * shape is a set of concentric closed lines around a jittered centre; line j
 * has base radius r_j (one radial step further out than line j-1), its own
 * random grey level and 1 px width at 512 px; every vertex carries an offset
 * that accumulates outward, line by line: a Perlin term per line (and, for
 * VisualAtoms, the two-frequency wave, so its amplitude grows with j); x and y
 * are stretched by separate oval rates. From a family we make
 *
 * - the LPCE source: one base shape, class k scales every base radius by its
 *   own factor, r'_j = r_j·(1 + ε_kj) with ε_k ~ U(-Δ, Δ)^nLines (like the
 *   multiplicative IFS perturbation, θ ⊙ (1 + ε));
 * - the multi-category source (Table 3 rows): C random shapes = C categories,
 *   M instances each, an instance jitters the radii the same way with a small
 *   `jitter` instead of Δ.
 *
 * Geometry is in reference pixels of a 512 px canvas centred at the origin;
 * a shape is drawn at renderSize (default 512) and area-downsampled to size.
 */
import { Rng } from "../util/rng";
import { drawPolyline, periodicNoise1d } from "../image/raster";
import { areaResize, makeImage, type Image } from "../image/image";
import { LpceParams, RenderableSource, buildPerClass, checkNumber, checkRenderSize, drawEpsilons, validateLpce } from "./lpce";

export const REFERENCE_CANVAS = 512;
/** Perlin lattice points around a line. */
export const NOISE_PERIOD = 8;

export interface RadialShape {
  /** Base radius of each line (reference pixels), r_j = r_0 + j·step. */
  radii: number[];
  /** Grey level of each line. */
  greys: number[];
  /** Vertices per line. */
  vertices: number;
  /** Perlin displacement added per line, reference pixels per unit noise. */
  noiseStrength: number;
  /** Seed of the per-line Perlin lattices, so the shape is plain JSON. */
  noiseSeed: number;
  ovalX: number;
  ovalY: number;
  /** Centre offset from the canvas centre, reference pixels. */
  centreX: number;
  centreY: number;
}

export interface RadialFamily<S extends RadialShape> {
  name: string;
  description: string;
  /** A random shape with 1..maxLines lines. */
  sample(rng: Rng, maxLines: number): S;
  /** Per-vertex offset every line adds on top of its Perlin term (VisualAtoms' wave; RCDB: none). */
  lineOffset?(shape: S): Float64Array;
  background: number;
}

/** Shared sampling of the line geometry: oval rates U(1, 2) per axis, centre jitter, radial step so the outermost line fits. */
export function sampleLines(rng: Rng, lines: number, firstRadius: number, outerRadius: number, greys: () => number) {
  const ovalX = rng.uniform(1, 2);
  const ovalY = rng.uniform(1, 2);
  const outer = outerRadius / Math.max(ovalX, ovalY);
  const first = Math.min(firstRadius, outer);
  const step = lines > 1 ? (outer - first) / (lines - 1) : 0;
  return {
    ovalX,
    ovalY,
    centreX: rng.uniform(-20, 20),
    centreY: rng.uniform(-20, 20),
    radii: Array.from({ length: lines }, (_, j) => first + j * step),
    greys: Array.from({ length: lines }, greys),
  };
}

/** Calls line(xs, ys, j) with each line's closed curve in pixel coordinates of a size x size canvas, innermost first. */
export function traceLines<S extends RadialShape>(family: RadialFamily<S>, shape: S, radii: number[], size: number, line: (xs: Float64Array, ys: Float64Array, j: number) => void): void {
  const scale = size / REFERENCE_CANVAS;
  const n = shape.vertices;
  const noiseRng = new Rng(shape.noiseSeed);
  const wave = family.lineOffset?.(shape);
  const offset = new Float64Array(n);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = Math.sin((2 * Math.PI * i) / n);
  }
  const cx = size / 2 + shape.centreX * scale - 0.5;
  const cy = size / 2 + shape.centreY * scale - 0.5;
  radii.forEach((r, j) => {
    const noise = periodicNoise1d(NOISE_PERIOD, noiseRng);
    for (let i = 0; i < n; i++) {
      offset[i] += shape.noiseStrength * noise((i / n) * NOISE_PERIOD) + (wave ? wave[i] : 0);
      const rr = Math.max(0, r + offset[i]);
      xs[i] = cx + shape.ovalX * rr * cos[i] * scale;
      ys[i] = cy + shape.ovalY * rr * sin[i] * scale;
    }
    line(xs, ys, j);
  });
}

export function renderRadial<S extends RadialShape>(family: RadialFamily<S>, shape: S, radii: number[], size: number): Uint8Array {
  const canvas = makeImage(size, size, 1, family.background);
  const width = Math.max(1, size / REFERENCE_CANVAS);
  traceLines(family, shape, radii, size, (xs, ys, j) => drawPolyline(canvas, xs, ys, true, width, shape.greys[j]));
  return canvas.data;
}

function scaleRadii(radii: number[], eps: number[]): number[] {
  return radii.map((r, j) => r * (1 + eps[j]));
}

export interface RadialParams extends LpceParams {
  /** Canvas side the lines are drawn on before area-downsampling to size (reference: 512). */
  renderSize: number;
  /** Upper end of the contour-line count range (paper: 200). */
  maxLines: number;
}

function checkMaxLines(source: string, maxLines: number): void {
  checkNumber(source, "maxLines", maxLines, { min: 1, max: 200, integer: true });
}

/** The unjittered shape the first fork of `seed` draws (the base of LPCE, category 0's shape of the multi source). */
function renderBaseShape<S extends RadialShape>(family: RadialFamily<S>, p: { size: number; renderSize: number; maxLines: number }, seed: number): Image {
  const shape = family.sample(new Rng(seed).fork(), p.maxLines);
  const full: Image = { data: renderRadial(family, shape, shape.radii, p.renderSize), width: p.renderSize, height: p.renderSize, channels: 1 };
  return p.renderSize === p.size ? full : areaResize(full, p.size, p.size);
}

export function makeLpceSource<S extends RadialShape>(family: RadialFamily<S>): RenderableSource<RadialParams> {
  return {
    name: family.name,
    description: `${family.description}; one base shape, class k scales each contour radius by (1 + ε), ε ~ U(-Δ, Δ)`,
    defaults: { size: 32, renderSize: REFERENCE_CANVAS, L: 1000, delta: 0.1, maxLines: 200 },
    validate(p) {
      validateLpce(family.name, p);
      checkRenderSize(family.name, p);
      checkMaxLines(family.name, p.maxLines);
    },
    renderBase: (p, seed) => renderBaseShape(family, p, seed),
    async build(p, seed, options) {
      const t0 = Date.now();
      const root = new Rng(seed);
      const shape = family.sample(root.fork(), p.maxLines);
      const classRadii = drawEpsilons(root.fork(), p.L, shape.radii.length, p.delta).map((eps) => scaleRadii(shape.radii, eps));
      return buildPerClass({
        source: family.name, params: p, seed, size: p.size, renderSize: p.renderSize, channels: 1, numClasses: p.L,
        items: classRadii.map((radii, k) => ({ label: k, record: k === 0 ? { base: shape, radii } : { radii } })),
        render: (k) => renderRadial(family, shape, classRadii[k], p.renderSize),
        timings: { sample: (Date.now() - t0) / 1000 },
      }, options);
    },
  };
}

export interface MultiCategoryParams {
  size: number;
  renderSize: number;
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
    defaults: { size: 32, renderSize: REFERENCE_CANVAS, categories: 100, instances: 10, jitter: 0.05, maxLines: 200 },
    validate(p) {
      checkNumber(name, "size", p.size, { min: 4, max: 4096, integer: true });
      checkRenderSize(name, p);
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
        source: name, params: p, seed, size: p.size, renderSize: p.renderSize, channels: 1, numClasses: p.categories,
        items,
        render: (i) => renderRadial(family, shapes[items[i].label], items[i].radii, p.renderSize),
        timings: { sample: (Date.now() - t0) / 1000 },
      }, options);
    },
  };
}
