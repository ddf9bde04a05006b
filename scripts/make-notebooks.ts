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
  },
  table3: {
    title: "Table 3 — other formula-driven images under LPCE",
    question: "Is the trick specific to fractals? Here the one base image is a radial contour (RCDB) or a wave-shaped 'visual atom', perturbed the same way, against their multi-category versions.",
    reading: "The paper finds the single-image LPCE versions close to their 1000-category versions (82.5 vs 80.4/81.6 for RCDB). Look for the same pattern: LPCE rows near the multi-category rows, all above scratch.",
  },
  table4: {
    title: "Table 4 — noise as the base image",
    question: "If perturbing *any* image made good classes, noise would do. Here the base image is Gaussian or uniform noise with a fixed seed; a class perturbs the distribution's parameters (our interpretation, see the sources module).",
    reading: "The paper's noise rows collapse on CIFAR-100 (1-2 %): the network cannot learn transferable shape from perturbed noise. Structure in the base image matters.",
  },
  table5: {
    title: "Table 5 — how far to perturb (Δ)",
    question: "Each class is the fractal with its IFS parameters multiplied by (1 + ε), ε ~ U(-Δ, Δ). If Δ is tiny the classes are indistinguishable; if huge they are unrelated shapes. Which Δ pre-trains best?",
    reading: "The paper: Δ = 0.001 collapses (1.2 %), Δ = 0.01 is poor, Δ between 0.05 and 0.2 is best (≈84 %), Δ = 1 is a little worse. The small presets should show the collapse at tiny Δ most clearly.",
  },
  table6: {
    title: "Table 6 — shape complexity (σ-factor)",
    question: "The σ-factor of an IFS (sum over maps of s1 + 2·s2, the singular values) measures how 'filled' the fractal is: smaller σ means thinner, more intricate shapes. Which σ is the best single fractal?",
    reading: "The paper's best is the most complex shape tried, σ = 3.5 (84.2 %), falling to 81.3 % at σ = 6. With 2 maps σ cannot exceed 6, so our σ = 6 row samples from [5.8, 6.0].",
  },
  table7: {
    title: "Table 7 — how many perturbations (L)",
    question: "L is the number of classes (perturbed copies). Every row sees the same number of pre-training images; only the number of distinct classes changes. L is scaled to the preset (the paper's 16…1000 relative to its L = 1000).",
    reading: "The paper gains from 16 to 64 classes and little after that (82.3 → 84.2 from 64 to 1000). Expect a rise at small L and a plateau.",
  },
  table9: {
    title: "Table 9 — which augmentations matter",
    question: "With one image per class, augmentation is what makes the task hard enough. Each row turns one DeiT augmentation off during pre-training.",
    reading: "In the paper, random cropping and mixup+cutmix together matter most (−4 points each when removed); flips and colour jitter hardly matter (colour jitter has no effect while RandAugment is on).",
  },
  table10: {
    title: "Table 10 — what it costs to build the data",
    question: "FractalDB searches for thousands of fractal categories (rejecting IFS whose render is too empty) and renders a million images; 1p-frac samples one IFS and renders L images. How long does each take here, at the preset's scale?",
    reading: "The paper reports 19 hours for FractalDB against 2.3 minutes for 1p-frac (values converted to seconds in the paper column). Our times are for the preset's much smaller sets, so compare the ratios, not the values.",
  },
  table11: {
    title: "Table 11 — a real photo instead of a fractal: RGB or edges",
    question: "Can one real photograph, warped by perturbed affine maps, replace the fractal? Compare the photo in RGB with its Canny edge map (a line drawing, like a fractal). Each row is averaged over the 5 photos in data/real-images.",
    reading: "In the paper edges beat RGB slightly (82.2 vs 81.6) and both approach 1p-frac: the shape outline carries most of what transfers.",
  },
  table12: {
    title: "Table 12 — which transformation of the photo",
    question: "The classes of a single photo can come from perturbed affine maps, smooth elastic displacement fields, or 2nd-order polynomial warps. Which family makes useful classes?",
    reading: "The paper: affine and polynomial work (≈81-82 %), elastic collapses (37 %): elastic noise does not change the global shape the network must tell apart.",
  },
  table13: {
    title: "Table 13-style — every downstream dataset available here",
    question: "The paper fine-tunes on seven datasets. Here: scratch vs 1p-frac on every downstream set this machine has (Fashion-MNIST, digits; CIFAR and image folders if you provide them, pass dataset: \"cifar10\" etc.).",
    reading: "The question is whether the gain over scratch holds on each dataset, not the absolute numbers (the paper gains 25 points mean over scratch).",
  },
  figure2: {
    title: "Figure 2 — what Δ and σ look like",
    question: "Before training anything: what do the classes look like? Each setting renders the base fractal and its first perturbed classes (top row), and the amplified difference from the base (bottom row). Move the slider over Δ and σ.",
    reading: "At Δ = 0.001 the difference maps are almost black: the classes are the same image, which is why pre-training collapses. At Δ = 1 the classes no longer share a shape. Larger σ gives fuller, simpler shapes.",
  },
  figure3: {
    title: "Figure 3 — what the early blocks learn (linear probe)",
    question: "Freeze the network and train only a linear classifier on the features after the first k blocks. If 1p-frac pre-training taught useful low-level features, its early blocks should beat a random (scratch) network.",
    reading: "In the paper 1p-frac beats even ImageNet pre-training for k ≤ 3: one fractal teaches good early (edge and shape) features. Compare the lines at small k.",
  },
  scaling: {
    title: "Scaling law — how much more data would help",
    question: "Mikami et al. (2022) found fine-tuned error after synthetic pre-training follows e(n) = D·n^(−α) + C. α is how fast more data helps; C is the transfer gap that no amount of this synthetic data closes. Here n is L, the number of perturbations, at a constant number of pre-training images.",
    reading: "A small C relative to the current error says: add data. A C close to the current error says: more of the same will not help, change the generator. The printed gain from doubling n is the fit's prediction.",
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

/** Measured once (Table 5, cpu preset, 2 cores, wasm + OpenBLAS, --jobs 2): 21 row-seeds in 15 min. */
function costNote(rows: number, kind: string): string {
  const measured = "Cost at the cpu preset, measured for Table 5 on the 2-core machine (wasm + OpenBLAS kernels, two rows at a time): 7 rows × 3 seeds in 15 min, about 85 s per row and seed (pre-train ~55 s, fine-tune ~30 s).";
  if (kind === "gallery" || kind === "construction") return `${measured} This ${kind} table trains nothing: it only builds the sets.`;
  const minutes = Math.ceil((rows * 3 * 85) / 2 / 60);
  return `${measured} This table has ${rows} rows × 3 seeds, so about ${minutes} min at that rate (an estimate; multi-category, real-photo and probe rows differ).`;
}

function notebook(id: string): object {
  const t = TEXT[id];
  const table = getTable(id);
  const cells = [
    md(`# ${t.title}\n\n${t.question}\n\n*${table.caption}.* The preset comes from \`SB_PRESET\` (\`smoke\` | \`cpu\` | \`paper\`, default \`cpu\`); finished rows are cached under \`results/${id}/\`, so re-running this notebook only computes what is missing (same as \`npm run reproduce -- ${id}\`).`),
    code(`import * as tslab from "tslab";\nimport { envPreset, formatSummary, runOrLoad, summaryRecords, tableChartHtml, tableFrame } from "./sb";\n\nconst preset = envPreset();\nconsole.log(\`preset: \${preset}\`);`),
    code(`const run = await runOrLoad("${id}", { preset: preset }); // (tslab cannot see a previous cell's variable in shorthand { preset })\nconsole.log(formatSummary(run.table, run.rows));`),
    md("Ours (mean and sd over seeds) beside the paper's number, as a danfojs DataFrame:"),
    code(`tableFrame(summaryRecords(run.table, run.rows)).print();`),
    code(`tslab.display.html(tableChartHtml(run));`),
  ];
  if (table.kind === "scaling") {
    cells.push(code(`if (run.fit) {\n  const nMax = Math.max(...run.rows.map((r) => r.x ?? 0));\n  console.log(\`e(n) = \${run.fit.D.toFixed(3)}·n^(-\${run.fit.alpha.toFixed(3)}) + \${run.fit.C.toFixed(3)}\`);\n  console.log(\`transfer gap C = \${run.fit.C.toFixed(2)} points; doubling n = \${nMax} gains \${run.fit.gainFromDoubling(nMax).toFixed(2)} points\`);\n} else {\n  console.log("not enough finished rows (or an error of 0) to fit the law yet");\n}`));
  }
  cells.push(md(`## Reading the result\n\n${t.reading}`));
  if (t.ours) cells.push(md(`## Our cpu-preset run\n\n${t.ours}`));
  cells.push(md(costNote(table.rows.length, table.kind)));
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
