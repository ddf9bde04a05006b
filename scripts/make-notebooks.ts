/**
 * Generates notebooks/*.ipynb (nbformat 4, tslab kernel) from one template so
 * every notebook stays thin and alike: the question, the config, run-or-load,
 * ours beside the paper's (danfojs), the chart, a short reading.
 * Run: npx tsx scripts/make-notebooks.ts
 */
import * as fs from "fs";
import * as path from "path";
import { getTable, listTables } from "../src/experiments/tables";

interface Text {
  title: string;
  question: string;
  reading: string;
  /** What our committed cpu-preset run shows (only where results/ holds one). */
  ours?: string;
}

const TEXT: Record<string, Text> = {
  table2: {
    title: "Table 2 — one fractal vs many",
    question: "FractalDB pre-trains on a million images of a thousand fractal categories, OFDB on one image per category. 1p-frac uses **one** fractal and makes its classes by perturbing its parameters slightly (the LIEP distribution). Does one fractal pre-train a ViT as well as many?",
    reading: "In the paper 1p-frac matches or beats the multi-category sets on CIFAR-100 (84.2 vs 81.6/84.0), and all of them beat scratch (64.2) by a wide margin. At the small presets compare each row with *Scratch*: the gap to scratch, larger than the seed-to-seed spread (± sd), is the effect of synthetic pre-training.",
    ours: "`npm run reproduce -- table2 --preset cpu --jobs 2` (3 seeds; all pre-training sets scaled to the cpu preset: FractalDB-style 16 categories × 16 instances, OFDB-style 16 categories × 1 image, 1p-frac one fractal × 256 perturbations): scratch 55.1 ± 4.7, FractalDB 63.7 ± 1.4, OFDB 60.2 ± 2.8, 1p-frac 67.8 ± 0.7. Every synthetic set beats scratch and 1p-frac is best, as in the paper; OFDB, with only 16 images here, gains least (the paper's OFDB has 1000).",
  },
  table3: {
    title: "Table 3 — other formula-driven images under LPCE",
    question: "Is the trick specific to fractals? Here the one base image is a radial contour (RCDB) or a wave-shaped 'visual atom', perturbed the same way, against their multi-category versions.",
    reading: "The paper finds the single-image LPCE versions close to their 1000-category versions (82.5 vs 80.4/81.6 for RCDB). Look for the same pattern: LPCE rows near the multi-category rows, all above scratch.",
    ours: "`npm run reproduce -- table3 --preset cpu --jobs 2` (3 seeds; multi-category sets are 16 categories × 16 instances, LPCE sets one base shape × 256 perturbations): RCDB multi 62.8 ± 1.6, RCDB+LPCE 61.3 ± 1.1, VisualAtoms multi 61.0 ± 4.2, VisualAtoms+LPCE 53.5 ± 12.7 (one seed at 38.9), 1p-frac 67.8 ± 0.7; scratch is 55.1 ± 4.7 (Table 5). As in the paper, RCDB+LPCE is close to its multi-category version and both beat scratch; VisualAtoms+LPCE is unstable across seeds here, and 1p-frac is best of all.",
  },
  table4: {
    title: "Table 4 — noise as the base image",
    question: "If perturbing *any* image made good classes, noise would do. Here the base image is Gaussian or uniform noise with a fixed seed; a class perturbs the distribution's parameters (our interpretation, see the sources module).",
    reading: "The paper's noise rows collapse on CIFAR-100 (1-2 %): the network cannot learn transferable shape from perturbed noise. Structure in the base image matters.",
    ours: "`npm run reproduce -- table4 --preset cpu` (3 seeds, Fashion-MNIST, 20 training images per class): Gaussian+LPCE 56.2 ± 3.0 and Uniform+LPCE 56.3 ± 3.0, against 55.1 ± 4.7 from scratch (Table 5's scratch row) and 67.8 ± 0.7 for 1p-frac. Noise pre-training gives nothing here, while the one fractal gives +12.7 points: the same conclusion as the paper. Unlike the paper, the noise rows do not collapse *below* scratch; at this small scale the fine-tuning recovers from an unhelpful initialisation.",
  },
  table5: {
    title: "Table 5 — how far to perturb (Δ)",
    question: "Each class is the fractal with its IFS parameters multiplied by (1 + ε), ε ~ U(-Δ, Δ). If Δ is tiny the classes are indistinguishable; if huge they are unrelated shapes. Which Δ pre-trains best?",
    reading: "The paper: Δ = 0.001 collapses (1.2 %), Δ = 0.01 is poor, Δ between 0.05 and 0.2 is best (≈84 %), Δ = 1 is a little worse. The small presets should show the collapse at tiny Δ most clearly.",
    ours: "`npm run reproduce -- table5 --preset cpu --jobs 2` (3 seeds, 15 min): scratch 55.1 ± 4.7; Δ = 0.001 46.2 ± 10.8; Δ = 0.01 64.9 ± 1.6; Δ = 0.05 66.7 ± 0.7; Δ = 0.1 67.8 ± 0.7; Δ = 0.2 68.2 ± 0.6; Δ = 1 67.5 ± 0.9 (top-1 %, Fashion-MNIST, 20 training images per class). Agreements with the paper: Δ = 0.001 collapses (below scratch in 2 of 3 seeds: the classes are one image, the L-way task cannot be learned); Δ from 0.05 to 1 all beat scratch by ~12 points, far more than the seed spread. Disagreements: Δ = 0.01 does not collapse here (64.9 vs the paper's 19.9), and Δ = 0.2 is as good as 0.1 (the paper's best is 0.1, by under a point). Our downstream task is Fashion-MNIST at 28 px, not CIFAR-100 at 224 px, so compare shapes, not values.",
  },
  table6: {
    title: "Table 6 — shape complexity (σ-factor)",
    question: "The σ-factor of an IFS (sum over maps of s1 + 2·s2, the singular values) measures how 'filled' the fractal is: smaller σ means thinner, more intricate shapes. Which σ is the best single fractal?",
    reading: "The paper's best is the most complex shape tried, σ = 3.5 (84.2 %), falling to 81.3 % at σ = 6. With 2 maps σ cannot exceed 6, so our σ = 6 row samples from [5.8, 6.0].",
    ours: "`npm run reproduce -- table6 --preset cpu --jobs 2` (3 seeds): σ = 6 68.1 ± 0.6, σ = 5 67.6 ± 1.3, σ = 4.5 67.6 ± 1.4, σ = 4 67.1 ± 1.8, σ = 3.5 67.8 ± 0.7. **Not reproduced**: at 28 px the shape complexity makes no difference beyond the seed spread (the paper's σ = 3.5 advantage is 1-3 points at 224 px). A plausible reason: at 28 px the fine structure that separates complex from simple fractals is below the pixel size.",
  },
  table7: {
    title: "Table 7 — how many perturbations (L)",
    question: "L is the number of classes (perturbed copies). Every row sees the same number of pre-training images; only the number of distinct classes changes. L is scaled to the preset (the paper's 16…1000 relative to its L = 1000). Where L is below the batch size the batch shrinks to L, so small-L rows take more, smaller steps.",
    reading: "The paper gains from 16 to 64 classes and little after that (82.3 → 84.2 from 64 to 1000). Expect a rise at small L and a plateau.",
    ours: "`npm run reproduce -- table7 --preset cpu --jobs 2` (3 seeds; the paper's L = 16, 64, 512, 1000 become 4, 16, 131, 256 at the cpu preset, 38,400 pre-training images in every row): 58.3 ± 3.4, 62.1 ± 3.7, 66.4 ± 1.9, 67.8 ± 0.7 (the last row is Table 5's Δ = 0.1 row). As in the paper, accuracy rises with L (paper: 78.7, 82.3, 82.4, 84.2). Unlike the paper, it keeps rising up to the preset's L instead of flattening after the second row, and the two smallest L are within a few points of scratch (55.1 ± 4.7, Table 5).",
  },
  table9: {
    title: "Table 9 — which augmentations matter",
    question: "With one image per class, augmentation is what makes the task hard enough. Each row turns one DeiT augmentation off during pre-training.",
    reading: "In the paper, random cropping and mixup+cutmix together matter most (−4 points each when removed); flips and colour jitter hardly matter (colour jitter has no effect while RandAugment is on).",
    ours: "`npm run reproduce -- table9 --preset cpu --jobs 2` (3 seeds): with the paper's DeiT recipe every row pre-trains to a *worse* start than no pre-training: baseline 44.9 ± 4.4, w/o RandAugment 39.4 ± 9.1, w/o RandomCrop 51.5 ± 4.7, w/o random aspect 43.9 ± 11.0, w/o random erasing 49.8 ± 6.1, w/o Mixup 45.8 ± 7.5, w/o CutMix 49.8 ± 4.2, w/o Mixup and CutMix 43.5 ± 10.8, w/o flipping 35.6 ± 15.1, w/o colour jitter 44.9 ± 4.4, against scratch 55.1 ± 4.7 and the preset's own recipe (no augmentation) 67.8 ± 0.7. **Not reproduced**: at 28 px and 600 steps the augmented 256-way task is not learned (the reason the cpu preset pre-trains without augmentation, see the README), so removing one augmentation cannot show what it contributes; the spread between rows is within the seed spread. One check holds exactly: without colour jitter the result is bit-identical to the baseline, because colour jitter does nothing while RandAugment is on (the paper's rows are identical too)",
  },
  table10: {
    title: "Table 10 — what it costs to build the data",
    question: "FractalDB searches for thousands of fractal categories (rejecting IFS whose render is too empty) and renders a million images; 1p-frac samples one IFS and renders L images. How long does each take here, at the preset's scale?",
    reading: "The paper reports 19 hours for FractalDB against 2.3 minutes for 1p-frac (values converted to seconds in the paper column). Our times are for the preset's much smaller sets, so compare the ratios, not the values.",
    ours: "`npm run reproduce -- table10 --preset cpu` (3 seeds, one at a time): FractalDB-style 16 categories × 16 instances 0.35 ± 0.02 s, OFDB-style 16 categories 0.10 ± 0.04 s, 1p-frac 256 images 0.24 ± 0.02 s (search + render at 28 px). At this scale all three cost under a second; the order FractalDB > 1p-frac matches the paper, OFDB is cheapest only because it has 16 images here. For paper-scale figures see `npm run bench` (README): 1p-frac L = 1000 at 512 px in 2.5 s, FractalDB-style 1M images projected at 2 h 33 min",
  },
  table11: {
    title: "Table 11 — a real photo instead of a fractal: RGB or edges",
    question: "Can one real photograph, warped by perturbed affine maps, replace the fractal? Compare the photo in RGB with its Canny edge map (a line drawing, like a fractal). Each row is averaged over the 5 photos in data/real-images.",
    reading: "In the paper edges beat RGB slightly (82.2 vs 81.6) and both approach 1p-frac: the shape outline carries most of what transfers.",
    ours: "`npm run reproduce -- table11 --preset cpu --jobs 2` (3 seeds × 5 photos per row): RGB + affine 64.1 ± 2.3, Canny + affine 65.6 ± 1.9, against scratch 55.1 ± 4.7 and 1p-frac 67.8 ± 0.7. As in the paper, edges beat the photo slightly (the paper: 82.2 vs 81.6) and both come close to 1p-frac; here the gap to 1p-frac is 2-4 points. The cpu preset's model takes one channel, so the RGB photo reaches it in grey",
  },
  table12: {
    title: "Table 12 — which transformation of the photo",
    question: "The classes of a single photo can come from perturbed affine maps, smooth elastic displacement fields, or 2nd-order polynomial warps. Which family makes useful classes?",
    reading: "The paper: affine and polynomial work (≈81-82 %), elastic collapses (37 %): elastic noise does not change the global shape the network must tell apart.",
    ours: "`npm run reproduce -- table12 --preset cpu --jobs 2` (3 seeds × 5 photos per row, Canny edges): affine 65.6 ± 1.9, elastic 65.7 ± 1.8, polynomial 65.7 ± 2.3. **Not reproduced**: elastic warps do not collapse here (the paper: 37.0 against 81.9 and 81.3); all three transfer equally well. A plausible reason: at 28 px our elastic displacement fields change the edge map about as much as a perturbed affine map does, so the 256 classes stay learnable",
  },
  table13: {
    title: "Table 13-style — every downstream dataset available here",
    question: "The paper fine-tunes on seven datasets. Here: scratch vs 1p-frac on every downstream set this machine has (Fashion-MNIST, digits; CIFAR and image folders if you provide them, pass dataset: \"cifar10\" etc.).",
    reading: "The question is whether the gain over scratch holds on each dataset, not the absolute numbers (the paper gains 25 points mean over scratch).",
    ours: "`npm run reproduce -- table13 --preset cpu --jobs 2` (3 seeds, 20 training images per class): Fashion-MNIST scratch 55.1 ± 4.7, 1p-frac 67.8 ± 0.7 (+12.7); digits (8×8 scans upsampled to 28 px, tested on 50 images per class) scratch 65.1 ± 4.7, 1p-frac 88.4 ± 2.2 (+23.3). The gain holds on both downstream sets, and is larger on the line-drawing-like digits",
  },
  figure2: {
    title: "Figure 2 — what Δ and σ look like",
    question: "Before training anything: what do the classes look like? Each setting renders the base fractal and its first perturbed classes (top row), and the amplified difference from the base (bottom row). Move the slider over Δ and σ.",
    reading: "At Δ = 0.001 the difference maps are almost black: the classes are the same image, which is why pre-training collapses. At Δ = 1 the classes no longer share a shape. Larger σ gives fuller, simpler shapes.",
    ours: "`npm run reproduce -- figure2 --preset cpu` renders at the cpu preset's 28 px (what the model sees). At this size a perturbation of Δ = 0.1 moves only a handful of pixels, and at Δ = 0.001 most classes are pixel-identical to the base (mean fill 0.24 for both). Mean fill rate falls from 0.22 at Δ = 0.1 to 0.15 at Δ = 1 (the shapes break up) and rises with σ (0.22 at σ = 3.5 to 0.32 at σ = 5.9: simpler, fuller shapes). Render at `--size 256` with `npm run dataset -- --source 1p-frac --size 256 --L 8 --out DIR --sheet` to see the paper-scale picture.",
  },
  figure3: {
    title: "Figure 3 — what the early blocks learn (linear probe)",
    question: "Freeze the network and train only a linear classifier on the features after the first k blocks. If 1p-frac pre-training taught useful low-level features, its early blocks should beat a random (scratch) network.",
    reading: "In the paper 1p-frac beats even ImageNet pre-training for k ≤ 3: one fractal teaches good early (edge and shape) features. Compare the lines at small k.",
    ours: "`npm run reproduce -- figure3 --preset cpu` (3 seeds, a linear probe trained on 200 Fashion-MNIST images, tested on 5000): scratch 45.2 / 46.3 / 46.9 / 47.6 %, 1p-frac 42.3 / 44.9 / 46.7 / 47.6 %, FractalDB-style (16 categories × 16 instances) 36.2 / 34.7 / 33.3 / 32.5 % for k = 1 / 2 / 3 / 4. This does **not** reproduce the paper: at our scale the frozen 1p-frac features are no better than random ones (the differences are within the seed spread of 2-4 points), although the same pre-training gives +12.7 points after full fine-tuning (Table 5). Our reading: 600 pre-training steps on 28 px images without augmentation teach an initialisation that fine-tunes well, not linearly separable features; the paper's claim is about 240k steps at 224 px.",
  },
  scaling: {
    title: "Scaling law — how much more data would help",
    question: "Mikami et al. (2022) found fine-tuned error after synthetic pre-training follows e(n) = D·n^(−α) + C. α is how fast more data helps; C is the transfer gap that no amount of this synthetic data closes. Here n is L, the number of perturbations, at a constant number of pre-training images.",
    reading: "A small C relative to the current error says: add data. A C close to the current error says: more of the same will not help, change the generator. The printed gain from doubling n is the fit's prediction.",
    ours: "`npm run reproduce -- scaling --preset cpu --jobs 2` (3 seeds, L = 64 … 1024 around the preset's 256, 38,400 pre-training images in every row): 66.0 ± 1.0, 66.9 ± 0.8, 67.5 ± 1.0, 65.4 ± 0.9, 54.8 ± 7.1 % top-1. The error falls from L = 64 to 256 and then rises, steeply at L = 1024 (one seed at 62.8, two near 50). So the law does not describe this range: the fit gives α < 0, and the notebook says so instead of predicting a gain. Our reading, not tested: with the number of pre-training images fixed, L = 1024 means 37 views per class in 600 steps, too few to learn the 1024-way task at this scale. More perturbations of the same fractal would help only with more pre-training.",
  },
};

function lines(s: string): string[] {
  const parts = s.split("\n");
  return parts.map((p, i) => (i < parts.length - 1 ? p + "\n" : p));
}
const md = (s: string) => ({ cell_type: "markdown", metadata: {}, source: lines(s) });
const code = (s: string) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: lines(s) });
/** nbformat 4.5 wants a stable id per cell. */
const withIds = (id: string, cells: object[]) => cells.map((c, i) => ({ id: `${id}-${i}`, ...c }));

/** The committed cpu-preset runs of a table (results/<id>/*.json): how many, their summed run time, their dates. */
function committedRuns(id: string): { runs: number; seconds: number; days: string[] } {
  const dir = path.resolve(__dirname, "../results", id);
  const rows = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))
    : [];
  const cpu = rows.filter((r) => r.preset === "cpu");
  const days = [...new Set(cpu.map((r) => String(r.finishedAt).slice(0, 10)))].sort();
  return { runs: cpu.length, seconds: cpu.reduce((sum, r) => sum + Number(r.seconds), 0), days };
}

/**
 * The cost of a table at the cpu preset: measured from its committed runs when
 * there are any, else estimated from the demo's rate (`npm run demo`, two runs
 * at a time: 43 s for a 1p-frac run, pre-train 26 s + fine-tune 15 s).
 */
function costNote(id: string, rows: number, kind: string): string {
  const done = committedRuns(id);
  if (done.runs > 0) {
    const min = (s: number) => Math.max(1, Math.round(s / 60));
    return `Cost at the cpu preset, from the committed runs in \`results/${id}/\` (${done.days.join(", ")}): ${done.runs} runs, ${min(done.seconds)} min of run time in all, about ${min(done.seconds / 2)} min of wall time with \`--jobs 2\` on the 2-core machine. Runs from before a speed-up keep their old times (see the README's speed section).`;
  }
  const rate = "At the cpu preset the demo's 1p-frac run takes 43 s (pre-train 26 s, fine-tune 15 s) with two runs at a time on the 2-core machine.";
  if (kind === "gallery" || kind === "construction") return `${rate} This ${kind} table trains nothing: it only builds the sets.`;
  return `${rate} This table has ${rows} rows × 3 seeds, so about ${Math.ceil((rows * 3 * 43) / 2 / 60)} min (an estimate; multi-category, real-photo and probe rows differ).`;
}

function notebook(id: string): object {
  const t = TEXT[id];
  const table = getTable(id);
  const cells = [
    md(`# ${t.title}\n\n${t.question}\n\n*${table.caption}.* The preset comes from \`SB_PRESET\` (\`smoke\` | \`cpu\` | \`paper\`, default \`cpu\`); finished rows are cached under \`results/${id}/\`, so re-running this notebook only computes what is missing (same as \`npm run reproduce -- ${id}\`).`),
    code(`import * as tslab from "tslab";\nimport { describeFit, envPreset, formatSummary, runOrLoad, summaryRecords, tableChartHtml, tableFrame } from "./sb";\n\nconst preset = envPreset();\nconsole.log(\`preset: \${preset}\`);`),
    code(`const run = await runOrLoad("${id}", { preset: preset }); // (tslab cannot see a previous cell's variable in shorthand { preset })\nconsole.log(formatSummary(run.table, run.rows));`),
    md("Ours (mean and sd over seeds) beside the paper's number, as a danfojs DataFrame:"),
    code(`tableFrame(summaryRecords(run.table, run.rows)).print();`),
    code(`tslab.display.html(tableChartHtml(run));`),
  ];
  if (table.kind === "scaling") {
    cells.push(code(`if (run.fit) {\n  console.log(describeFit(run.fit, Math.max(...run.rows.map((r) => r.x ?? 0))));\n} else {\n  console.log("not enough finished rows (or an error of 0) to fit the law yet");\n}`));
  }
  cells.push(md(`## Reading the result\n\n${t.reading}`));
  if (t.ours) cells.push(md(`## Our cpu-preset run\n\n${t.ours}`));
  cells.push(md(costNote(id, table.rows.length, table.kind)));
  return {
    cells: withIds(id, cells),
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const outDir = path.resolve(__dirname, "../notebooks");
for (const id of listTables().filter((t) => t !== "demo")) {
  if (!TEXT[id]) throw new Error(`make-notebooks: no text for table ${id}`);
  const file = path.join(outDir, `${id}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(notebook(id), null, 1) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
