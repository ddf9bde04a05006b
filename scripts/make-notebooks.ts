/**
 * Generates notebooks/*.ipynb (nbformat 4, tslab kernel) from one template so
 * every notebook stays thin and alike: the question and how to read the chart,
 * run-or-load, ours beside the paper's (danfojs), the chart, the reading
 * generated from the results when the notebook runs, and a "try it" cell.
 * The texts live in src/report/texts/*.md, the try-it changes in src/notebook/tryIt.ts. Run: npx tsx scripts/make-notebooks.ts [DIR]
 */
import * as fs from "fs";
import * as path from "path";
import { getTable, listTables } from "../src/experiments/tables";
import { MORE_SEEDS } from "../src/analysis/scoreboard";
import { chartGuide, PAIRING_TEXT, TEXTS } from "../src/report/texts";
import { TRY_IT } from "../src/notebook/tryIt";

function lines(s: string): string[] {
  const parts = s.split("\n");
  return parts.map((p, i) => (i < parts.length - 1 ? p + "\n" : p));
}
const md = (s: string) => ({ cell_type: "markdown", metadata: {}, source: lines(s) });
const code = (s: string) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: lines(s) });
/** nbformat 4.5 wants a stable id per cell. */
const withIds = (id: string, cells: object[]) => cells.map((c, i) => ({ id: `${id}-${i}`, ...c }));

const KERNEL_METADATA = {
  kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
  language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
};

/** A value as the TypeScript literal a person would type: { source: { name: "1p-frac" } }. */
export function tsLiteral(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(tsLiteral).join(", ")}]`;
  const fields = Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${tsLiteral(x)}`);
  return fields.length > 0 ? `{ ${fields.join(", ")} }` : "{}";
}

export function notebook(id: string): object {
  const t = TEXTS[id];
  const tryIt = TRY_IT[id];
  if (!t || !tryIt) throw new Error(`make-notebooks: table ${id} needs a text (src/report/texts/${id}.md) and a try-it change (src/notebook/tryIt.ts)`);
  const table = getTable(id);
  const guide = [chartGuide(table.kind), t.chart].filter(Boolean).join(" ");
  const cells = [
    md(`# ${t.title}\n\n${t.question}\n\n**How to read the chart.** ${guide}\n\n*${table.caption}.* The preset comes from \`SB_PRESET\` (\`smoke\` | \`cpu\` | \`paper\`, default \`cpu\`); finished rows are cached under \`results/${id}/\`, so re-running this notebook only computes what is missing (same as \`npm run reproduce -- ${id}\`; with \`SB_RUN=0\` it only loads them, and says which are missing). The numbers in the text below the chart are generated from those results when the notebook runs.`),
    code(`import * as tslab from "tslab";\nimport { chartBundle, describeFit, envPreset, formatSummary, missingLine, runCurvesFigure, runOrLoad, runRecords, showBundle, showChart, showFrame, showMarkdown, summaryRecords, tableFrame, tableProse, tryIt } from "./sb";\n\nconst preset = envPreset();\nconsole.log(\`preset: \${preset}\`);`),
    code(`const run = await runOrLoad("${id}", { preset: preset }); // (tslab cannot see a previous cell's variable in shorthand { preset })\nconst missing = missingLine(run);\nif (missing) console.log(missing);`),
    md("Ours (mean and sd over seeds) beside the paper's number, as a danfojs DataFrame:"),
    code(`showFrame(tableFrame(summaryRecords(run.table, run.rows)), tslab.display);`),
    code(`await showChart(run, tslab.display);`),
  ];
  if (table.kind === "finetune" || table.kind === "probe" || table.kind === "scaling") {
    cells.push(md("Run by run: each run's result and what its pre-training reached. A final LPCE loss at ln L (chance) means the pre-training was not learned and had nothing to transfer; the mean over seeds above hides such a run, the curves show it."));
    cells.push(code(`const curves = runCurvesFigure(run);\nif (curves) showBundle(await chartBundle(curves, { width: 760, height: 400 }), tslab.display);\nelse console.log("no run here recorded a pre-training curve (no pre-training, or runs from earlier code)");\nconst perRun = runRecords(run);\nif (perRun.length > 0) showFrame(tableFrame(perRun), tslab.display);`));
  }
  if (table.kind === "scaling") {
    cells.push(code(`if (run.fit) {\n  console.log(describeFit(run.fit, Math.max(...run.rows.map((r) => r.x ?? 0))));\n} else {\n  console.log("not enough finished rows (or an error of 0) to fit the law yet");\n}`));
  }
  cells.push(code(`showMarkdown(tableProse(run), tslab.display);`));
  cells.push(md(`## Try it\n\nChange ${tryIt.what} and rerun the row at the smoke preset (seconds; results go to \`out/try-it/\`, never to \`results/\`). Edit the value and run the cell again.`));
  cells.push(code(`const tried = await tryIt(${JSON.stringify(id)}, ${JSON.stringify(tryIt.row)}, {\n  label: ${JSON.stringify(tryIt.label)},\n  overrides: ${tsLiteral(tryIt.overrides)},\n});\nconsole.log(formatSummary(tried.table, tried.rows));${table.kind === "probe" ? "" : "\nawait showChart(tried, tslab.display);"}`));
  return {
    cells: withIds(id, cells),
    metadata: KERNEL_METADATA,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Tables with a notebook: every table but the demo, which is the README's first command. */
export function notebookTables(): string[] {
  // The compute axis reads rows of several step counts at once: its own notebook (computeNotebook).
  const cliOnly = new Set(["demo", "compute"]);
  return listTables().filter((t) => !cliOnly.has(t));
}

/** The preset search (bench/preset-search.ts): its runs as a table and their learning curves. */
export function searchNotebook(): object {
  const cells = [
    md(`# Preset search — is the paper's pre-training learned at this scale?\n\nThe cpu preset must keep the paper's pre-training recipe (at least random-resized crop and mixup/cutmix, SPEC §6) and train long enough for that augmented task to be learned. Each run here pre-trains 1p-frac at one candidate recipe (\`bench/preset-search.ts\`, queued by \`bench/preset-search-queue.sh\`), fine-tunes exactly as the cpu preset's table rows do, and compares with scratch under the same fine-tuning. The runs whose source names a photo pre-train on its Canny edges or on the photo itself, as Table 11's rows do, for more steps than the preset's (claims 7 and 8: is a photo's task learned when trained longer?).\n\n**How to read the chart.** Left: the LPCE training loss against steps; \`ln L\` is chance, so a flat line at ln L means the classes cannot be told apart under the augmentation and there is nothing to transfer. Right: top-1 on the L class images without augmentation. The table gives each run's final loss, its fine-tuned top-1 beside scratch, and its pre-training time on this machine. Nothing runs here: the notebook reads \`results/preset-search/*.json\`.`),
    code(`import * as tslab from "tslab";\nimport { chartBundle, learnabilityRecords, loadSearchRuns, projectRoot, searchFigure, searchProse, searchRecords, showBundle, showFrame, showMarkdown, tableFrame } from "./sb";\n\nconst runs = loadSearchRuns(projectRoot() + "/results/preset-search");\nconsole.log(\`\${runs.length} finished runs\`);`),
    md("**Learnability over seeds.** The runs that differ only in seed, one row each: the worst final LPCE loss of its seeds against ln L (a run at ln L learned nothing), and clean top-1 and the gain over scratch as mean ± sd over seeds. This is what the cpu preset's input normalisation was chosen on (issue 25): the set's own statistics against 0.5/0.5 and against a five times longer warmup, at Δ = 0.1."),
    code(`showFrame(tableFrame(learnabilityRecords(runs)), tslab.display);`),
    md("Every run:"),
    code(`if (runs.length > 0) showFrame(tableFrame(searchRecords(runs)), tslab.display);`),
    code(`if (runs.length > 0) showBundle(await chartBundle(searchFigure(runs), { width: 1000, height: 520 }), tslab.display);`),
    code(`showMarkdown(searchProse(runs), tslab.display);`),
  ];
  return { cells: withIds("preset-search", cells), metadata: KERNEL_METADATA, nbformat: 4, nbformat_minor: 5 };
}

/** The claims scoreboard: read from results/ (nothing runs), with a reason for every claim that is not reproduced. */
export function claimsNotebook(): object {
  const cells = [
    md(`# The paper's claims, scored\n\nEach of the paper's eleven claims is computed from our table results as an effect in points of top-1 with the sd of that estimate, and judged against the claim's margin at 2 sd: *reproduced* if the effect clears the margin by more than 2 sd, *not reproduced* if it misses it by more than 2 sd, *inconclusive* in between or where a row has not been run. The definitions are in \`src/analysis/claims.ts\`; the paper's column is the same effect computed from the paper's numbers (CIFAR-100, ViT-Tiny at 224 px), so compare signs and order, not sizes. ${PAIRING_TEXT} Same as \`npm run claims\` (which also writes \`results/claims.json\`). A table with no run of the current code is scored from its earlier runs and says so.\n\n**How to read the chart.** One line per part of a claim: our effect (dot, coloured by verdict) with a bar of ± 2 sd, the claim's margin (black tick), and the paper's effect (grey diamond). A claim holds where the whole bar is right of its tick.`),
    code(`import * as tslab from "tslab";\nimport { buildScoreboard, chartBundle, claimDownstreams, claimsFigure, claimsProse, claimsRecords, envPreset, initBackend, MORE_SEEDS, moreSeedsRows, projectRoot, showBundle, showFrame, showMarkdown, tableFrame } from "./sb";\n\nconst backend = (await initBackend({ quiet: true })).name;\nconst board = buildScoreboard({ preset: envPreset(), backend: backend, resultsDir: projectRoot() + "/results", anyVersion: true, seeds: MORE_SEEDS });\nconsole.log(\`preset \${board.preset}, backend \${board.backend}\`);`),
    code(`showFrame(tableFrame(claimsRecords(board)), tslab.display);`),
    code(`showBundle(await chartBundle(claimsFigure(board), { width: 1000, height: 640 }), tslab.display);`),
    code(`showMarkdown(claimsProse(board), tslab.display);`),
    md(`## At the preset's own seeds\n\nEvery row a claim compares is run at ${MORE_SEEDS} seeds (\`SB_SEEDS=${MORE_SEEDS} bash scripts/rerun-all.sh\`), and the board above scores each claim over every seed its rows have, as \`npm run claims\` does. The claims that the preset's own seeds would score over fewer pairs, and how they would read then (\`npm run claims -- --any-version --seeds 3\`):`),
    code(`const fewer = moreSeedsRows(buildScoreboard({ preset: envPreset(), backend: backend, resultsDir: projectRoot() + "/results", anyVersion: true }), board);\nif (fewer.length > 0) showFrame(tableFrame(fewer), tslab.display);\nelse console.log("No claim has rows at more seeds than the preset's yet.");`),
    md(`## The same claims on a second downstream set\n\nThe claims whose tables also run with another downstream set (\`table2-digits\`, \`table5-digits\`: the same pre-trained weights, fine-tuned and tested on digits) are scored again there, so a verdict is not specific to Fashion-MNIST. Same as \`npm run claims -- --downstream digits\` (which writes \`results/claims-digits.json\`). The paper's column is still its CIFAR-100 effect. Each board scores over every seed its rows have, up to ${MORE_SEEDS}.`),
    code(`for (const downstream of claimDownstreams()) {\n  const other = buildScoreboard({ preset: envPreset(), backend: backend, resultsDir: projectRoot() + "/results", anyVersion: true, downstream: downstream, seeds: MORE_SEEDS });\n  showFrame(tableFrame(claimsRecords(other)), tslab.display);\n  showBundle(await chartBundle(claimsFigure(other), { width: 1000, height: 420 }), tslab.display);\n}`),
  ];
  return { cells: withIds("claims", cells), metadata: KERNEL_METADATA, nbformat: 4, nbformat_minor: 5 };
}

/** The compute axis (issue 25): claims 1, 2 and 4 against pre-training steps, read from results/ (nothing runs). */
export function computeNotebook(): object {
  const cells = [
    md(`# The compute axis: do the key effects grow with pre-training steps?\n\nThe paper pre-trains for 240k iterations at 224 px; this machine's cpu preset pre-trains for 6k steps at 28 px. The \`compute\` table reruns the rows of claims 1, 2 and 4 (Table 5's scratch, Δ = 0.001 and Δ = 0.1, Table 4's Gaussian noise) at ½, 1, 2 and 4 times the preset's pre-training steps, at ${MORE_SEEDS} seeds (\`npm run reproduce -- compute --seeds ${MORE_SEEDS}\`; its rows at the preset's steps are Table 5's and Table 4's runs). Each effect is paired by seed, as the scoreboard pairs it, and a least-squares line of effect on log2(steps) says how much it moves per doubling: a line that rises toward the claim's margin says the claim needs more compute than this machine gave it, a flat one says more steps alone will not bring it.\n\n**How to read the chart.** One colour per claim: the effect at each step count (dot, ± sd bar over seeds) and its fitted line (dotted). The x axis is logarithmic: equal gaps are doublings. Nothing runs here: the notebook reads \`results/compute/\` and the Table 4 and 5 rows.`),
    code(`import * as tslab from "tslab";\nimport { chartBundle, computeFigure, computeRecords, getPreset, initBackend, loadComputeAxis, projectRoot, showBundle, showFrame, tableFrame } from "./sb";\n\nconst backend = (await initBackend({ quiet: true })).name;\nconst axis = loadComputeAxis(projectRoot() + "/results", backend);\nconsole.log(\`\${axis.runs} of \${axis.planned} planned runs at the current code version\`);`),
    code(`if (axis.points.length > 0) showFrame(tableFrame(computeRecords(axis.points)), tslab.display);\nelse console.log("no run yet at the current code version");`),
    code(`if (axis.points.length > 0) showBundle(await chartBundle(computeFigure(axis.points, axis.fits, getPreset("cpu").base.pretrain.steps), { width: 900, height: 480 }), tslab.display);`),
    code(`for (const f of axis.fits) console.log(\`claim \${f.claim}: \${f.intercept.toFixed(1)} at the preset's steps, \${f.perDoubling >= 0 ? "+" : ""}\${f.perDoubling.toFixed(1)} per doubling of steps (\${f.points} step counts)\`);\nif (axis.fits.length === 0) console.log("one step count so far: no line to fit yet");`),
  ];
  return { cells: withIds("compute", cells), metadata: KERNEL_METADATA, nbformat: 4, nbformat_minor: 5 };
}

/** Writes every table's notebook, the preset-search and the claims notebooks into `outDir`; returns the files. */
export function writeNotebooks(outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const write = (id: string, nb: object): string => {
    const file = path.join(outDir, `${id}.ipynb`);
    fs.writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
    return file;
  };
  return [
    ...notebookTables().map((id) => write(id, notebook(id))),
    write("preset-search", searchNotebook()),
    write("claims", claimsNotebook()),
    write("compute", computeNotebook()),
  ];
}

if (require.main === module) {
  // Usage: npx tsx scripts/make-notebooks.ts [DIR]   (default notebooks/)
  for (const file of writeNotebooks(path.resolve(process.argv[2] ?? path.join(__dirname, "../notebooks")))) {
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
