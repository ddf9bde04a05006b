/**
 * RCDB-style radial contours (Kataoka et al. 2022; paper Table 3), our
 * rendering of the ranges in SPEC §4: a polygon with n ~ Exp(mean 100)
 * vertices restricted to (2, 200], 1-200 concentric contour lines, Perlin
 * noise of strength U(0, 4) bending the radii, line width U(0, 0.1) (read as a
 * fraction of 50 reference pixels, so 0.1 = 5 px at 512 px, at least 1 px),
 * black lines on a white background. Line j's base radius is
 * maxRadius·(j + 1)/nLines with maxRadius ~ U(100, 220) reference pixels.
 */
import { Rng } from "../util/rng";
import { NOISE_PERIOD, RadialFamily, RadialShape, makeLpceSource, makeMultiSource } from "./radial";

export interface RcdbShape extends RadialShape {
  vertices: number;
  noiseStrength: number;
  lineWidth: number;
}

function sampleVertices(rng: Rng): number {
  for (;;) {
    const n = Math.ceil(-100 * Math.log(1 - rng.next()));
    if (n > 2 && n <= 200) return n;
  }
}

export const rcdbFamily: RadialFamily<RcdbShape> = {
  name: "rcdb",
  description: "RCDB-style radial contour polygons, black on white",
  background: 255,
  ink: 0,
  sample(rng, maxLines) {
    const vertices = sampleVertices(rng);
    const lines = 1 + rng.int(maxLines);
    const maxRadius = rng.uniform(100, 220);
    return {
      vertices,
      noiseStrength: rng.uniform(0, 4),
      lineWidth: rng.uniform(0, 0.1),
      noiseSeed: rng.nextUint32(),
      radii: Array.from({ length: lines }, (_, j) => (maxRadius * (j + 1)) / lines),
    };
  },
  curve(shape, j, r, noise) {
    const n = shape.vertices;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const theta = (2 * Math.PI * i) / n;
      // Noise strength 4 bends a contour by up to about ±20 % of its radius.
      const rr = r * (1 + 0.1 * shape.noiseStrength * noise((i / n) * NOISE_PERIOD + 0.05 * j));
      xs[i] = rr * Math.cos(theta);
      ys[i] = rr * Math.sin(theta);
    }
    return { xs, ys };
  },
  strokePx: (shape) => shape.lineWidth * 50,
};

export const rcdbSource = makeLpceSource(rcdbFamily);
export const rcdbMultiSource = makeMultiSource(rcdbFamily);
