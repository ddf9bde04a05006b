/**
 * FractalDB / OFDB category search: draw random IFS (N maps, a..f ~ U(-1, 1))
 * and keep those whose render fills at least `minFill` of the canvas.
 */
import type { Rng } from "../util/rng";
import type { Ifs } from "./ifs";
import type { RenderPool } from "./render";
import { sampleRandomIfs } from "./sample";

export interface CategorySearchOptions {
  /** Categories wanted. */
  count: number;
  /** Accept a candidate when its fill rate is >= minFill (FractalDB: 0.2). */
  minFill: number;
  minMaps: number;
  maxMaps: number;
  /** Give up (with an error) after this many candidates. */
  maxCandidates: number;
}

export interface CategorySearchResult {
  systems: Ifs[];
  fills: number[];
  /** Candidates drawn in total (accepted + rejected + unused tail of the last batch). */
  candidates: number;
}

/**
 * Candidates come from one stream and are accepted in stream order, so the
 * result is the first `count` acceptable systems whatever the batch size or
 * worker count; batches only let the pool render candidates in parallel.
 */
export async function searchCategories(rng: Rng, o: CategorySearchOptions, pool: RenderPool, onProgress?: (found: number) => void): Promise<CategorySearchResult> {
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`categories: expected an integer >= 1, got ${o.count}`);
  if (!Number.isFinite(o.minFill) || o.minFill < 0 || o.minFill > 1) throw new Error(`searchMinFill: expected a fraction in [0, 1], got ${o.minFill}`);
  const systems: Ifs[] = [];
  const fills: number[] = [];
  let candidates = 0;
  while (systems.length < o.count) {
    if (candidates >= o.maxCandidates) {
      throw new Error(`category search: only ${systems.length} of ${o.count} systems reached fill >= ${o.minFill} in maxCandidates ${o.maxCandidates} candidates; lower searchMinFill or raise maxCandidates`);
    }
    const need = o.count - systems.length;
    const size = Math.min(o.maxCandidates - candidates, Math.max(8, 2 * need));
    const batch = Array.from({ length: size }, () => sampleRandomIfs(rng, { minMaps: o.minMaps, maxMaps: o.maxMaps }));
    candidates += size;
    const f = await pool.fills(batch.map((ifs) => ({ ifs })));
    for (let i = 0; i < size && systems.length < o.count; i++) {
      if (f[i] >= o.minFill) {
        systems.push(batch[i]);
        fills.push(f[i]);
      }
    }
    onProgress?.(systems.length);
  }
  return { systems, fills, candidates };
}
