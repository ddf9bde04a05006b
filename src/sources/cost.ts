/**
 * What a set will cost before it is built, so a huge request stops at once
 * with the numbers instead of starting silently and failing hours later.
 */
import { constants } from "buffer";
import * as os from "os";
import { UsageError } from "../util/errors";

export interface SetCost {
  images: number;
  /** Bytes of the images in memory (uint8, one array). */
  bytes: number;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Image count × size² × channels from a source's resolved parameters; null where they do not say (a real dataset). */
export function setCost(params: Record<string, unknown>): SetCost | null {
  const size = num(params.size);
  const count = num(params.L) ?? (num(params.categories) === null ? null : num(params.categories)! * (num(params.instances) ?? 1));
  if (size === null || count === null) return null;
  const channels = params.output === "rgb" || params.channels === 3 ? 3 : 1;
  return { images: count, bytes: count * size * size * channels };
}

const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;

/**
 * Throws one UsageError when `bytes` cannot be held: more than the machine's
 * free memory, or more than one array can hold (Node's buffer limit).
 */
export function checkMemory(what: string, bytes: number, free = os.freemem()): void {
  if (bytes > constants.MAX_LENGTH) throw new UsageError(`${what} needs ${gb(bytes)} in one array, beyond Node's limit of ${gb(constants.MAX_LENGTH)}; ask for fewer or smaller images`);
  if (bytes > 0.8 * free) throw new UsageError(`${what} needs ${gb(bytes)} of memory, and this machine has ${gb(free)} free; ask for fewer or smaller images`);
}

export function describeCost(c: SetCost): string {
  return `${c.images.toLocaleString("en-US")} images, ${c.bytes < 2 ** 30 ? `${(c.bytes / 2 ** 20).toFixed(1)} MB` : gb(c.bytes)} in memory`;
}
