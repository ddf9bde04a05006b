/**
 * Iterated function systems: the type, the σ-factor (Anderson & Farrell 2022)
 * and map probabilities. Map i sends v to A_i v + (e, f) with A_i = [[a, b], [c, d]].
 */
export interface AffineMap {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export type Ifs = AffineMap[];

export const PARAMS_PER_MAP = 6;

/** Throws one clear error if ifs is not a non-empty list of maps with finite a..f. */
export function assertIfs(ifs: Ifs, what = "ifs"): void {
  if (!Array.isArray(ifs) || ifs.length === 0) throw new Error(`${what}: expected a non-empty array of affine maps`);
  if (ifs.length > 255) throw new Error(`${what}: at most 255 maps, got ${ifs.length}`);
  ifs.forEach((m, i) => {
    for (const k of ["a", "b", "c", "d", "e", "f"] as const) {
      if (typeof m?.[k] !== "number" || !Number.isFinite(m[k])) {
        throw new Error(`${what}[${i}].${k}: expected a finite number, got ${JSON.stringify(m?.[k])}`);
      }
    }
  });
}

/** Singular values [s1, s2], s1 >= s2 >= 0, of the linear part of a map (closed form for 2x2). */
export function singularValues(m: AffineMap): [number, number] {
  const p = Math.hypot(m.a + m.d, m.c - m.b);
  const q = Math.hypot(m.a - m.d, m.c + m.b);
  return [(p + q) / 2, Math.abs(p - q) / 2];
}

/** σ(Ω) = Σ_i (s_i1 + 2 s_i2). Smaller σ = more complex shape. */
export function sigmaFactor(ifs: Ifs): number {
  let sum = 0;
  for (const m of ifs) {
    const [s1, s2] = singularValues(m);
    sum += s1 + 2 * s2;
  }
  return sum;
}

/** p_i = |det A_i| / Σ_j |det A_j|; uniform when every map is singular. */
export function mapProbabilities(ifs: Ifs): number[] {
  const dets = ifs.map((m) => Math.abs(m.a * m.d - m.b * m.c));
  const total = dets.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return ifs.map(() => 1 / ifs.length);
  return dets.map((v) => v / total);
}

/** Cumulative probabilities with the last entry forced to 1 (rounding must not leave a gap). */
export function cumulativeProbabilities(probabilities: number[]): number[] {
  let acc = 0;
  const cum = probabilities.map((p) => (acc += p));
  cum[cum.length - 1] = 1;
  return cum;
}

/** Flat a..f per map, the layout the render kernel reads. */
export function ifsToArray(ifs: Ifs): number[] {
  return ifs.flatMap((m) => [m.a, m.b, m.c, m.d, m.e, m.f]);
}

export function ifsFromArray(values: ArrayLike<number>): Ifs {
  if (values.length === 0 || values.length % PARAMS_PER_MAP !== 0) {
    throw new Error(`ifsFromArray: expected a non-empty multiple of 6 values, got ${values.length}`);
  }
  const ifs: Ifs = [];
  for (let i = 0; i < values.length; i += PARAMS_PER_MAP) {
    ifs.push({ a: values[i], b: values[i + 1], c: values[i + 2], d: values[i + 3], e: values[i + 4], f: values[i + 5] });
  }
  return ifs;
}
