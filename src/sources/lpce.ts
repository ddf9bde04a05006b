/**
 * What every non-fractal source in this folder shares: the common LPCE
 * parameters (size, L, delta), field validation with one clear message, the
 * ε draws, and the loop that renders one image per class into a
 * SyntheticDataset with its record and timings.
 */
import { RECORD_VERSION, type SyntheticDataset } from "../types";
import { areaResize, type Image } from "../image/image";
import type { BuildOptions, SourceBuilder } from "./types";
import { Rng } from "../util/rng";

export interface LpceParams {
  /** Image side in pixels. */
  size: number;
  /** Number of classes = perturbations of the base. */
  L: number;
  /** Perturbation box size Δ. */
  delta: number;
}

/** A source that can render its unperturbed base object (for contact sheets). */
export interface BaseRenderer<P> {
  renderBase(params: P, seed: number): Image;
}

export type RenderableSource<P extends object> = SourceBuilder<P> & BaseRenderer<P>;

export interface NumberRule {
  min?: number;
  max?: number;
  /** Strict lower bound (value must be greater). */
  above?: number;
  integer?: boolean;
}

/** Throws `<source>.<field>: ...` unless the value obeys the rule. */
export function checkNumber(source: string, field: string, value: unknown, rule: NumberRule): void {
  const where = `${source}.${field}`;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${where}: expected a finite number, got ${JSON.stringify(value)}`);
  if (rule.integer && !Number.isInteger(value)) throw new Error(`${where}: expected an integer, got ${value}`);
  if (rule.min !== undefined && value < rule.min) throw new Error(`${where}: must be >= ${rule.min}, got ${value}`);
  if (rule.max !== undefined && value > rule.max) throw new Error(`${where}: must be <= ${rule.max}, got ${value}`);
  if (rule.above !== undefined && value <= rule.above) throw new Error(`${where}: must be > ${rule.above}, got ${value}`);
}

export function checkChoice<T extends string>(source: string, field: string, value: unknown, choices: readonly T[]): void {
  if (!choices.includes(value as T)) throw new Error(`${source}.${field}: expected one of ${choices.join(", ")}, got ${JSON.stringify(value)}`);
}

export function validateLpce(source: string, p: LpceParams): void {
  checkNumber(source, "size", p.size, { min: 4, max: 4096, integer: true });
  checkNumber(source, "L", p.L, { min: 1, integer: true });
  checkNumber(source, "delta", p.delta, { min: 0, max: 1 });
}

/** renderSize of a drawing source: an integer in size..2048. */
export function checkRenderSize(source: string, p: { size: number; renderSize: number }): void {
  checkNumber(source, "renderSize", p.renderSize, { min: p.size, max: 2048, integer: true });
}

/** L vectors ε ~ U(-Δ, Δ)^dim. */
export function drawEpsilons(rng: Rng, count: number, dim: number, delta: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < count; k++) {
    const eps: number[] = [];
    for (let i = 0; i < dim; i++) eps.push(rng.uniform(-delta, delta));
    out.push(eps);
  }
  return out;
}

export interface PerClassBuild {
  source: string;
  params: object;
  seed: number;
  size: number;
  /** Side render(i) draws at; the image is then area-downsampled to size (default: size, no resampling). */
  renderSize?: number;
  channels: number;
  numClasses: number;
  /** One entry per image: its label and what the record keeps about it. */
  items: Array<{ label: number; record: unknown }>;
  /** Renders item i; must return renderSize·renderSize·channels bytes. */
  render(i: number): Uint8Array;
  /** Time already spent before rendering (e.g. {sample: 0.01}). */
  timings?: Record<string, number>;
}

export async function buildPerClass(spec: PerClassBuild, options: BuildOptions = {}): Promise<SyntheticDataset> {
  const { size, channels, items } = spec;
  const full = spec.renderSize ?? size;
  const bytes = size * size * channels;
  const images = new Uint8Array(items.length * bytes);
  const labels = new Int32Array(items.length);
  const t0 = Date.now();
  for (let i = 0; i < items.length; i++) {
    const img = spec.render(i);
    const expected = full * full * channels;
    if (img.length !== expected) throw new Error(`${spec.source}: rendered ${img.length} bytes for image ${i}, expected ${expected}`);
    images.set(full === size ? img : areaResize({ data: img, width: full, height: full, channels }, size, size).data, i * bytes);
    labels[i] = items[i].label;
    options.onProgress?.(i + 1, items.length);
  }
  return {
    images,
    labels,
    count: items.length,
    height: size,
    width: size,
    channels,
    numClasses: spec.numClasses,
    record: {
      source: spec.source,
      params: { ...spec.params } as Record<string, unknown>,
      seed: spec.seed,
      ...(spec.renderSize === undefined ? {} : { rendering: { renderSize: spec.renderSize, pointsPerImage: null, resampling: "area" as const } }),
      size,
      channels,
      count: items.length,
      numClasses: spec.numClasses,
      classes: items.map((it) => it.record),
      timings: { ...(spec.timings ?? {}), render: (Date.now() - t0) / 1000 },
      version: RECORD_VERSION,
    },
  };
}

