/**
 * RCDB-style radial contours (Kataoka et al. 2022; paper Table 3), drawn as
 * in src/sources/radial.ts with the ranges of SPEC §4: a polygon with
 * n ~ Exp(mean 100) vertices restricted to (2, 200], 1-200 contour lines,
 * Perlin strength U(0, 4) reference pixels per line, 1 px lines of random
 * grey (0..254) on a white background. Lines start at one radial step and the
 * outermost reaches U(100, 220) reference pixels before the oval stretch.
 */
import { Rng } from "../util/rng";
import { RadialFamily, RadialShape, makeLpceSource, makeMultiSource, sampleLines } from "./radial";

export type RcdbShape = RadialShape;

function sampleVertices(rng: Rng): number {
  for (;;) {
    const n = Math.ceil(-100 * Math.log(1 - rng.next()));
    if (n > 2 && n <= 200) return n;
  }
}

export const rcdbFamily: RadialFamily<RcdbShape> = {
  name: "rcdb",
  description: "RCDB-style radial contour polygons, 1 px grey lines on white",
  background: 255,
  sample(rng, maxLines) {
    const vertices = sampleVertices(rng);
    const lines = 1 + rng.int(maxLines);
    const outer = rng.uniform(100, 220);
    const noiseStrength = rng.uniform(0, 4);
    const noiseSeed = rng.nextUint32();
    return { vertices, noiseStrength, noiseSeed, ...sampleLines(rng, lines, outer / lines, outer, () => rng.int(255)) };
  },
};

export const rcdbSource = makeLpceSource(rcdbFamily);
export const rcdbMultiSource = makeMultiSource(rcdbFamily);
