/**
 * VisualAtoms-style wave orbits (Takashima et al. 2023; paper Table 3), drawn
 * as in src/sources/radial.ts with the ranges of SPEC §4: 200-1000 vertices
 * per orbit, 1-200 orbits, first radius U(10, 60) reference pixels, two
 * frequencies n1 ≠ n2 in 0..20. Every orbit adds the wave
 * 0.5·sin(n1·θ) + 0.5·sin(n2·θ) reference pixels to the accumulated vertex
 * offsets, so orbit j carries j times the wave (our reading of "the wave on
 * every line"); Perlin strength U(0, 4) per orbit; 1 px lines of random grey
 * (1..255) on black.
 */
import { RadialFamily, RadialShape, makeLpceSource, makeMultiSource, sampleLines } from "./radial";

export interface VisualAtomsShape extends RadialShape {
  n1: number;
  n2: number;
}

export const visualAtomsFamily: RadialFamily<VisualAtomsShape> = {
  name: "visualatoms",
  description: "VisualAtoms-style sinusoidal wave orbits, 1 px grey lines on black",
  background: 0,
  sample(rng, maxLines) {
    const vertices = 200 + rng.int(801);
    const lines = 1 + rng.int(maxLines);
    const firstRadius = rng.uniform(10, 60);
    const n1 = rng.int(21);
    let n2 = rng.int(20);
    if (n2 >= n1) n2 += 1;
    const noiseStrength = rng.uniform(0, 4);
    const noiseSeed = rng.nextUint32();
    return { vertices, n1, n2, noiseStrength, noiseSeed, ...sampleLines(rng, lines, firstRadius, 220, () => 1 + rng.int(255)) };
  },
  lineOffset(shape) {
    const wave = new Float64Array(shape.vertices);
    for (let i = 0; i < shape.vertices; i++) {
      const theta = (2 * Math.PI * i) / shape.vertices;
      wave[i] = 0.5 * Math.sin(shape.n1 * theta) + 0.5 * Math.sin(shape.n2 * theta);
    }
    return wave;
  },
};

export const visualAtomsSource = makeLpceSource(visualAtomsFamily);
export const visualAtomsMultiSource = makeMultiSource(visualAtomsFamily);
