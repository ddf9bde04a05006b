/** Types for kernel.js (plain CommonJS so worker threads can load it without a TypeScript loader). */

/** Render tasks packed into flat typed arrays (cheap to transfer to a worker). */
export interface PackedBatch {
  count: number;
  /** Maps per task. */
  nMaps: Int32Array;
  /** Index of each task's first map; its parameters start at params[6 * offset], its probabilities at cum[offset]. */
  offsets: Int32Array;
  /** a, b, c, d, e, f per map. */
  params: Float64Array;
  /** Cumulative map probabilities per map. */
  cum: Float64Array;
  /** XORed into every shared 3x3 patch mask (0 keeps the sequence's masks). */
  patchKeys: Uint16Array;
  /** Seed of each task's own masks (perImageMasks). */
  maskSeeds: Uint32Array;
  /** Bit 0: flip horizontally, bit 1: flip vertically. */
  flips: Uint8Array;
}

/** The per-point randomness shared by every task of a render: map choice and (shared) patch mask. */
export interface RenderSequence {
  uniforms: Float64Array;
  masks: Uint16Array;
}

export interface KernelOptions {
  /** Side of the delivered image. */
  size: number;
  /** Side of the canvas drawn on, then area-downsampled to size. */
  renderSize: number;
  points: number;
  /** MODE_POINT, MODE_PATCH or MODE_DENSITY. */
  mode: number;
  /** Each task draws its masks from its maskSeed instead of the shared sequence. */
  perImageMasks: boolean;
  fixedPointStart: boolean;
  keepAspect: boolean;
  /** Fraction of the side left empty on each edge. */
  padding: number;
}

export const MODE_POINT: number;
export const MODE_PATCH: number;
export const MODE_DENSITY: number;

/** Renders every task into out (count x size x size bytes; null = fills only) and returns each one's fill rate at renderSize. */
export function renderBatch(batch: PackedBatch, sequence: RenderSequence, opts: KernelOptions, out: Uint8Array | null): Float64Array;
