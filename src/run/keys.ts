/**
 * The cache keys. A row's `configKey` covers what the row asks for (kind,
 * resolved config, seed, preset, backend); its `hash` adds the version of the
 * code and kernels that compute it, so a row cached under another code
 * version is never reused (it is "stale"). Pre-trained weights are keyed by the
 * pre-training alone, so rows that share a pre-training share the weights.
 */
import { stableHash } from "../util/hash";
import type { ExperimentConfig } from "../experiments/presets";
import type { TableKind } from "../experiments/tables";

export interface KeyFields {
  kind: TableKind;
  config: ExperimentConfig;
  seed: number;
  preset: string;
  backend: string;
}

/**
 * What a kind of row computes: a scaling row is a fine-tuning run like any
 * other, so the scaling table's row at the preset's L and Table 2's 1p-frac
 * row are one run, not two computed (on two machines, perhaps) under two keys.
 */
export function computedAs(kind: TableKind): TableKind {
  return kind === "scaling" ? "finetune" : kind;
}

/** The key of a row's request, without the code version (the whole key before versioning). */
export function configKey(f: KeyFields): string {
  return stableHash({ kind: computedAs(f.kind), config: f.config, seed: f.seed, preset: f.preset, backend: f.backend });
}

export function taskHash(f: KeyFields, version: string): string {
  return stableHash({ key: configKey(f), version });
}

/** Key of the pre-trained weights: source, model, pre-training loop, seed, backend, version; nothing of fine-tuning. */
export function pretrainKey(f: Pick<KeyFields, "config" | "seed" | "backend">, version: string): string {
  const { source, model, pretrain } = f.config;
  return stableHash({ source, model, pretrain, seed: f.seed, backend: f.backend, version });
}
