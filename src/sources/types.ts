import type { SyntheticDataset } from "../types";

/** Options that change how a set is built, never what is built. */
export interface BuildOptions {
  /** Worker threads for rendering (default: all cores). Results must not depend on it. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Every synthetic pre-training source has this shape: typed parameters with
 * defaults, a validator that throws one clear error naming the bad field, and a
 * seeded builder. The registry (src/sources/index.ts) lists them by name.
 */
export interface SourceBuilder<P extends object> {
  name: string;
  description: string;
  defaults: P;
  validate(params: P): void;
  build(params: P, seed: number, options?: BuildOptions): Promise<SyntheticDataset>;
  /**
   * For a record made before renders were downsampled (no `rendering` in it):
   * the parameter values that give the behaviour of that time, from its params.
   */
  legacyParams?(params: Record<string, unknown>): Record<string, unknown>;
  /** Parameters that name files: read from a record (untrusted), they must stay inside its root folder. */
  pathParams?: string[];
}
