/**
 * VisualAtoms-style wave orbits (Takashima et al. 2023; paper Table 3), our
 * rendering of the ranges in SPEC §4: 200-1000 vertices per orbit, 1-200
 * orbits, base radius R ~ U(10, 60) reference pixels, two frequencies
 * n1 ≠ n2 in 0..20 whose waves 0.5·sin(n·θ) are added to the radius (scaled by
 * R/2 reference pixels so they stay visible at small sizes), oval rate U(1, 2)
 * stretching x, Perlin noise strength U(0, 4), white 1 px lines on black.
 * Orbit j's radius is R + j·step with the step chosen so the outermost orbit
 * fits the canvas.
 */
import { NOISE_PERIOD, RadialFamily, RadialShape, makeLpceSource, makeMultiSource } from "./radial";

export interface VisualAtomsShape extends RadialShape {
  vertices: number;
  baseRadius: number;
  n1: number;
  n2: number;
  ovalRate: number;
  noiseStrength: number;
}

/** Per-vertex trigonometry of a shape, shared by all its orbits and classes. */
const tables = new WeakMap<VisualAtomsShape, { cos: Float64Array; sin: Float64Array; wave: Float64Array }>();

function tableOf(shape: VisualAtomsShape) {
  let t = tables.get(shape);
  if (!t) {
    const n = shape.vertices;
    t = { cos: new Float64Array(n), sin: new Float64Array(n), wave: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      const theta = (2 * Math.PI * i) / n;
      t.cos[i] = Math.cos(theta);
      t.sin[i] = Math.sin(theta);
      t.wave[i] = 0.5 * Math.sin(shape.n1 * theta) + 0.5 * Math.sin(shape.n2 * theta);
    }
    tables.set(shape, t);
  }
  return t;
}

export const visualAtomsFamily: RadialFamily<VisualAtomsShape> = {
  name: "visualatoms",
  description: "VisualAtoms-style sinusoidal wave orbits, white on black",
  background: 0,
  ink: 255,
  sample(rng, maxLines) {
    const vertices = 200 + rng.int(801);
    const lines = 1 + rng.int(maxLines);
    const baseRadius = rng.uniform(10, 60);
    const n1 = rng.int(21);
    let n2 = rng.int(20);
    if (n2 >= n1) n2 += 1;
    const ovalRate = rng.uniform(1, 2);
    const noiseStrength = rng.uniform(0, 4);
    const step = Math.max(0, (220 / ovalRate - 2 * baseRadius) / Math.max(1, lines - 1));
    return {
      vertices, baseRadius, n1, n2, ovalRate, noiseStrength,
      noiseSeed: rng.nextUint32(),
      radii: Array.from({ length: lines }, (_, j) => baseRadius + j * step),
    };
  },
  curve(shape, j, r, noise) {
    const n = shape.vertices;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    const amp = shape.baseRadius / 2;
    const { cos, sin, wave } = tableOf(shape);
    for (let i = 0; i < n; i++) {
      const rr = r + amp * wave[i] + (amp / 4) * shape.noiseStrength * noise((i / n) * NOISE_PERIOD + 0.05 * j);
      xs[i] = shape.ovalRate * rr * cos[i];
      ys[i] = rr * sin[i];
    }
    return { xs, ys };
  },
  strokePx: () => 1,
};

export const visualAtomsSource = makeLpceSource(visualAtomsFamily);
export const visualAtomsMultiSource = makeMultiSource(visualAtomsFamily);
