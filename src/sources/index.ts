/**
 * The source registry: every pre-training source by name, with one entry point
 * that merges overrides onto a source's defaults (strictly: unknown key or
 * type change is an error), validates, and builds.
 */
import { insideFolder } from "../util/paths";
import type { DatasetRecord, SyntheticDataset } from "../types";
import { strictMerge } from "../config/merge";
import type { Image } from "../image/image";
import { imageAt } from "../image/contactSheet";
import type { BuildOptions, SourceBuilder } from "./types";
import type { BaseRenderer } from "./lpce";
import { onePFracSource } from "./onePFrac";
import { fractalDbSource, ofdbSource } from "./fractalDb";
import { gaussianSource, uniformSource } from "./noise";
import { rcdbMultiSource, rcdbSource } from "./rcdb";
import { visualAtomsMultiSource, visualAtomsSource } from "./visualAtoms";
import { realImageSource } from "./realImage";
import { supervisedSource } from "./supervised";

export const SOURCES: Record<string, SourceBuilder<object>> = {
  "1p-frac": onePFracSource,
  fractaldb: fractalDbSource,
  ofdb: ofdbSource,
  gaussian: gaussianSource,
  uniform: uniformSource,
  rcdb: rcdbSource,
  visualatoms: visualAtomsSource,
  "rcdb-multi": rcdbMultiSource,
  "visualatoms-multi": visualAtomsMultiSource,
  "real-image": realImageSource,
  supervised: supervisedSource,
};

export function getSource(name: string): SourceBuilder<object> {
  const source = Object.prototype.hasOwnProperty.call(SOURCES, name) ? SOURCES[name] : undefined;
  if (!source) throw new Error(`unknown source "${name}" (known: ${Object.keys(SOURCES).join(", ")})`);
  return source;
}

export function listSources(): Array<{ name: string; description: string; defaults: object }> {
  return Object.entries(SOURCES).map(([name, s]) => ({ name, description: s.description, defaults: structuredClone(s.defaults) }));
}

/** Defaults + overrides (strict), validated. */
export function resolveParams(name: string, overrides: object = {}): Record<string, unknown> {
  const source = getSource(name);
  const params = strictMerge(source.defaults, overrides, name);
  source.validate(params);
  return params as Record<string, unknown>;
}

export async function buildSource(name: string, overrides: object, seed: number, options: BuildOptions = {}): Promise<SyntheticDataset> {
  const params = resolveParams(name, overrides);
  return getSource(name).build(params, seed, options);
}

let legacyNoticeShown = false;

/**
 * The parameters that rebuild a recorded set bit for bit. A version "1"
 * record (made before renders were downsampled: no renderSize, points or
 * resampling in it) is read as that time's behaviour (rendered directly at
 * size, shared masks, ...), with one notice per process.
 */
export function paramsFromRecord(record: DatasetRecord, notice: (msg: string) => void = console.warn): Record<string, unknown> {
  const source = getSource(record.source);
  if (record.version !== "1") return { ...record.params };
  if (!source.legacyParams) {
    throw new Error(`${record.source} record version 1: sets of this source made before renderSize cannot be rebuilt (its drawing changed); rebuild it from its params with the current version`);
  }
  if (!legacyNoticeShown) {
    legacyNoticeShown = true;
    notice(`note: a version 1 ${record.source} record (no renderSize/resampling: made before renders were downsampled) is rebuilt as then: ${JSON.stringify(source.legacyParams(record.params))}`);
  }
  return { ...record.params, ...source.legacyParams(record.params) };
}

/**
 * Rebuilds a set from its record (old records as their old behaviour, see
 * paramsFromRecord). A record is untrusted input: the files it names (a
 * source's pathParams) must lie inside `root`.
 */
export async function rebuildFromRecord(record: DatasetRecord, options: BuildOptions = {}, root = process.cwd()): Promise<SyntheticDataset> {
  const params = paramsFromRecord(record);
  for (const k of getSource(record.source).pathParams ?? []) if (k in params) insideFolder(root, params[k], `${record.source} record params.${k}`);
  return buildSource(record.source, params, record.seed, options);
}

/**
 * The unperturbed base image of a source for contact sheets: the source's own
 * renderBase when it has one, else the set built with Δ = 0 and L = 1.
 * Undefined for category sets (FractalDB, OFDB), which have no base object.
 */
export async function renderBase(name: string, params: Record<string, unknown>, seed: number): Promise<Image | undefined> {
  const source = getSource(name) as SourceBuilder<object> & Partial<BaseRenderer<object>>;
  if (source.renderBase) return source.renderBase(params, seed);
  if (!("delta" in params && "L" in params)) return undefined;
  const set = await source.build({ ...params, delta: 0, L: 1 }, seed);
  return imageAt(set, 0);
}
