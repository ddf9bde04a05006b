/**
 * The committed notebooks and report pages: small, no inlined plotly.js, charts
 * as {plotly JSON, PNG, text} bundles, prose that agrees with results/; and the
 * whole chain run for real (tslab executing a notebook, chromium opening a page).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { claimsNotebook, computeNotebook, notebook, notebookTables, searchNotebook } from "../scripts/make-notebooks";
import { buildScoreboard, claimDownstreams, MORE_SEEDS } from "../src/analysis/scoreboard";
import { loadComputeAxis } from "../src/notebook/computeNotebook";
import { claimsProse } from "../src/notebook/claimsNotebook";
import { loadSearchRuns, searchProse } from "../src/notebook/presetSearch";
import { initBackend } from "../src/backend";
import { getPreset } from "../src/experiments/presets";
import { loadResultsAnyVersion } from "../src/run/cache";
import { planTable } from "../src/run/runner";
import type { TableRun } from "../src/notebook/session";
import { summarize } from "../src/analysis/summary";
import { getTable } from "../src/experiments/tables";
import { tableProse } from "../src/notebook/tableText";
import { missingBundleLine, PLOTLY_BUNDLE, PLOTLY_SRC, plotlySourceFile } from "../src/report/html";
import { PLOTLY_MIME } from "../src/notebook/display";
import { CHROMIUM_PATH, withPage } from "../src/report/png";
import { writeTableReport } from "../src/report/tableReport";

const root = path.resolve(__dirname, "..");
const nbDir = path.join(root, "notebooks");
const resultsDir = path.join(root, "results");
const PLOTLY_SIGNATURE = /plotly\.js v\d+\.\d+/;
const CHART_MIMES = [PLOTLY_MIME, "image/png", "text/plain"].sort();

interface Output { output_type: string; data?: Record<string, unknown>; text?: string | string[] }
interface Cell { id: string; cell_type: string; source: string | string[]; outputs?: Output[] }
const joined = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : s ?? "");
const readNotebook = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] };
const outputs = (nb: { cells: Cell[] }) => nb.cells.flatMap((c) => c.outputs ?? []);
const notebookIds = notebookTables().sort();

/** Checks one chart output; returns the decoded PNG's size. */
function expectChart(o: Output): { width: number; height: number } {
  expect(Object.keys(o.data!).sort()).toEqual(CHART_MIMES);
  const fig = o.data![PLOTLY_MIME] as { data: unknown[]; layout: { height: number } };
  expect(Array.isArray(fig.data) && fig.data.length).toBeGreaterThan(0);
  expect(fig.layout.height).toBeGreaterThan(0);
  expect(joined(o.data!["text/plain"] as string)).toMatch(/^\[plotly chart: [^\n]+\]$/);
  const png = PNG.sync.read(Buffer.from(joined(o.data!["image/png"] as string), "base64"));
  expect(png.width).toBeGreaterThanOrEqual(600);
  expect(png.width).toBeLessThanOrEqual(2000);
  expect(png.height).toBe(fig.layout.height);
  return { width: png.width, height: png.height };
}

describe("committed notebooks", () => {
  it("are one per table (the demo aside) plus the preset search, the claims and the compute axis, nothing else", () => {
    const files = fs.readdirSync(nbDir).filter((f) => f.endsWith(".ipynb")).sort();
    expect(files).toEqual([...notebookIds, "preset-search", "claims", "compute"].map((id) => `${id}.ipynb`).sort());
  });

  it("the claims notebook is generated, and its chart and reasons are today's scoreboard", async () => {
    const got = readNotebook(path.join(nbDir, "claims.ipynb"));
    const want = claimsNotebook() as { cells: Cell[] };
    expect(got.cells.map((c) => [c.id, joined(c.source)])).toEqual(want.cells.map((c) => [c.id, joined(c.source)]));
    const backend = (await initBackend({ quiet: true })).name;
    const board = buildScoreboard({ preset: "cpu", backend, resultsDir, anyVersion: true, seeds: MORE_SEEDS });
    const all = outputs(got);
    const charts = all.filter((o) => o.data?.[PLOTLY_MIME]);
    expect(charts).toHaveLength(1 + claimDownstreams().length);
    charts.forEach(expectChart);
    expect(charts.slice(1).map((c) => (c.data![PLOTLY_MIME] as { layout: { title: { text: string } } }).layout.title.text))
      .toEqual(claimDownstreams().map((d) => expect.stringContaining(`fine-tuned on ${d}`)));
    const prose = all.find((o) => joined(o.data?.["text/markdown"] as string).startsWith("## Claim by claim"));
    expect(joined(prose?.data?.["text/markdown"] as string)).toBe(claimsProse(board));
  });

  it("the compute notebook is generated, and shows the compute axis's current runs: a table and one chart", async () => {
    const got = readNotebook(path.join(nbDir, "compute.ipynb"));
    const want = computeNotebook() as { cells: Cell[] };
    expect(got.cells.map((c) => [c.id, joined(c.source)])).toEqual(want.cells.map((c) => [c.id, joined(c.source)]));
    const axis = loadComputeAxis(resultsDir, (await initBackend({ quiet: true })).name);
    const all = outputs(got);
    expect(joined(all[0]?.text)).toBe(`${axis.runs} of ${axis.planned} planned runs at the current code version\n`);
    const charts = all.filter((o) => o.data?.[PLOTLY_MIME]);
    expect(charts).toHaveLength(axis.points.length > 0 ? 1 : 0);
    charts.forEach(expectChart);
  });

  it("the preset-search notebook is generated, and shows every committed run: one chart bundle and the generated reading", () => {
    const got = readNotebook(path.join(nbDir, "preset-search.ipynb"));
    const want = searchNotebook() as { cells: Cell[] };
    expect(got.cells.map((c) => [c.id, joined(c.source)])).toEqual(want.cells.map((c) => [c.id, joined(c.source)]));
    const runs = loadSearchRuns(path.join(resultsDir, "preset-search"));
    expect(runs.length).toBeGreaterThan(0);
    const all = outputs(got);
    expect(joined(all[0]?.text)).toBe(`${runs.length} finished runs\n`);
    const charts = all.filter((o) => o.data?.[PLOTLY_MIME]);
    expect(charts).toHaveLength(1);
    expectChart(charts[0]);
    expect((charts[0].data![PLOTLY_MIME] as { data: unknown[] }).data).toHaveLength(2 * runs.length);
    const prose = all.find((o) => joined(o.data?.["text/markdown"] as string).startsWith("## Reading the runs"));
    expect(joined(prose?.data?.["text/markdown"] as string)).toBe(searchProse(runs));
  });

  it("are what scripts/make-notebooks.ts generates", () => {
    expect(notebookIds.length).toBeGreaterThan(10);
    for (const id of notebookIds) {
      const want = notebook(id) as { cells: Cell[] };
      const got = readNotebook(path.join(nbDir, `${id}.ipynb`));
      expect(got.cells.map((c) => [c.id, joined(c.source)]), id).toEqual(want.cells.map((c) => [c.id, joined(c.source)]));
    }
  });

  it("stay small: at most 400 KB each (Table 12 at 5 seeds draws 150 faint curves), no output over 1 MB, no inlined plotly.js, no HTML in a chart", () => {
    for (const id of [...notebookIds, "preset-search", "claims", "compute"]) {
      const file = path.join(nbDir, `${id}.ipynb`);
      expect(fs.statSync(file).size, file).toBeLessThanOrEqual(400 * 1024);
      for (const o of outputs(readNotebook(file))) {
        const text = JSON.stringify(o);
        expect(text.length, `${id}: an output of ${text.length} bytes`).toBeLessThanOrEqual(1024 * 1024);
        expect(PLOTLY_SIGNATURE.test(text), `${id}: an output inlines plotly.js`).toBe(false);
        if (o.data?.[PLOTLY_MIME]) expect(o.data["text/html"], id).toBeUndefined();
      }
    }
  });

  it("carry cpu-preset outputs: charts as {plotly JSON, PNG, text} and prose that agrees with results/", async () => {
    // The cache key holds the kernel settings and the backend: plan with the ones the notebooks ran on.
    const backend = (await initBackend({ quiet: true })).name;
    const cpu = getPreset("cpu");
    for (const id of notebookIds) {
      const nb = readNotebook(path.join(nbDir, `${id}.ipynb`));
      const all = outputs(nb);
      expect(joined(all[0]?.text), id).toBe("preset: cpu\n");
      const prose = all.find((o) => joined(o.data?.["text/markdown"] as string).startsWith("## Reading the result"));
      expect(prose, id).toBeDefined();
      const table = getTable(id);
      // run-notebooks.sh shows the committed rows at the claims' seeds (SB_SEEDS=5).
      const tasks = planTable(table, { preset: cpu, backend, seeds: MORE_SEEDS });
      const { results, stale } = loadResultsAnyVersion(tasks, resultsDir);
      // The table's chart, the try-it chart, and the learning curves where a run recorded one.
      const charts = all.filter((o) => o.data?.[PLOTLY_MIME]);
      // A gallery's own figure is its static grid (a PNG with its text), not a plotly chart.
      // The try-it row of a probe table is one block at the smoke preset: a small table says it, not a chart.
      const own = table.kind === "gallery" ? 0 : 1;
      const tried = table.kind === "probe" ? 0 : 1;
      expect(charts.length, id).toBe(own + tried + (results.some((r) => (r.pretrainCurve?.length ?? 0) > 0) ? 1 : 0));
      charts.forEach(expectChart);
      if (table.kind === "gallery") {
        const grid = all.find((o) => joined(o.data?.["text/plain"] as string).startsWith("[Figure 2 grid: grid-sigma-3.5.png]"));
        const png = PNG.sync.read(Buffer.from(joined(grid!.data!["image/png"] as string), "base64"));
        expect([png.width, png.height], id).toEqual([1036, 626]);
      }
      const run = { table, preset: cpu, results, rows: summarize(table, results, cpu), csv: path.join(resultsDir, id, "cpu.csv"), missing: tasks.length - results.length, stale } as unknown as TableRun;
      expect(joined(prose!.data!["text/markdown"] as string), id).toBe(tableProse(run));
    }
  });
});

describe("committed report pages", () => {
  it("load the one shared results/plotly.min.js by a relative script tag and stay under 200 KB", () => {
    expect(fs.readFileSync(path.join(resultsDir, PLOTLY_BUNDLE)).equals(fs.readFileSync(plotlySourceFile()))).toBe(true);
    const pages = fs.readdirSync(resultsDir).flatMap((d) => (fs.existsSync(path.join(resultsDir, d, "cpu.html")) ? [path.join(resultsDir, d, "cpu.html")] : []));
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const html = fs.readFileSync(page, "utf8");
      expect(html.length, page).toBeLessThanOrEqual(200 * 1024);
      expect(html, page).toContain(`<script src="${PLOTLY_SRC}"></script>`);
      expect(PLOTLY_SIGNATURE.test(html), `${page} inlines plotly.js`).toBe(false);
    }
  });
});

describe.skipIf(!fs.existsSync(CHROMIUM_PATH))("a report page in headless chromium", () => {
  it("draws the chart's SVG from disk, and says in one line what is missing without the bundle", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-page-"));
    const results = planTable("table2", { preset: "smoke", backend: "fake" }).map((t) => ({
      ...t, metrics: { accuracy: 50 + t.index }, timings: {}, version: "0", commit: null, startedAt: "", finishedAt: "", seconds: 1,
    }));
    const report = await writeTableReport(getTable("table2"), getPreset("smoke"), results, dir, false);
    const url = `file://${report.html}`;
    const drawn = await withPage({ width: 900, height: 600 }, async (page) => {
      await page.goto(url);
      await page.waitForSelector(".main-svg", { timeout: 30000 });
      return { svgs: await page.locator("svg.main-svg").count(), bars: await page.locator("g.point").count() };
    });
    expect(drawn.svgs).toBeGreaterThan(0);
    expect(drawn.bars).toBe(8); // ours and the paper's, four rows
    fs.rmSync(path.join(dir, PLOTLY_BUNDLE));
    const text = await withPage({ width: 900, height: 600 }, async (page) => {
      await page.goto(url);
      return page.locator("#figure-0").innerText();
    });
    expect(text).toBe(missingBundleLine(PLOTLY_SRC));
  }, 120000);
});

const TSLAB = path.join(root, "tools/jupyter/node_modules/.bin/tslab");
describe.skipIf(!fs.existsSync("/usr/bin/jupyter") || !fs.existsSync(TSLAB) || !fs.existsSync(CHROMIUM_PATH))("a notebook executed by tslab", () => {
  it("at the smoke preset sends every chart as exactly {plotly JSON, PNG, text} and tables as HTML", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sb-nb-"));
    const r = spawnSync("bash", ["scripts/run-notebooks.sh", "notebooks/table10.ipynb"], {
      cwd: root, encoding: "utf8", env: { ...process.env, SB_PRESET: "smoke", SB_RESULTS: path.join(out, "results"), SB_NOTEBOOK_OUT: out },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const all = outputs(readNotebook(path.join(out, "table10.ipynb")));
    expect(joined(all[0]?.text)).toBe("preset: smoke\n");
    const charts = all.filter((o) => o.data?.[PLOTLY_MIME]);
    expect(charts).toHaveLength(2);
    for (const c of charts) expect(expectChart(c)).toEqual({ width: 900, height: 480 });
    const table = all.find((o) => o.data?.["text/html"]);
    expect(Object.keys(table!.data!).sort()).toEqual(["text/html", "text/plain"]);
    expect(joined(table!.data!["text/html"] as string)).toContain("<th>seconds mean</th>");
  }, 600000);
});
