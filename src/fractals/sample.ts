/**
 * Random IFS samplers: σ-exact (1p-frac, after Anderson & Farrell 2022) and
 * plain uniform parameters (FractalDB / OFDB category search).
 */
import type { Rng } from "../util/rng";
import type { AffineMap, Ifs } from "./ifs";

export interface SigmaSampleOptions {
  /** Target σ-factor; feasible range for N maps is [0, 3N]. */
  sigma: number;
  /** Number of maps N. */
  maps: number;
}

export function assertSigmaFeasible(sigma: number, maps: number, what = "sigma"): void {
  if (!Number.isInteger(maps) || maps < 1) throw new Error(`maps: expected an integer >= 1, got ${maps}`);
  if (!Number.isFinite(sigma) || sigma < 0 || sigma > 3 * maps) {
    throw new Error(`${what} = ${sigma} is infeasible for N = ${maps} maps: σ must lie in [0, ${3 * maps}] (each map adds s1 + 2·s2 in [0, 3])`);
  }
}

/**
 * Draws N maps whose σ-factor equals `sigma` (to rounding). Map by map, the
 * map's share c_i = s1 + 2·s2 is drawn uniformly from the range that keeps the
 * remaining maps feasible (the last map takes the exact remainder); then
 * s1 is drawn from the range giving s1 >= s2 and both in [0, 1].
 */
export function sampleIfsWithSigma(rng: Rng, options: SigmaSampleOptions): Ifs {
  const { sigma, maps } = options;
  assertSigmaFeasible(sigma, maps);
  const ifs: Ifs = [];
  let remaining = sigma;
  for (let i = 0; i < maps; i++) {
    const after = maps - 1 - i;
    const lo = Math.max(0, remaining - 3 * after);
    const hi = Math.min(3, remaining);
    const share = after === 0 ? Math.min(3, Math.max(0, remaining)) : rng.uniform(lo, hi);
    remaining -= share;
    // s2 = (share - s1)/2 must satisfy 0 <= s2 <= min(1, s1).
    const s1 = rng.uniform(Math.max(share / 3, share - 2), Math.min(1, share));
    const s2 = (share - s1) / 2;
    ifs.push(mapFromSingularValues(rng, s1, s2));
  }
  return ifs;
}

/** A = R(θ1)·D1·diag(s1, s2)·R(θ2)·D2, θ ~ U(-π, π), D random ±1 diagonals; e, f ~ U(-1, 1). */
function mapFromSingularValues(rng: Rng, s1: number, s2: number): AffineMap {
  const t1 = rng.uniform(-Math.PI, Math.PI);
  const t2 = rng.uniform(-Math.PI, Math.PI);
  const d1x = sign(rng), d1y = sign(rng), d2x = sign(rng), d2y = sign(rng);
  const c1 = Math.cos(t1), n1 = Math.sin(t1), c2 = Math.cos(t2), n2 = Math.sin(t2);
  // M = R(θ1)·D1·diag(s1, s2) has columns s1·d1x·(c1, n1) and s2·d1y·(-n1, c1).
  const m00 = s1 * d1x * c1, m01 = -s2 * d1y * n1;
  const m10 = s1 * d1x * n1, m11 = s2 * d1y * c1;
  // times R(θ2) = [[c2, -n2], [n2, c2]], then D2 scales the columns.
  return {
    a: (m00 * c2 + m01 * n2) * d2x,
    b: (-m00 * n2 + m01 * c2) * d2y,
    c: (m10 * c2 + m11 * n2) * d2x,
    d: (-m10 * n2 + m11 * c2) * d2y,
    e: rng.uniform(-1, 1),
    f: rng.uniform(-1, 1),
  };
}

function sign(rng: Rng): number {
  return rng.next() < 0.5 ? -1 : 1;
}

export interface RandomIfsOptions {
  minMaps: number;
  maxMaps: number;
}

/** FractalDB search candidate: N ~ U{minMaps..maxMaps} (default 2..7), a..f ~ U(-1, 1). */
export function sampleRandomIfs(rng: Rng, options: RandomIfsOptions = { minMaps: 2, maxMaps: 7 }): Ifs {
  const { minMaps, maxMaps } = options;
  if (!Number.isInteger(minMaps) || !Number.isInteger(maxMaps) || minMaps < 1 || maxMaps < minMaps || maxMaps > 255) {
    throw new Error(`sampleRandomIfs: need integers 1 <= minMaps <= maxMaps <= 255, got ${minMaps}..${maxMaps}`);
  }
  const n = minMaps + rng.int(maxMaps - minMaps + 1);
  const ifs: Ifs = [];
  for (let i = 0; i < n; i++) {
    ifs.push({ a: rng.uniform(-1, 1), b: rng.uniform(-1, 1), c: rng.uniform(-1, 1), d: rng.uniform(-1, 1), e: rng.uniform(-1, 1), f: rng.uniform(-1, 1) });
  }
  return ifs;
}
