/**
 * Chaos-game rendering of IFS tasks, in this thread or in worker threads.
 * The drawing itself is kernel.js (one implementation for both); this module
 * validates options, builds the shared per-point randomness, packs tasks into
 * typed arrays and hands batches to workers. Output bytes never depend on the
 * worker count: every task is rendered independently and put back by index.
 */
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { RenderingRecord } from "../types";
import { Rng } from "../util/rng";
import { assertIfs, cumulativeProbabilities, ifsToArray, mapProbabilities, type Ifs } from "./ifs";
import { MODE_DENSITY, MODE_PATCH, MODE_POINT, renderBatch, type KernelOptions, type PackedBatch, type RenderSequence } from "./kernel";

export type RenderMode = "point" | "patch" | "density";
export type StartPoint = "origin" | "fixedPoint";
export type Normalisation = "perAxis" | "keepAspect";
/** "perImage": every image draws its own 3x3 masks (reference: Python's random is never reseeded); "shared": one mask sequence for all (ablation, and sets recorded before masks were per image). */
export type MaskMode = "perImage" | "shared";
export const MASK_MODES: readonly MaskMode[] = ["perImage", "shared"];
/** How a render reaches the training size: exact box filter with fractional pixel coverage. */
export const RESAMPLING = "area";
export const MAX_RENDER_SIZE = 2048;

export interface RenderOptions {
  /** Side of the delivered (training) image in pixels (4..renderSize). */
  size: number;
  /** Side of the canvas the chaos game draws on (size..2048); the image is then area-downsampled to size. Fill rates are measured here. */
  renderSize: number;
  /** Chaos-game iterations per image (T), at renderSize. */
  pointsPerImage: number;
  /** "patch": each point stamps a random 3x3 mask of grey 127 (reference default); "point": one grey pixel; "density": log hit counts 0..255. */
  mode: RenderMode;
  masks: MaskMode;
  start: StartPoint;
  /** "perAxis" scales x and y independently (reference); "keepAspect" keeps the shape. */
  normalisation: Normalisation;
  /** Empty margin on each edge as a fraction of the side (the reference's 6 px of 512 is about 0.012). */
  padding: number;
}

/** The 1p-frac reference: one 512 px canvas, 100k points, patch mode, fresh masks per image. */
export const DEFAULT_RENDER: RenderOptions = {
  size: 64,
  renderSize: 512,
  pointsPerImage: 100_000,
  mode: "patch",
  masks: "perImage",
  start: "origin",
  normalisation: "perAxis",
  padding: 0.02,
};

/** What a record keeps about how a fractal set reached its pixels. */
export function fractalRendering(o: RenderOptions): RenderingRecord {
  return { renderSize: o.renderSize, pointsPerImage: o.pointsPerImage, resampling: RESAMPLING };
}

/** Just the RenderOptions fields of a source's params (a RenderPool keeps and exposes what it is given). */
export function pickRenderOptions(o: RenderOptions): RenderOptions {
  return { size: o.size, renderSize: o.renderSize, pointsPerImage: o.pointsPerImage, mode: o.mode, masks: o.masks, start: o.start, normalisation: o.normalisation, padding: o.padding };
}

const MODES: Record<RenderMode, number> = { point: MODE_POINT, patch: MODE_PATCH, density: MODE_DENSITY };

export function assertRenderOptions(o: RenderOptions): void {
  if (!Number.isInteger(o.size) || o.size < 4 || o.size > MAX_RENDER_SIZE) throw new Error(`size: expected an integer in 4..${MAX_RENDER_SIZE} px, got ${o.size}`);
  if (!Number.isInteger(o.renderSize) || o.renderSize < o.size || o.renderSize > MAX_RENDER_SIZE) {
    throw new Error(`renderSize: expected an integer in ${o.size}..${MAX_RENDER_SIZE} px (at least size, at most ${MAX_RENDER_SIZE}), got ${o.renderSize}`);
  }
  if (!Number.isInteger(o.pointsPerImage) || o.pointsPerImage < 1 || o.pointsPerImage > 10_000_000) {
    throw new Error(`pointsPerImage: expected an integer in 1..10000000, got ${o.pointsPerImage}`);
  }
  if (!(o.mode in MODES)) throw new Error(`mode: expected one of ${Object.keys(MODES).join(", ")}, got ${JSON.stringify(o.mode)}`);
  if (!MASK_MODES.includes(o.masks)) throw new Error(`masks: expected one of ${MASK_MODES.join(", ")}, got ${JSON.stringify(o.masks)}`);
  if (o.start !== "origin" && o.start !== "fixedPoint") throw new Error(`start: expected "origin" or "fixedPoint", got ${JSON.stringify(o.start)}`);
  if (o.normalisation !== "perAxis" && o.normalisation !== "keepAspect") {
    throw new Error(`normalisation: expected "perAxis" or "keepAspect", got ${JSON.stringify(o.normalisation)}`);
  }
  if (!Number.isFinite(o.padding) || o.padding < 0 || o.padding >= 0.5) throw new Error(`padding: expected a fraction in [0, 0.5), got ${o.padding}`);
}

function kernelOptions(o: RenderOptions): KernelOptions {
  return {
    size: o.size,
    renderSize: o.renderSize,
    points: o.pointsPerImage,
    mode: MODES[o.mode],
    perImageMasks: o.masks === "perImage",
    fixedPointStart: o.start === "fixedPoint",
    keepAspect: o.normalisation === "keepAspect",
    padding: o.padding,
  };
}

/**
 * The per-point randomness of a render (map-choice uniforms and, for shared
 * masks, 3x3 masks) from one seed. Shared by every task, so perturbed classes
 * follow the same map choices, as in the 1p-frac code.
 */
export function makeRenderSequence(renderSeed: number, points: number): RenderSequence {
  const rng = new Rng(renderSeed);
  const uniforms = new Float64Array(points);
  const masks = new Uint16Array(points);
  for (let t = 0; t < points; t++) {
    uniforms[t] = rng.next();
    masks[t] = rng.nextUint32() >>> 23; // 9 bits, one per cell of the 3x3 patch
  }
  return { uniforms, masks };
}

/** One image to draw. */
export interface RenderTask {
  ifs: Ifs;
  /** Map probabilities; default: from ifs. 1p-frac passes the UNPERTURBED system's. */
  probabilities?: number[];
  /** Seed of this image's own 3x3 masks (masks "perImage"). */
  maskSeed?: number;
  /** 0..511, XORed into the shared patch masks (masks "shared"). */
  patchKey?: number;
  flipX?: boolean;
  flipY?: boolean;
}

export interface RenderResult {
  /** count x size x size, one byte per pixel (area-downsampled from renderSize). */
  images: Uint8Array;
  /** Fraction of non-zero pixels per image, at renderSize. */
  fills: Float64Array;
}

function pack(tasks: RenderTask[]): PackedBatch {
  const totalMaps = tasks.reduce((s, t) => s + t.ifs.length, 0);
  const batch: PackedBatch = {
    count: tasks.length,
    nMaps: new Int32Array(tasks.length),
    offsets: new Int32Array(tasks.length),
    params: new Float64Array(6 * totalMaps),
    cum: new Float64Array(totalMaps),
    patchKeys: new Uint16Array(tasks.length),
    maskSeeds: new Uint32Array(tasks.length),
    flips: new Uint8Array(tasks.length),
  };
  let offset = 0;
  tasks.forEach((t, i) => {
    const probabilities = t.probabilities ?? mapProbabilities(t.ifs);
    if (probabilities.length !== t.ifs.length) {
      throw new Error(`render task ${i}: ${probabilities.length} probabilities for ${t.ifs.length} maps`);
    }
    batch.nMaps[i] = t.ifs.length;
    batch.offsets[i] = offset;
    batch.params.set(ifsToArray(t.ifs), 6 * offset);
    batch.cum.set(cumulativeProbabilities(probabilities), offset);
    batch.patchKeys[i] = (t.patchKey ?? 0) & 511;
    batch.maskSeeds[i] = (t.maskSeed ?? 0) >>> 0;
    batch.flips[i] = (t.flipX ? 1 : 0) | (t.flipY ? 2 : 0);
    offset += t.ifs.length;
  });
  return batch;
}

export interface PoolOptions {
  /** Worker threads (default: available cores). 1 renders in this thread. */
  workers?: number;
  /** Jobs with fewer points in total render in this thread (starting workers costs ~50 ms). */
  minPointsForWorkers?: number;
}

export function defaultWorkerCount(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

interface Pending {
  resolve: (r: { out: Uint8Array | null; fills: Float64Array }) => void;
  reject: (e: Error) => void;
}

/**
 * Renders task lists with one fixed sequence and options. Workers start on the
 * first job big enough to need them and stay until close(); batches are
 * handed out on demand so a busy core does not hold back the others.
 */
export class RenderPool {
  private readonly sequence: RenderSequence;
  private readonly kernelOpts: KernelOptions;
  private readonly workerCount: number;
  private readonly minPoints: number;
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(readonly options: RenderOptions, renderSeed: number, pool: PoolOptions = {}) {
    assertRenderOptions(options);
    const workers = pool.workers ?? defaultWorkerCount();
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers: expected an integer >= 1, got ${workers}`);
    this.workerCount = workers;
    this.minPoints = pool.minPointsForWorkers ?? 4_000_000;
    this.sequence = makeRenderSequence(renderSeed, options.pointsPerImage);
    this.kernelOpts = kernelOptions(options);
  }

  /** Renders tasks in order; onProgress gets the number of images finished so far. */
  render(tasks: RenderTask[], onProgress?: (done: number) => void): Promise<RenderResult> {
    return this.run(tasks, true, onProgress);
  }

  /** Only the render-size fill rates (category search): no image leaves the kernel. */
  async fills(tasks: RenderTask[]): Promise<Float64Array> {
    return (await this.run(tasks, false)).fills;
  }

  /** Full-resolution canvases live only inside the kernel, one at a time per thread: only size x size images come back. */
  private async run(tasks: RenderTask[], withImages: boolean, onProgress?: (done: number) => void): Promise<RenderResult> {
    tasks.forEach((t, i) => assertIfs(t.ifs, `render task ${i}`));
    const px = withImages ? this.options.size * this.options.size : 0;
    const images = new Uint8Array(tasks.length * px);
    const fills = new Float64Array(tasks.length);
    const useWorkers = this.workerCount > 1 && tasks.length > 1 && tasks.length * this.options.pointsPerImage >= this.minPoints;
    if (useWorkers) this.startWorkers();
    const lanes = useWorkers ? this.workers.length : 1;
    // Several chunks per lane balance the load and let progress show; chunks are placed back by index.
    const chunk = Math.max(1, Math.min(64, Math.ceil(tasks.length / (4 * lanes))));
    let next = 0;
    let done = 0;
    const runLane = async (w: Worker | null): Promise<void> => {
      while (next < tasks.length) {
        const start = next;
        const end = Math.min(tasks.length, start + chunk);
        next = end;
        const batch = pack(tasks.slice(start, end));
        if (w === null) {
          fills.set(renderBatch(batch, this.sequence, this.kernelOpts, withImages ? images.subarray(start * px, end * px) : null), start);
        } else {
          const r = await this.send(w, batch, withImages);
          if (r.out) images.set(r.out, start * px);
          fills.set(r.fills, start);
        }
        done += end - start;
        onProgress?.(done);
      }
    };
    await Promise.all(useWorkers ? this.workers.map(runLane) : [runLane(null)]);
    return { images, fills };
  }

  /** Stops the worker threads (the pool can still render; workers restart on demand). */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private startWorkers(): void {
    if (this.workers.length > 0) return;
    const file = path.join(__dirname, "renderWorker.js");
    for (let i = 0; i < this.workerCount; i++) {
      const w = new Worker(file, { workerData: { sequence: this.sequence, opts: this.kernelOpts } });
      w.on("message", (msg: { id: number; out?: Uint8Array | null; fills?: Float64Array; error?: string }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error !== undefined) p.reject(new Error(`render worker: ${msg.error}`));
        else p.resolve({ out: msg.out!, fills: msg.fills! });
      });
      w.on("error", (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  private send(w: Worker, batch: PackedBatch, withImages: boolean): Promise<{ out: Uint8Array | null; fills: Float64Array }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const transfer = [batch.nMaps, batch.offsets, batch.params, batch.cum, batch.patchKeys, batch.maskSeeds, batch.flips].map((a) => a.buffer as ArrayBuffer);
      w.postMessage({ id, batch, withImages }, transfer);
    });
  }
}

/** Renders tasks once (a pool that lives for one call). */
export async function renderTasks(tasks: RenderTask[], options: RenderOptions, renderSeed: number, pool: PoolOptions = {}): Promise<RenderResult> {
  const p = new RenderPool(options, renderSeed, pool);
  try {
    return await p.render(tasks);
  } finally {
    await p.close();
  }
}

/** One IFS to one size x size image, in this thread (renderSize defaults to size). */
export function renderIfs(ifs: Ifs, options: Partial<RenderOptions> = {}, renderSeed = 0, maskSeed = 0): Uint8Array {
  const size = options.size ?? DEFAULT_RENDER.size;
  const opts: RenderOptions = { ...DEFAULT_RENDER, renderSize: size, ...options };
  assertRenderOptions(opts);
  assertIfs(ifs);
  const out = new Uint8Array(opts.size * opts.size);
  renderBatch(pack([{ ifs, maskSeed }]), makeRenderSequence(renderSeed, opts.pointsPerImage), kernelOptions(opts), out);
  return out;
}

/** Fraction of non-zero pixels. */
export function fillRate(img: Uint8Array): number {
  if (img.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < img.length; i++) if (img[i] !== 0) n++;
  return n / img.length;
}
