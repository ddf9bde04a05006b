import { describe, expect, it } from "vitest";
import {
  applyOp,
  augmentBatch,
  AugmentConfig,
  DEIT_FINETUNE_AUGMENT,
  DEIT_PRETRAIN_AUGMENT,
  evalBatch,
  NO_AUGMENT,
  RAND_AUGMENT_OPS,
} from "../src/augment";
import { sampleBeta } from "../src/augment/beta";
import { randomResizedCropBox } from "../src/augment/resample";
import type { ImageView } from "../src/augment/pixelOps";
import type { ImageSet } from "../src/types";
import { Rng } from "../src/util/rng";

/** count images of size x size x channels with varied, known pixel values. */
function makeSet(count: number, size: number, channels: number, numClasses = 4): ImageSet {
  const per = size * size * channels;
  const images = new Uint8Array(count * per);
  for (let i = 0; i < images.length; i++) images[i] = (i * 37 + 11) % 256;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % numClasses;
  return { images, labels, count, height: size, width: size, channels, numClasses };
}

const cfg = (over: Partial<AugmentConfig>): AugmentConfig => ({ ...NO_AUGMENT, mean: [0], std: [1], ...over });
const bytes = (x: Float32Array) => Array.from(x, (v) => Math.round(v * 255));

describe("augmentBatch switches", () => {
  const set = makeSet(6, 8, 3);
  const all = [0, 1, 2, 3, 4, 5];

  it("a no-op config returns the untouched pixels and one-hot targets", () => {
    const b = augmentBatch(set, all, cfg({}), { size: 8, channels: 3 }, new Rng(1));
    expect(bytes(b.x)).toEqual(Array.from(set.images));
    expect(b.mix?.mode).toBe("none");
    for (let i = 0; i < 6; i++) for (let c = 0; c < 4; c++) expect(b.y[i * 4 + c]).toBe(c === set.labels[i] ? 1 : 0);
  });

  it("hflip and vflip with probability 1 flip exactly", () => {
    const h = augmentBatch(set, [2], cfg({ hflip: 1 }), { size: 8, channels: 3 }, new Rng(1));
    const v = augmentBatch(set, [2], cfg({ vflip: 1 }), { size: 8, channels: 3 }, new Rng(1));
    const src = (y: number, x: number, c: number) => set.images[2 * 192 + (y * 8 + x) * 3 + c];
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) for (let c = 0; c < 3; c++) {
      expect(Math.round(h.x[(y * 8 + x) * 3 + c] * 255)).toBe(src(y, 7 - x, c));
      expect(Math.round(v.x[(y * 8 + x) * 3 + c] * 255)).toBe(src(7 - y, x, c));
    }
  });

  it("every single switch changes the output and is off by default", () => {
    const base = bytes(augmentBatch(set, all, cfg({}), { size: 8, channels: 3 }, new Rng(3)).x);
    const toggles: Partial<AugmentConfig>[] = [
      { randomResizedCrop: true, cropScale: [0.2, 0.5], cropRatio: [0.75, 1.33] },
      { randAugment: true, randAugmentOps: 3, randAugmentMagnitude: 9 },
      { colorJitter: 0.4 },
      { randomErasing: 1 },
      { mixupAlpha: 0.8 },
      { cutmixAlpha: 1 },
    ];
    for (const t of toggles) {
      const out = bytes(augmentBatch(set, all, cfg(t), { size: 8, channels: 3 }, new Rng(3)).x);
      expect(out, JSON.stringify(t)).not.toEqual(base);
    }
  });

  it("colour jitter is ignored when RandAugment is on (timm behaviour)", () => {
    const ra = { randAugment: true, randAugmentOps: 2, randAugmentMagnitude: 9 };
    const a = augmentBatch(set, all, cfg(ra), { size: 8, channels: 3 }, new Rng(5));
    const b = augmentBatch(set, all, cfg({ ...ra, colorJitter: 0.4 }), { size: 8, channels: 3 }, new Rng(5));
    expect(b.x).toEqual(a.x);
  });

  it("randomAspect false gives square crops (same result as ratio [1,1])", () => {
    const rrc = { randomResizedCrop: true, cropScale: [0.1, 0.6] as [number, number] };
    const a = augmentBatch(set, all, cfg({ ...rrc, cropRatio: [0.5, 2], randomAspect: false }), { size: 8, channels: 3 }, new Rng(9));
    const b = augmentBatch(set, all, cfg({ ...rrc, cropRatio: [1, 1], randomAspect: true }), { size: 8, channels: 3 }, new Rng(9));
    expect(a.x).toEqual(b.x);
  });

  it("random erasing with probability 1 replaces one box with N(0,1) noise", () => {
    const big = makeSet(1, 32, 1);
    const b = augmentBatch(big, [0], cfg({ randomErasing: 1 }), { size: 32, channels: 1 }, new Rng(2));
    const changed: number[] = [];
    for (let i = 0; i < 1024; i++) if (Math.round(b.x[i] * 255) !== big.images[i]) changed.push(b.x[i]);
    expect(changed.length).toBeGreaterThanOrEqual(Math.floor(0.02 * 1024) - 5);
    expect(changed.length).toBeLessThanOrEqual(Math.ceil(1024 / 3) + 40);
    const mean = changed.reduce((a, v) => a + v, 0) / changed.length;
    const variance = changed.reduce((a, v) => a + (v - mean) ** 2, 0) / changed.length;
    expect(Math.abs(mean)).toBeLessThan(0.4);
    expect(variance).toBeGreaterThan(0.5);
    expect(variance).toBeLessThan(1.6);
  });
});

describe("mixing and targets", () => {
  const set = makeSet(8, 16, 1, 5);
  const all = [0, 1, 2, 3, 4, 5, 6, 7];

  it("mixup: targets sum to 1 and images are the lambda blend with the reversed batch", () => {
    const plain = augmentBatch(set, all, cfg({}), { size: 16, channels: 1 }, new Rng(4));
    const b = augmentBatch(set, all, cfg({ mixupAlpha: 0.8 }), { size: 16, channels: 1 }, new Rng(4));
    expect(b.mix?.mode).toBe("mixup");
    const lam = b.mix!.lam;
    expect(lam).toBeGreaterThan(0);
    expect(lam).toBeLessThan(1);
    for (let i = 0; i < 8; i++) {
      let s = 0;
      for (let c = 0; c < 5; c++) s += b.y[i * 5 + c];
      expect(s).toBeCloseTo(1, 5);
      const j = 7 - i;
      expect(b.x[i * 256 + 17]).toBeCloseTo(lam * plain.x[i * 256 + 17] + (1 - lam) * plain.x[j * 256 + 17], 5);
    }
  });

  it("cutmix: lambda equals 1 - pasted area, pixels in the box come from the partner", () => {
    const plain = augmentBatch(set, all, cfg({}), { size: 16, channels: 1 }, new Rng(4));
    for (let seed = 0; seed < 10; seed++) {
      const b = augmentBatch(set, all, cfg({ cutmixAlpha: 1 }), { size: 16, channels: 1 }, new Rng(seed));
      expect(b.mix?.mode).toBe("cutmix");
      const box = b.mix!.box!;
      let pasted = 0;
      for (let p = 0; p < 256; p++) if (b.x[p] !== plain.x[p]) pasted++;
      const y = Math.floor(box.top + box.height / 2), x = Math.floor(box.left + box.width / 2);
      if (box.height * box.width > 0) expect(b.x[y * 16 + x]).toBe(plain.x[7 * 256 + y * 16 + x]);
      expect(pasted).toBeLessThanOrEqual(box.height * box.width);
      expect(b.mix!.lam).toBeCloseTo(1 - (box.height * box.width) / 256, 10);
      expect(b.y[0 * 5 + set.labels[0]]).toBeCloseTo(b.mix!.lam, 5);
      for (let i = 0; i < 8; i++) expect(b.y.slice(i * 5, i * 5 + 5).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    }
  });

  it("label smoothing gives 1 - s + s/K and s/K", () => {
    const b = augmentBatch(set, all, cfg({ labelSmoothing: 0.1 }), { size: 16, channels: 1 }, new Rng(0));
    for (let i = 0; i < 8; i++) for (let c = 0; c < 5; c++) {
      expect(b.y[i * 5 + c]).toBeCloseTo(c === set.labels[i] ? 0.92 : 0.02, 6);
    }
  });

  it("mixProb 0 never mixes; switch prob picks cutmix vs mixup", () => {
    const none = augmentBatch(set, all, cfg({ mixupAlpha: 0.8, cutmixAlpha: 1, mixProb: 0 }), { size: 16, channels: 1 }, new Rng(0));
    expect(none.mix?.mode).toBe("none");
    const modes = { mixup: 0, cutmix: 0, none: 0 };
    const rng = new Rng(11);
    for (let k = 0; k < 200; k++) modes[drawMode(rng)]++;
    expect(modes.cutmix).toBeGreaterThan(70);
    expect(modes.mixup).toBeGreaterThan(70);
    function drawMode(r: Rng) {
      return augmentBatch(set, [0, 1], cfg({ mixupAlpha: 0.8, cutmixAlpha: 1, mixupSwitchProb: 0.5 }), { size: 4, channels: 1 }, r).mix!.mode;
    }
  });

  it("Beta(0.8, 0.8) samples have the right mean and variance", () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 20000 }, () => sampleBeta(0.8, 0.8, rng));
    const m = xs.reduce((a, v) => a + v, 0) / xs.length;
    const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
    expect(m).toBeCloseTo(0.5, 1);
    expect(v).toBeCloseTo(1 / (4 * 2.6), 2);
  });
});

describe("shapes, normalisation, resize, channels", () => {
  it("normalises with per-channel mean/std and broadcasts length-1 lists", () => {
    const set: ImageSet = { images: new Uint8Array([0, 255, 51]), labels: new Int32Array([0]), count: 1, height: 1, width: 1, channels: 3, numClasses: 2 };
    const b = evalBatch(set, [0], { size: 1, channels: 3 }, [0.1, 0.2, 0.3], [0.5]);
    expect(b.x[0]).toBeCloseTo((0 - 0.1) / 0.5, 5);
    expect(b.x[1]).toBeCloseTo((1 - 0.2) / 0.5, 5);
    expect(b.x[2]).toBeCloseTo((0.2 - 0.3) / 0.5, 5);
    const grey = evalBatch(set, [0], { size: 1, channels: 1 }, DEIT_FINETUNE_AUGMENT.mean, DEIT_FINETUNE_AUGMENT.std);
    const lum = Math.round(0.299 * 0 + 0.587 * 255 + 0.114 * 51);
    expect(grey.x[0]).toBeCloseTo((lum / 255 - (0.485 + 0.456 + 0.406) / 3) / ((0.229 + 0.224 + 0.225) / 3), 5);
  });

  it("output shapes follow the target, y is one-hot for eval", () => {
    const set = makeSet(5, 12, 1, 3);
    const b = augmentBatch(set, [4, 0, 2], DEIT_PRETRAIN_AUGMENT, { size: 7, channels: 3 }, new Rng(0));
    expect([b.n, b.size, b.channels, b.numClasses]).toEqual([3, 7, 3, 3]);
    expect(b.x.length).toBe(3 * 7 * 7 * 3);
    expect(b.y.length).toBe(9);
    expect(Array.from(b.labels)).toEqual([1, 0, 2]);
    expect(b.x.every(Number.isFinite)).toBe(true);
  });

  it("bilinear 2x downscale averages 2x2 blocks; 2x upscale of a 2x1 ramp interpolates", () => {
    const img = new Uint8Array([0, 100, 20, 40, 200, 60, 80, 120, 10, 10, 10, 10, 30, 30, 30, 30]);
    const set: ImageSet = { images: img, labels: new Int32Array([0]), count: 1, height: 4, width: 4, channels: 1, numClasses: 1 };
    const b = evalBatch(set, [0], { size: 2, channels: 1 }, [0], [1]);
    // The triangle filter at scale 2 weights the 4 nearest source samples 1:3:3:1 on each axis.
    const ref = (r: number, c: number) => {
      const w = [1 / 8, 3 / 8, 3 / 8, 1 / 8];
      let s = 0, tw = 0;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) {
        const y = 2 * r - 1 + dy, x = 2 * c - 1 + dx;
        if (y < 0 || y > 3 || x < 0 || x > 3) continue;
        s += w[dy] * w[dx] * img[y * 4 + x];
        tw += w[dy] * w[dx];
      }
      return Math.round(s / tw);
    };
    expect(bytes(b.x)).toEqual([ref(0, 0), ref(0, 1), ref(1, 0), ref(1, 1)]);
    const ramp: ImageSet = { images: new Uint8Array([0, 200]), labels: new Int32Array([0]), count: 1, height: 1, width: 2, channels: 1, numClasses: 1 };
    const up = evalBatch(ramp, [0], { size: 4, channels: 1 }, [0], [1]);
    expect(bytes(up.x.slice(0, 4))).toEqual([0, 50, 150, 200]);
  });

  it("grey -> RGB replicates the channel", () => {
    const set = makeSet(1, 4, 1);
    const b = evalBatch(set, [0], { size: 4, channels: 3 }, [0], [1]);
    for (let p = 0; p < 16; p++) for (let c = 0; c < 3; c++) expect(Math.round(b.x[p * 3 + c] * 255)).toBe(set.images[p]);
  });

  it("same seed = identical batch, different seed = different batch (full DeiT recipe)", () => {
    const set = makeSet(16, 20, 3, 4);
    const idx = Array.from({ length: 16 }, (_, i) => i);
    const a = augmentBatch(set, idx, DEIT_PRETRAIN_AUGMENT, { size: 16, channels: 3 }, new Rng(42));
    const b = augmentBatch(set, idx, DEIT_PRETRAIN_AUGMENT, { size: 16, channels: 3 }, new Rng(42));
    const c = augmentBatch(set, idx, DEIT_PRETRAIN_AUGMENT, { size: 16, channels: 3 }, new Rng(43));
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    expect(a.x).not.toEqual(c.x);
  });

  it("bad config and bad inputs give one clear error naming the field", () => {
    const set = makeSet(2, 4, 1);
    expect(() => augmentBatch(set, [0], { ...NO_AUGMENT, hflip: 2 }, { size: 4, channels: 1 }, new Rng(0))).toThrow(/hflip/);
    expect(() => augmentBatch(set, [0], { ...NO_AUGMENT, mean: [0.1, 0.2] }, { size: 4, channels: 3 }, new Rng(0))).toThrow(/mean has 2 entries/);
    expect(() => augmentBatch(set, [5], NO_AUGMENT, { size: 4, channels: 1 }, new Rng(0))).toThrow(/indices\[0\] = 5/);
    expect(() => evalBatch(set, [0], { size: 4, channels: 2 }, [0], [1])).toThrow(/target.channels/);
    const badLabel = { ...set, labels: Int32Array.from([0, 9]) };
    expect(() => evalBatch(badLabel, [1], { size: 4, channels: 1 }, [0], [1])).toThrow("augment: label 9 of image 1 outside [0, 4)");
  });
});

describe("RandomResizedCrop boxes", () => {
  it("area and aspect stay in range, boxes stay inside the image", () => {
    const rng = new Rng(7);
    let small = 0;
    for (let k = 0; k < 2000; k++) {
      const b = randomResizedCropBox(60, 80, [0.08, 1], [3 / 4, 4 / 3], rng);
      const area = (b.width * b.height) / (60 * 80);
      expect(area).toBeGreaterThan(0.06);
      expect(area).toBeLessThanOrEqual(1);
      expect(b.width / b.height).toBeGreaterThan(0.7);
      expect(b.width / b.height).toBeLessThan(1.43);
      expect(b.top >= 0 && b.left >= 0 && b.top + b.height <= 60 && b.left + b.width <= 80).toBe(true);
      if (area < 0.3) small++;
    }
    expect(small).toBeGreaterThan(400); // area ~ U(0.08, 1): about 24% below 0.3
  });

  it("falls back to a centre crop with the ratio clamped when nothing fits", () => {
    expect(randomResizedCropBox(10, 100, [1, 1], [1, 1], new Rng(0))).toEqual({ top: 0, left: 45, height: 10, width: 10 });
  });
});

describe("RandAugment ops", () => {
  function view(pixels: number[], size: number, channels: number): ImageView {
    return { data: Uint8Array.from(pixels), offset: 0, size, channels, scratch: new Uint8Array(pixels.length), fill: new Uint8Array(channels).fill(128) };
  }
  const ramp = Array.from({ length: 16 }, (_, i) => 40 + i * 10);

  it("identity keeps, magnitude 0 enhance/shear/translate keep the image", () => {
    for (const op of ["identity", "brightness", "contrast", "sharpness", "shearX", "translateY", "rotate"] as const) {
      const v = view(ramp, 4, 1);
      applyOp(op, v, 0, new Rng(0));
      expect(Array.from(v.data), op).toEqual(ramp);
    }
  });

  it("solarize, posterize, autocontrast, equalize follow PIL semantics", () => {
    const v = view(ramp, 4, 1);
    applyOp("solarize", v, 9, new Rng(0)); // threshold 256 - 230 = 26: every value >= 26 inverts
    expect(Array.from(v.data)).toEqual(ramp.map((p) => 255 - p));
    const p = view(ramp, 4, 1);
    applyOp("posterize", p, 9, new Rng(0)); // 4 - 3 = 1 bit
    expect(Array.from(p.data)).toEqual(ramp.map((x) => x & 0x80));
    const a = view(ramp, 4, 1);
    applyOp("autoContrast", a, 9, new Rng(0));
    expect(a.data[0]).toBe(0);
    expect(a.data[15]).toBe(255);
    // 1024 pixels spread evenly over 40..71: equalisation stretches them over ~0..255, keeping order.
    const narrow = Array.from({ length: 1024 }, (_, i) => 40 + (i % 32));
    const e = view(narrow, 32, 1);
    applyOp("equalize", e, 9, new Rng(0));
    expect(e.data[0]).toBeLessThan(10);
    expect(e.data[31]).toBeGreaterThan(230);
    for (let i = 1; i < 32; i++) expect(e.data[i]).toBeGreaterThanOrEqual(e.data[i - 1]);
    expect(e.data[1] - e.data[0]).toBe(11); // PIL lut: (step/2 + 32) / step with step = (1024 - 32) / 255 = 3
    const tiny = view(ramp, 4, 1);
    applyOp("equalize", tiny, 9, new Rng(0)); // PIL: fewer than 256 pixels outside the top bin -> unchanged
    expect(Array.from(tiny.data)).toEqual(ramp);
  });

  it("translate by the magnitude shifts pixels and fills with the fill colour", () => {
    const size = 20;
    const img = Array.from({ length: size * size }, (_, i) => (i % size) * 10);
    const v = view(img, size, 1);
    applyOp("translateX", v, 10 / 9, new Rng(0)); // 0.45 * 20 * (1/9) = 1 px, sign from the Rng
    const shift = v.data[5] === img[6] ? 1 : -1;
    for (let x = 2; x < size - 2; x++) expect(v.data[x]).toBe(img[x + shift]);
    expect(v.data[shift > 0 ? size - 1 : 0]).toBe(128);
  });

  it("every op keeps values in range and the op list is the documented set", () => {
    expect(RAND_AUGMENT_OPS.length).toBe(14);
    const rng = new Rng(3);
    for (const op of RAND_AUGMENT_OPS) {
      const v = view(Array.from({ length: 48 }, (_, i) => (i * 53) % 256), 4, 3);
      applyOp(op, v, 9, rng);
      expect(v.data.length).toBe(48);
    }
  });
});
