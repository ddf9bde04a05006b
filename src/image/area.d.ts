/** Types for area.js (plain CommonJS so the render kernel's worker threads share it). */

/** Exact box-filter downsampling of a 1-channel uint8 image into out (outWidth x outHeight bytes at outOffset). */
export function areaDownsample(
  src: Uint8Array,
  width: number,
  height: number,
  out: Uint8Array,
  outWidth: number,
  outHeight: number,
  outOffset?: number,
): void;
