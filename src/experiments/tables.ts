/**
 * The paper's tables and figures as data. Each row is a set of overrides on a
 * preset (merged strictly), plus where to find the paper's number for it in
 * data/paper-tables.json. A table never holds training logic: the runner turns
 * rows into results, the report module turns results into tables and charts.
 */
import { DEIT_PRETRAIN_AUGMENT } from "../augment";
import { strictMerge } from "../config/merge";
import type { Json } from "../config/merge";
import type { ExperimentConfig, Preset, SourceParams } from "./presets";

export type TableKind = "finetune" | "probe" | "construction" | "gallery" | "scaling";

/** Deep partial of a config, as a row states it. */
export type Overrides<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : Overrides<T[K]>) : T[K] };

export interface RowOverrides extends Overrides<Omit<ExperimentConfig, "source">> {
  /** null = no pre-training; a name switches source (its params start from the preset's sourceParams). */
  source?: { name?: string; params?: SourceParams } | null;
}

/** The paper's row is the one whose first column equals `match`; the value is in `column`. */
export interface PaperRef {
  match: string | number;
  column?: string;
}

export interface TableRow {
  label: string;
  /** Rows sharing a group are averaged together (e.g. the 5 photos of Table 11). Default: the label. */
  group?: string;
  /** x value for line charts (blocks, L, ...). */
  x?: number;
  overrides: RowOverrides | ((preset: Preset) => RowOverrides);
  paperRow: PaperRef | null;
}

export interface TableDef {
  id: string;
  caption: string;
  /** Key in data/paper-tables.json, or null when the paper gives no numbers. */
  paperKey: string | null;
  /** Default paper column for rows that do not name one. */
  paperColumn: string;
  /** Multiply paper values by this to get our unit (e.g. hours -> seconds). */
  paperScale?: number;
  kind: TableKind;
  /** The metric compared with the paper's column, e.g. "accuracy". */
  metric: string;
  metricLabel: string;
  rows: TableRow[];
}

const REAL_PHOTOS = ["astronaut.png", "camera.png", "chelsea.png", "coffee.png", "rocket.jpg"];
const onePFrac = (params: SourceParams = {}): RowOverrides => ({ source: { name: "1p-frac", params } });
const lpceL = (p: Preset): number => p.sourceParams["1p-frac"].L as number;
/** digits has 10 classes and at least this many training images in each. */
const SUPERVISED_PER_CLASS = 100;

/**
 * A multi-category source (C categories × M instances; OFDB has one image
 * each). Like every row it pre-trains for the preset's steps: the paper runs
 * every pre-training for the same iterations, whatever the set's size (SPEC §5).
 */
function categorySource(name: string): (p: Preset) => RowOverrides {
  return (p) => {
    if (!p.sourceParams[name]) throw new Error(`preset ${p.name}: no sourceParams for ${name}`);
    return { source: { name } };
  };
}

/** L values that sit relative to the preset's L as the paper's do to 1000 (never below 2). */
function relativeL(p: Preset, paperL: number): number {
  return Math.max(2, Math.round((paperL * lpceL(p)) / 1000));
}

/**
 * Table 9 ablates the paper's DeiT pre-training augmentation whatever the preset
 * pre-trains with (the cpu preset's light DeiT has no RandAugment or erasing),
 * so each row is DeiT with the given fields off, whatever type they have (flag
 * or probability).
 */
function deitWithout(...fields: string[]): RowOverrides {
  const aug = structuredClone(DEIT_PRETRAIN_AUGMENT) as unknown as Record<string, Json>;
  for (const f of fields) {
    if (!(f in aug)) throw new Error(`table9: augment has no field "${f}"`);
    aug[f] = typeof aug[f] === "boolean" ? false : 0;
  }
  return { ...onePFrac(), pretrain: { augment: aug } } as RowOverrides;
}

/** The compute axis: multiples of the preset's pre-training steps, and the sources of claims 1, 2 and 4. */
export const COMPUTE_FACTORS = [0.5, 1, 2, 4];
export const COMPUTE_SOURCES: Array<[string, RowOverrides["source"]]> = [
  ["Δ=0.001", { name: "1p-frac", params: { delta: 0.001, sigma: 3.5 } }],
  ["Δ=0.1", { name: "1p-frac", params: { delta: 0.1, sigma: 3.5 } }],
  ["Gaussian+LPCE", { name: "gaussian" }],
];

const SCRATCH: TableRow = { label: "Scratch", overrides: { source: null }, paperRow: { match: "Scratch" } };
const ONE_P_FRAC: TableRow = { label: "1p-frac", overrides: onePFrac(), paperRow: { match: "1p-frac" } };

/** digits' test split has only 58-61 images per class: test on 50 of each. */
const DIGITS = { name: "digits", testPerClass: 50 };

/** The same table fine-tuned on digits, so a conclusion is not specific to Fashion-MNIST. */
function onDigits(def: TableDef): TableDef {
  return {
    ...def, id: `${def.id}-digits`, caption: `${def.caption} — downstream: digits`,
    rows: def.rows.map((row) => ({ ...row, overrides: (p: Preset) => ({ ...rowOverrides(row, p), downstream: DIGITS }) })),
  };
}

/**
 * Scratch and 1p-frac fine-tuned on the same learning-rate × epochs grid around
 * the preset's, so neither side is compared at a setting tuned for the other.
 */
const FINETUNE_GRID: TableRow[] = [["Scratch", null], ["1p-frac", onePFrac()]].flatMap(([name, init]) =>
  [0.3, 1, 3].flatMap((lrScale) => [0.5, 1, 2].map((epochScale) => ({
    label: `${name} lr×${lrScale} epochs×${epochScale}`,
    overrides: (p: Preset): RowOverrides => ({
      ...(init === null ? { source: null } : (init as RowOverrides)),
      finetune: { baseLr: Number((p.base.finetune.baseLr * lrScale).toPrecision(6)), steps: Math.max(1, Math.round(p.base.finetune.steps * epochScale)) },
    }),
    paperRow: null,
  }))));

const TABLES: TableDef[] = [
  {
    id: "table2", caption: "Table 2: 1p-frac vs multi-category fractal pre-training (FractalDB, OFDB) and scratch",
    paperKey: "table2_vs_fractaldb_ofdb", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [
      SCRATCH,
      { label: "FractalDB", overrides: categorySource("fractaldb"), paperRow: { match: "FractalDB" } },
      { label: "OFDB", overrides: categorySource("ofdb"), paperRow: { match: "OFDB" } },
      ONE_P_FRAC,
    ],
  },
  {
    id: "table3", caption: "Table 3: other formula-driven sources, multi-category vs one base image under LPCE",
    paperKey: "table3_fdsl_datasets", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [
      { label: "RCDB (multi)", overrides: categorySource("rcdb-multi"), paperRow: { match: "RCDB" } },
      { label: "RCDB+LPCE", overrides: { source: { name: "rcdb" } }, paperRow: { match: "RCDB+LPCE" } },
      { label: "VisualAtoms (multi)", overrides: categorySource("visualatoms-multi"), paperRow: { match: "VisualAtoms" } },
      { label: "VisualAtoms+LPCE", overrides: { source: { name: "visualatoms" } }, paperRow: { match: "VisualAtoms+LPCE" } },
      ONE_P_FRAC,
    ],
  },
  {
    id: "table4", caption: "Table 4: noise images as the one base image under LPCE",
    paperKey: "table4_noise_images", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [
      { label: "Gaussian+LPCE", overrides: { source: { name: "gaussian" } }, paperRow: { match: "Gaussian+LPCE" } },
      { label: "Uniform+LPCE", overrides: { source: { name: "uniform" } }, paperRow: { match: "Uniform+LPCE" } },
      ONE_P_FRAC,
    ],
  },
  {
    id: "table5", caption: "Table 5: perturbation size Δ (σ = 3.5); too small collapses",
    paperKey: "table5_delta", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [
      // Not in the paper's Table 5; the reference every Δ must beat.
      { ...SCRATCH, paperRow: null },
      ...[0.001, 0.01, 0.05, 0.1, 0.2, 1.0].map((delta) => ({
        label: `Δ=${delta}`, x: delta, overrides: onePFrac({ delta, sigma: 3.5 }), paperRow: { match: delta },
      })),
    ],
  },
  {
    id: "table6", caption: "Table 6: shape complexity σ (Δ = 0.1); smaller σ = more complex fractal",
    paperKey: "table6_sigma", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [6.0, 5.0, 4.5, 4.0, 3.5].map((sigma) => ({
      label: `σ=${sigma}`,
      x: sigma,
      // With 2 maps σ cannot exceed 6, so the σ=6 row samples from [5.8, 6.0] instead of [5.9, 6.1].
      overrides: onePFrac({ sigma: Math.min(sigma, 5.9), delta: 0.1 }),
      paperRow: { match: sigma },
    })),
  },
  {
    id: "table7", caption: "Table 7: number of perturbations L (same steps at the same batch; L scaled to the preset)",
    paperKey: "table7_L", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [16, 64, 512, 1000].map((paperL) => ({
      label: `L=${paperL} (paper)`,
      x: paperL,
      overrides: (p: Preset) => onePFrac({ L: relativeL(p, paperL) }),
      paperRow: { match: paperL },
    })),
  },
  {
    id: "table9", caption: "Table 9: pre-training augmentations, each turned off in turn",
    paperKey: "table9_augmentation_ablation_c100", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [
      { label: "baseline (DeiT)", overrides: deitWithout(), paperRow: { match: "baseline (DeiT)" } },
      ...([
        ["w/o RandAugment", ["randAugment"]],
        ["w/o RandomCrop", ["randomResizedCrop"]],
        ["w/o random aspect", ["randomAspect"]],
        ["w/o random erasing", ["randomErasing"]],
        ["w/o Mixup", ["mixupAlpha"]],
        ["w/o CutMix", ["cutmixAlpha"]],
        ["w/o Mixup and CutMix", ["mixupAlpha", "cutmixAlpha"]],
        ["w/o flipping", ["hflip", "vflip"]],
        ["w/o color jitter", ["colorJitter"]],
      ] as [string, string[]][]).map(([label, fields]) => ({ label, overrides: deitWithout(...fields), paperRow: { match: label } })),
      { label: "the preset's own pre-training augmentation", overrides: onePFrac(), paperRow: null },
    ],
  },
  {
    id: "table10", caption: "Table 10: dataset construction time (search + render) at the preset's scale",
    paperKey: "table10_construction_hours", paperColumn: "total", paperScale: 3600, kind: "construction", metric: "seconds", metricLabel: "construction (s)",
    rows: [
      { label: "FractalDB", overrides: { source: { name: "fractaldb" } }, paperRow: { match: "FractalDB (1M images)" } },
      { label: "OFDB", overrides: { source: { name: "ofdb" } }, paperRow: { match: "OFDB (1k images)" } },
      { label: "1p-frac", overrides: onePFrac(), paperRow: { match: "1p-frac (1k perturbations)" } },
    ],
  },
  {
    id: "table11", caption: "Table 11: one real photo as the base image, RGB vs Canny edges (mean of 5 photos)",
    paperKey: "table11_real_image_rgb_vs_canny_c100_mean_of_5", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: (["rgb", "canny"] as const).flatMap((colour) => REAL_PHOTOS.map((image) => {
      const group = `${colour === "rgb" ? "RGB" : "Canny"} + affine`;
      return { label: `${group} (${image})`, group, overrides: { source: { name: "real-image", params: { image: `data/real-images/${image}`, output: colour, warp: "affine" } } }, paperRow: { match: group } };
    })),
  },
  {
    id: "table12", caption: "Table 12: geometric transformation applied to one real photo (mean of 5 photos)",
    paperKey: "table12_real_image_transform_c100_mean_of_5", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: (["affine", "elastic", "polynomial"] as const).flatMap((warp) => REAL_PHOTOS.map((image) => ({
      label: `${warp} (${image})`, group: warp, overrides: { source: { name: "real-image", params: { image: `data/real-images/${image}`, warp } } }, paperRow: { match: warp },
    }))),
  },
  {
    id: "table13", caption: "Table 13-style: scratch vs 1p-frac on every downstream dataset available here",
    paperKey: null, paperColumn: "", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [{ name: "fashion-mnist" }, DIGITS].flatMap((downstream) => [
      { label: `Scratch / ${downstream.name}`, overrides: { source: null, downstream }, paperRow: null },
      { label: `1p-frac / ${downstream.name}`, overrides: { ...onePFrac(), downstream }, paperRow: null },
    ]),
  },
  {
    // Metrics per row: fillRender / fillTrain (fill at renderSize and at the training size), distance (mean
    // pairwise relative L2 between classes at the training size: what decides whether small Δ collapses),
    // maxGrey / meanGrey (how faint the 127-grey strokes get after area downsampling).
    id: "figure2", caption: "Figure 2: what Δ and σ do to the rendered fractals, at render size and at training size",
    paperKey: null, paperColumn: "", kind: "gallery", metric: "distance", metricLabel: "mean pairwise relative L2 between classes",
    rows: [
      ...[0.001, 0.01, 0.1, 1.0].map((delta) => ({ label: `Δ=${delta}`, x: delta, overrides: onePFrac({ delta }), paperRow: null })),
      ...[3.5, 4.5, 5.9].map((sigma) => ({ label: `σ=${sigma}`, x: sigma, overrides: onePFrac({ sigma }), paperRow: null })),
    ],
  },
  {
    id: "figure3", caption: "Figure 3: linear probe on features after the first k blocks",
    paperKey: "figure3_linear_probe", paperColumn: "", kind: "probe", metric: "accuracy", metricLabel: "linear-probe top-1 (%)",
    rows: [
      { label: "Scratch", overrides: { source: null }, paperRow: null },
      { label: "1p-frac", overrides: onePFrac(), paperRow: null },
      { label: "FractalDB", overrides: categorySource("fractaldb"), paperRow: null },
      // The paper's comparison is supervised ImageNet-1k; ours is a local labelled set other than
      // the downstream one, cut to SUPERVISED_PER_CLASS images per class and trained for as many
      // steps as the preset's 1p-frac pre-training (every row does).
      { label: "Supervised", overrides: { source: { name: "supervised", params: { perClass: SUPERVISED_PER_CLASS } } }, paperRow: null },
    ],
  },
  {
    // Issue 25: how the key claims' effects move with pre-training compute. Every row
    // at the preset's own steps is the same run as Table 5's or Table 4's row.
    id: "compute", caption: "Compute axis: scratch, Δ = 0.001, Δ = 0.1 and Gaussian noise at ½, 1, 2 and 4 times the preset's pre-training steps",
    paperKey: null, paperColumn: "", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [
      { label: "Scratch", overrides: { source: null }, paperRow: null },
      ...COMPUTE_FACTORS.flatMap((f) => COMPUTE_SOURCES.map(([name, source]) => ({
        label: `${name} ×${f} steps`, x: f, overrides: (p: Preset): RowOverrides => ({ source, pretrain: { steps: Math.round(p.base.pretrain.steps * f), warmupSteps: Math.round(p.base.pretrain.warmupSteps * f) } }), paperRow: null,
      }))),
    ],
  },
  {
    id: "scaling", caption: "Scaling law e(n) = D·n^(-α) + C over the number of perturbations L (Mikami et al. 2022)",
    paperKey: null, paperColumn: "", kind: "scaling", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [[1, 4], [1, 2], [1, 1], [2, 1], [4, 1]].map(([num, den]) => ({
      label: `L×${num === 1 ? "" : num}${den === 1 ? (num === 1 ? "1" : "") : `1/${den}`}`,
      overrides: (p: Preset) => onePFrac({ L: Math.max(2, Math.round((lpceL(p) * num) / den)) }),
      paperRow: null,
    })),
  },
  {
    id: "finetune-search", caption: "Fine-tuning search: scratch and 1p-frac on the same learning-rate × epochs grid (scales of the preset's)",
    paperKey: null, paperColumn: "", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: FINETUNE_GRID,
  },
  {
    id: "demo", caption: "Demo: 1p-frac pre-training vs training from scratch",
    paperKey: "table2_vs_fractaldb_ofdb", paperColumn: "C100", kind: "finetune", metric: "accuracy", metricLabel: "top-1 (%)",
    rows: [SCRATCH, ONE_P_FRAC],
  },
];

TABLES.push(...["table2", "table5"].map((id) => onDigits(TABLES.find((t) => t.id === id)!)));

export function listTables(): string[] {
  return TABLES.map((t) => t.id);
}

export function getTable(id: string): TableDef {
  const t = TABLES.find((x) => x.id === id);
  if (!t) throw new Error(`unknown table "${id}" (valid: ${listTables().join(", ")})`);
  return t;
}

export function rowOverrides(row: TableRow, preset: Preset): RowOverrides {
  return typeof row.overrides === "function" ? row.overrides(preset) : row.overrides;
}

/** The x value of a row for line charts (the scaling table's is its L). */
export function rowX(row: TableRow, preset: Preset): number | undefined {
  if (row.x !== undefined) return row.x;
  const src = resolveRow(row, preset).source;
  return src && typeof src.params.L === "number" ? src.params.L : undefined;
}

/**
 * Preset + row overrides -> the full config of one row. `dataset` (the CLI's
 * --dataset) replaces the downstream set of every row.
 */
export function resolveRow(row: TableRow, preset: Preset, dataset?: string): ExperimentConfig {
  const { source, ...rest } = rowOverrides(row, preset);
  const where = `row "${row.label}"`;
  let resolvedSource = preset.base.source;
  if (source === null) resolvedSource = null;
  else if (source !== undefined) {
    const name = source.name ?? preset.base.source?.name ?? "1p-frac";
    const params = preset.sourceParams[name];
    if (!params) throw new Error(`${where}: unknown source "${name}" (preset ${preset.name} knows: ${Object.keys(preset.sourceParams).join(", ")})`);
    resolvedSource = { name, params: strictMerge(params, source.params ?? {}, `${where}.source.params`) };
  }
  const merged = strictMerge<ExperimentConfig>({ ...preset.base, source: null }, rest, where);
  merged.source = resolvedSource === null ? null : structuredClone(resolvedSource);
  if (dataset) merged.downstream.name = dataset;
  return merged;
}
