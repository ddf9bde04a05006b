/**
 * ViT configurations and the named preset registry (timm-style names such as
 * "vit-tiny/16@224": width/patch@image-size).
 */
export interface ModelConfig {
  /** Square input side in pixels. */
  imageSize: number;
  patchSize: number;
  /** Input channels the model expects (augmentation converts 1<->3). */
  channels: number;
  dim: number;
  depth: number;
  heads: number;
  mlpDim: number;
  /** Stochastic depth rate at the last block (linearly increasing, as timm). */
  dropPath: number;
  /** Which token the classifier reads: the cls token or the mean of patch tokens. */
  pool: "cls" | "mean";
}

/** A model with its classifier size fixed by the data. */
export interface VitConfig extends ModelConfig {
  numClasses: number;
}

const tiny = { dim: 192, depth: 12, heads: 3, mlpDim: 768 };

export const MODEL_PRESETS: Record<string, ModelConfig> = {
  "vit-tiny/16@224": { imageSize: 224, patchSize: 16, channels: 3, ...tiny, dropPath: 0.1, pool: "cls" },
  "vit-base/16@224": { imageSize: 224, patchSize: 16, channels: 3, dim: 768, depth: 12, heads: 12, mlpDim: 3072, dropPath: 0.1, pool: "cls" },
  "vit-tiny/4@32": { imageSize: 32, patchSize: 4, channels: 3, ...tiny, dropPath: 0.1, pool: "cls" },
  // The cpu experiment preset's model (SPEC §6): 16 tokens of 7x7 px. The preset was measured with it
  // (bench/preset-search.ts, which takes --dim/--depth to try others); the architecture itself was not searched.
  cpu: { imageSize: 28, patchSize: 7, channels: 1, dim: 96, depth: 4, heads: 3, mlpDim: 192, dropPath: 0.1, pool: "cls" },
  smoke: { imageSize: 16, patchSize: 8, channels: 1, dim: 16, depth: 1, heads: 2, mlpDim: 32, dropPath: 0, pool: "cls" },
};

/** Preset names, optionally filtered by a wildcard pattern ("vit-tiny/*"). */
export function listModelPresets(pattern?: string): string[] {
  const names = Object.keys(MODEL_PRESETS);
  if (!pattern) return names;
  const re = new RegExp("^" + pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*") + "$");
  return names.filter((n) => re.test(n));
}

export function modelPreset(name: string): ModelConfig {
  const p = MODEL_PRESETS[name];
  if (!p) throw new Error(`unknown model preset "${name}"; known: ${Object.keys(MODEL_PRESETS).join(", ")}`);
  return { ...p };
}

function positiveInt(v: unknown, field: string): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new Error(`model config: ${field} must be a positive integer, got ${String(v)}`);
  }
}

/** Throws one clear error naming the first bad field. */
export function validateModelConfig(c: ModelConfig | VitConfig): void {
  for (const f of ["imageSize", "patchSize", "channels", "dim", "depth", "heads", "mlpDim"] as const) positiveInt(c[f], f);
  if ("numClasses" in c) positiveInt(c.numClasses, "numClasses");
  if (c.imageSize % c.patchSize !== 0) throw new Error(`model config: imageSize ${c.imageSize} is not divisible by patchSize ${c.patchSize}`);
  if (c.dim % c.heads !== 0) throw new Error(`model config: dim ${c.dim} is not divisible by heads ${c.heads}`);
  if (typeof c.dropPath !== "number" || !(c.dropPath >= 0 && c.dropPath < 1)) throw new Error(`model config: dropPath must be in [0, 1), got ${String(c.dropPath)}`);
  if (c.pool !== "cls" && c.pool !== "mean") throw new Error(`model config: pool must be "cls" or "mean", got ${String(c.pool)}`);
}

/** Number of patch tokens (without the cls token). */
export function numPatches(c: ModelConfig): number {
  return (c.imageSize / c.patchSize) ** 2;
}
