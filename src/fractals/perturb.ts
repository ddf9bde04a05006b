/**
 * LIEP perturbations: class k of a 1p-frac set is the base IFS with its 6N
 * parameters perturbed by ε_k drawn inside a box of size Δ.
 */
import type { Rng } from "../util/rng";
import { ifsFromArray, ifsToArray, type Ifs } from "./ifs";

/** "multiplicative": θ' = θ ⊙ (1 + ε), ε ~ U(-Δ, Δ) (released code, default). "additive": θ' = θ + ε, ε ~ U(-Δ/2, Δ/2) (paper Eq. 9). */
export type PerturbationMode = "multiplicative" | "additive";
export const PERTURBATION_MODES: readonly PerturbationMode[] = ["multiplicative", "additive"];

export interface PerturbOptions {
  delta: number;
  mode: PerturbationMode;
}

export function assertPerturbOptions(o: PerturbOptions): void {
  if (!Number.isFinite(o.delta) || o.delta < 0) throw new Error(`delta: expected a finite number >= 0, got ${o.delta}`);
  if (!PERTURBATION_MODES.includes(o.mode)) throw new Error(`perturbation: expected one of ${PERTURBATION_MODES.join(", ")}, got ${JSON.stringify(o.mode)}`);
}

export function perturbIfs(ifs: Ifs, rng: Rng, options: PerturbOptions): Ifs {
  assertPerturbOptions(options);
  const { delta, mode } = options;
  const values = ifsToArray(ifs).map((v) =>
    mode === "multiplicative" ? v * (1 + rng.uniform(-delta, delta)) : v + rng.uniform(-delta / 2, delta / 2),
  );
  return ifsFromArray(values);
}
