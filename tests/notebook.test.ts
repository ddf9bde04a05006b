import * as fs from "fs";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { getPreset } from "../src/experiments/presets";
import type { RowResult } from "../src/run/row";
import { planTable } from "../src/run/runner";
import { summarize } from "../src/analysis/summary";
import { getTable, listTables } from "../src/experiments/tables";
import { runsNote, tableProse } from "../src/notebook/tableText";
import { TRY_IT, tryTable } from "../src/notebook/tryIt";
import { runCurvesFigure, runRecords } from "../src/notebook/runs";
import type { TableRun } from "../src/notebook/session";
import { summaryRecords, tableFrame, spreadDigits } from "../src/report/frame";
import { bundleWriter, chartBundle, frameBundle, PLOTLY_MIME, showBundle } from "../src/notebook/display";
import type { BundleWriter, MimeBundle, TslabDisplay } from "../src/notebook/display";
import { barFigure } from "../src/report/plotly";
import { CHROMIUM_PATH } from "../src/report/png";
import { fillTemplate } from "../src/report/template";
import { typedNumbers } from "./helpers/typedNumbers";
import type { ProseInput } from "../src/report/template";
import { chartGuide, CLAIM_NOTES, markdownSections, parseTableText, TEXTS } from "../src/report/texts";
import { notebookTables, tsLiteral } from "../scripts/make-notebooks";

const smoke = getPreset("smoke");

/** Fake finished results: every metric of row i, seed s is 40 + 10·i + s (probe: one per block). */
function fakeResults(tableId: string, seeds = 2, value = (i: number, s: number) => 40 + 10 * i + s): RowResult[] {
  const table = getTable(tableId);
  return planTable(tableId, { preset: "smoke", seeds, backend: "fake" }).map((t) => {
    const v = value(t.index, t.seed);
    const metrics = table.kind === "probe" ? { "accuracy@1": v, "accuracy@4": v + 1 } : { [table.metric]: v };
    return { ...t, metrics, timings: {}, version: "0", commit: null, startedAt: "", finishedAt: `2026-01-0${t.seed + 1}T00:00:00Z`, seconds: 30 };
  });
}

function proseInput(tableId: string, results = fakeResults(tableId)): ProseInput {
  const table = getTable(tableId);
  const others = Object.fromEntries(listTables().map((id) => [id, summarize(getTable(id), fakeResults(id), smoke)]));
  return { table, rows: summarize(table, results, smoke), results, preset: smoke, others };
}

class FakeDisplay implements TslabDisplay {
  sent: [string, unknown][] = [];
  png(b: Uint8Array) { this.sent.push(["png", b]); }
  html(s: string) { this.sent.push(["html", s]); }
  markdown(s: string) { this.sent.push(["markdown", s]); }
  text(s: string) { this.sent.push(["text", s]); }
}

describe("MIME bundles through tslab's kernel writer", () => {
  it("finds lastWriteDisplayData in the kernel's jupyter.js module and sends the whole bundle as one output", () => {
    const sent: Parameters<BundleWriter>[] = [];
    const writer: BundleWriter = (msg, update) => sent.push([msg, update]);
    const cache = {
      "/x/node_modules/tslab/dist/public.js": { exports: {} },
      "/x/node_modules/tslab/dist/jupyter.js": { exports: { lastWriteDisplayData: writer } },
    };
    expect(bundleWriter(cache)).toBe(writer);
    expect(bundleWriter({ "/x/node_modules/tslab/dist/jupyter.js": { exports: { lastWriteDisplayData: null } } })).toBeNull();
    expect(bundleWriter({ "/x/other/jupyter.js": { exports: { lastWriteDisplayData: writer } } })).toBeNull();
    const bundle: MimeBundle = { [PLOTLY_MIME]: { data: [], layout: {} }, "image/png": "iVBO", "text/plain": "chart" };
    const display = new FakeDisplay();
    showBundle(bundle, display, bundleWriter(cache));
    expect(sent).toEqual([[{ data: bundle, metadata: {}, transient: {} }, false]]);
    expect(display.sent).toEqual([]);
  });

  it("relies on a pinned tslab whose kernel module exports the writer", () => {
    const pinned = JSON.parse(fs.readFileSync("tools/jupyter/package.json", "utf8")).dependencies.tslab;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/); // an exact version: the writer is not public API
    const installed = "tools/jupyter/node_modules/tslab";
    if (fs.existsSync(installed)) {
      expect(JSON.parse(fs.readFileSync(`${installed}/package.json`, "utf8")).version).toBe(pinned);
      expect(fs.readFileSync(`${installed}/dist/jupyter.js`, "utf8")).toMatch(/exports\.lastWriteDisplayData = writeDisplayData;/);
    }
  });

  it("falls back to display.png (charts) or display.html (tables) without the writer", () => {
    const display = new FakeDisplay();
    showBundle({ [PLOTLY_MIME]: {}, "image/png": Buffer.from("png!").toString("base64"), "text/plain": "c" }, display, null);
    showBundle({ "text/html": "<table></table>", "text/plain": "t" }, display, null);
    expect(display.sent.map(([k]) => k)).toEqual(["png", "html"]);
    expect(Buffer.from(display.sent[0][1] as Uint8Array).toString()).toBe("png!");
  });

  it.skipIf(!fs.existsSync(CHROMIUM_PATH))("makes a chart bundle of exactly plotly JSON, PNG and one line of text", async () => {
    const table = getTable("table2");
    const fig = barFigure(table, summarize(table, fakeResults("table2"), smoke));
    const bundle = await chartBundle(fig, { width: 600, height: 300 });
    expect(Object.keys(bundle).sort()).toEqual(["application/vnd.plotly.v1+json", "image/png", "text/plain"]);
    const json = JSON.parse(JSON.stringify(bundle[PLOTLY_MIME]));
    expect(json.data[0].y).toEqual([40.5, 50.5, 60.5, 70.5]);
    expect(json.layout.height).toBe(300);
    const png = PNG.sync.read(Buffer.from(bundle["image/png"] as string, "base64"));
    expect([png.width, png.height]).toEqual([600, 300]);
    expect(bundle["text/plain"]).toBe(`[plotly chart: ${table.caption}]`);
    expect(bundle["text/plain"]).not.toContain("\n");
  }, 60000);

  it("shows a danfojs frame as an HTML table with its text beside it", () => {
    const table = getTable("table2");
    const bundle = frameBundle(tableFrame(summaryRecords(table, summarize(table, fakeResults("table2"), smoke))));
    expect(Object.keys(bundle)).toEqual(["text/html", "text/plain"]);
    const html = bundle["text/html"] as string;
    expect(html).toContain("<th>row</th><th>accuracy mean</th><th>accuracy sd</th><th>runs</th><th>paper C100</th>");
    // Rounded to two significant figures of the seed sd (0.707 → 0.71, so the mean to 2 decimals too).
    expect(html).toContain("<tr><td>3</td><td>1p-frac</td><td>70.5</td><td>0.71</td><td>2</td><td>84.2</td></tr>");
    expect([spreadDigits(4.7), spreadDigits(0.707), spreadDigits(0.045), spreadDigits(0), spreadDigits(12)]).toEqual([1, 2, 3, 3, 0]);
    expect(bundle["text/plain"]).toContain("╔");
  });
});

describe("prose generated from results", () => {
  it("fills rows, paper values, gains and comparisons", () => {
    const input = proseInput("table5");
    expect(fillTemplate("{Scratch}; {paper:Δ=0.1}; {gain:Δ=0.1;Scratch}; {gain:Scratch;Δ=0.1}", input)).toBe("40.5 ± 0.7; 84.2; +40.0; −40.0");
    expect(fillTemplate("{seeds}, {px} px, L = {L}", input)).toBe("2 seeds, 28 px, L = 8");
    expect(runsNote(input.results)).toMatch(/^These numbers come from 14 runs at this preset, finished 2026-01-01, 2026-01-02: 7 min of run time/);
    // Δ=0.001 (50.5) vs Δ=0.1 (80.5): the paper has them the same way round.
    expect(fillTemplate("{cmp:Δ=0.001;Δ=0.1} / {agree:Δ=0.001;Δ=0.1} / {agree:Δ=0.1;Δ=0.001}", input)).toBe("below / as in the paper / as in the paper");
    expect(fillTemplate("{table5#Scratch|accuracy}", input)).toBe("40.5 ± 0.7");
  });

  it("calls a difference within sd(A) + sd(B) the seed spread, and a row without runs not comparable", () => {
    const spread = fakeResults("table5", 2, (i, s) => 60 + i * 0.5 + s * 3); // sd 2.1 per row, means 0.5 apart
    expect(fillTemplate("{cmp:Δ=0.1;Δ=0.2}", proseInput("table5", spread))).toBe("within the seed spread of");
    const partial = fakeResults("table5").filter((r) => r.label !== "Scratch");
    const input = proseInput("table5", partial);
    expect(fillTemplate("{Scratch} {cmp:Δ=0.1;Scratch} {gain:Δ=0.1;Scratch}", input)).toBe("— not yet comparable with —");
  });

  it("rejects an unknown row, table or placeholder with one clear error", () => {
    const input = proseInput("table5");
    expect(() => fillTemplate("{Δ=0.3}", input)).toThrow(/table5 text: \{Δ=0\.3\}: table5 has no row "Δ=0\.3" \(rows: Scratch, Δ=0\.001/);
    expect(() => fillTemplate("{nope#Scratch}", input)).toThrow(/refers to table nope, which was not loaded/);
    expect(() => fillTemplate("{median:Scratch}", input)).toThrow(/unknown placeholder \{median:Scratch\}/);
    expect(() => fillTemplate("{paper:Scratch}", input)).toThrow(/the paper has no number for this row/);
    expect(() => fillTemplate("{cmp:Scratch}", input)).toThrow(/needs two rows separated by ";"/);
  });

  it("finds numbers typed into a template, but not names, settings, commands or placeholders", () => {
    expect(typedNumbers("scratch 55.1 ± 4.7, a gain of 12 points")).toEqual(["55.1", "4.7", "12"]);
    expect(typedNumbers("Δ = 0.1 and σ=3.5 beat {Scratch} in Table 5 (1p-frac, CIFAR-100, top-1, `--L 8`), L = 1000")).toEqual([]);
  });

  it("no notebook text has a typed number, and every placeholder resolves against its table's rows", () => {
    for (const [id, t] of Object.entries(TEXTS)) {
      for (const template of [t.reading, t.ours, t.chart ?? ""]) {
        expect(typedNumbers(template), `${id}: ${template}`).toEqual([]);
        expect(() => fillTemplate(template, proseInput(id))).not.toThrow();
      }
    }
    for (const id of notebookTables()) expect(typedNumbers(chartGuide(getTable(id).kind))).toEqual([]);
    expect(Object.keys(TEXTS).sort()).toEqual(notebookTables().sort());
    expect(Object.keys(TRY_IT).sort()).toEqual(notebookTables().sort());
    expect(Object.keys(CLAIM_NOTES).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("reads a table's text from its markdown sections, and names the file and section that is missing", () => {
    const md = "# Table 0 — a title\n\n## Question\n\nWhy?\n\n## Paper\n\nIt says {Scratch}.\n\n## Ours\n\nWe say\n{Scratch}.\n";
    expect(parseTableText(md, "t.md")).toEqual({ title: "Table 0 — a title", question: "Why?", reading: "It says {Scratch}.", ours: "We say\n{Scratch}." });
    expect(() => parseTableText(md.replace("## Ours", "## Our"), "t.md")).toThrow('t.md: no "Ours" section with text (it has: Question, Paper, Our)');
    expect(() => parseTableText(md.replace("# Table 0 — a title", ""), "t.md")).toThrow('t.md: no "# Title" line');
    expect(() => markdownSections("## A\n\nx\n## A\n", 2, "t.md")).toThrow('t.md: the heading "## A" appears twice');
    // A deeper heading stays inside its section.
    expect([...markdownSections("## 1\n### Reason\nr\n### Tried\nt\n", 2, "c.md")]).toEqual([["1", "### Reason\nr\n### Tried\nt"]]);
  });

  it("puts the reading, our run and the notes in one markdown text", () => {
    const table = getTable("table4");
    const results = fakeResults("table4");
    const run = { table, preset: smoke, results, rows: summarize(table, results, smoke), csv: "/nowhere/table4/smoke.csv", missing: 0 } as unknown as Parameters<typeof tableProse>[0];
    const text = tableProse(run);
    expect(text).toMatch(/^## Reading the result\n\nThe paper's noise rows collapse on CIFAR-100 \(Gaussian 1\.1, uniform 2, against 84\.2 for 1p-frac\)/);
    expect(text).toContain("## Our run (smoke preset)\n\nOver 2 seeds: Gaussian+LPCE 40.5 ± 0.7, Uniform+LPCE 50.5 ± 0.7, 1p-frac 60.5 ± 0.7; scratch is — (Table 5).");
    expect(text).toMatch(/These numbers come from 6 runs at this preset, finished 2026-01-01, 2026-01-02: 3 min of run time/);
  });
});

describe("try it", () => {
  it("runs one row and its changed copy, and names a missing row", () => {
    const t = tryTable("table11", "Canny + affine (camera.png)", { label: "Δ=0.3", overrides: { source: { name: "real-image", params: { delta: 0.3 } } } });
    expect(t.id).toBe("table11-try");
    expect(t.rows.map((r) => [r.label, r.group, r.paperRow])).toEqual([["Canny + affine (camera.png)", "Canny + affine (camera.png)", null], ["Δ=0.3", undefined, null]]);
    expect(planTable(t, { preset: "smoke", backend: "fake" })[1].config.source!.params.delta).toBe(0.3);
    expect(() => tryTable("table5", "Δ=0.3", { label: "x", overrides: {} })).toThrow(/table5 has no row "Δ=0\.3" \(rows: Scratch, Δ=0\.001/);
    // Every notebook's try-it change is a valid row of its table (the strict merge rejects unknown fields).
    for (const [id, change] of Object.entries(TRY_IT)) {
      expect(() => planTable(tryTable(id, change.row, change), { preset: "smoke", backend: "fake" }), id).not.toThrow();
    }
    // The notebook cell shows the change as a person would type it, and that text is the same value.
    const literal = tsLiteral(TRY_IT["table2-digits"].overrides);
    expect(literal).toBe('{ source: { name: "1p-frac", params: { delta: 0.01 } }, downstream: { name: "digits", testPerClass: 50 } }');
    expect(new Function(`return (${literal});`)()).toEqual(TRY_IT["table2-digits"].overrides);
  });
});

describe("runs one by one", () => {
  it("shows each run's final LPCE loss against ln L, flags a run that stayed at chance, and charts only recorded curves", () => {
    const table = getTable("table5");
    const results = fakeResults("table5").map((r) => {
      if (r.label !== "Δ=0.1") return r;
      const lnL = Math.log(r.config.source!.params.L as number);
      // Seed 0 learned; seed 1 stayed at ln L. Phase timings, not the wall time, are its compute.
      const end = r.seed === 0 ? lnL - 1 : lnL - 0.01;
      return { ...r, timings: { pretrain: 100, finetune: 20 }, pretrainCurve: [{ step: 1, loss: lnL, cleanAccuracy: 0.01 }, { step: 2, loss: end, cleanAccuracy: 0.5 }] };
    });
    const run = { table, preset: smoke, results, rows: summarize(table, results, smoke), missing: 0, stale: 0 } as unknown as TableRun;
    const recs = runRecords(run).filter((r) => r.row === "Δ=0.1");
    expect(recs.map((r) => [r.seed, r.learned, r["compute s"]])).toEqual([[0, "yes", 120], [1, "no", 120]]);
    expect(runRecords(run).find((r) => r.row === "Scratch")!.learned).toBeNull();
    const fig = runCurvesFigure(run)!;
    // One colour and one legend entry per row: its two seeds faint (loss and top-1 each), their mean bold and in the legend.
    expect(fig.data.map((t) => [t.name, t.showlegend, (t.line as { width: number }).width, t.opacity ?? 1])).toEqual([
      ["Δ=0.1", false, 1, 0.35], ["Δ=0.1", false, 1, 0.35], ["Δ=0.1", false, 1, 0.35], ["Δ=0.1", false, 1, 0.35], ["Δ=0.1", true, 3, 1], ["Δ=0.1", false, 3, 1],
    ]);
    expect(new Set(fig.data.map((t) => (t.line as { color: string }).color)).size).toBe(1);
    const seeds = fig.data.filter((t) => t.opacity === 0.35 && t.yaxis === "y").map((t) => t.y as number[]);
    const mean = fig.data.find((t) => t.showlegend)!.y as number[];
    mean.forEach((m, i) => expect(m).toBeCloseTo((seeds[0][i] + seeds[1][i]) / 2, 3));
    expect(runCurvesFigure({ ...run, results: fakeResults("table5") } as TableRun)).toBeNull();
    // Rows that share one pre-training (same source, model, loop and seed) are drawn once, named for the source.
    const d01 = results.filter((r) => r.label === "Δ=0.1");
    const shared = [...d01, ...d01.map((r) => ({ ...r, label: "Δ=0.1 again", group: "Δ=0.1 again" }))];
    const sharedFig = runCurvesFigure({ ...run, results: shared } as unknown as TableRun)!;
    expect(sharedFig.data.map((t) => t.name)).toEqual(Array(6).fill("1p-frac (shared by 2 rows)"));
    // {learned} counts the runs with a recorded curve (not Scratch, nor runs of earlier code), and which left ln L.
    expect(fillTemplate("{learned}", { table, rows: run.rows, results, preset: smoke })).toBe("1 of 2 pre-trainings");
    expect(fillTemplate("{learned}", { table, rows: run.rows, results: fakeResults("table5"), preset: smoke })).toBe("no run with a recorded pre-training");
  });
});
