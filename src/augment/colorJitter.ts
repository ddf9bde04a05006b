/**
 * torchvision ColorJitter(brightness=j, contrast=j, saturation=j), hue 0 as
 * timm sets it: each factor ~ U(max(0, 1-j), 1+j), applied in random order.
 */
import type { Rng } from "../util/rng";
import { brightness, contrast, ImageView, saturation } from "./pixelOps";

const order = [0, 1, 2];

export function colorJitter(img: ImageView, strength: number, rng: Rng): void {
  // Reset first: the shuffle must depend only on the Rng, not on the last call.
  order[0] = 0;
  order[1] = 1;
  order[2] = 2;
  rng.shuffle(order);
  const lo = Math.max(0, 1 - strength);
  const hi = 1 + strength;
  for (const k of order) {
    const f = rng.uniform(lo, hi);
    if (k === 0) brightness(img, f);
    else if (k === 1) contrast(img, f);
    else saturation(img, f);
  }
}
