import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { getPreset } from "../src/experiments/presets";
import type { RowResult } from "../src/run/row";
import { planTable } from "../src/run/runner";
import { getTable } from "../src/experiments/tables";
import { parseArgs } from "../src/cli/reproduce";
import { parseCsv, toCsv } from "../src/report/csv";
import { writeFigureHtml } from "../src/report/html";
import { barFigure } from "../src/report/plotly";
import { CHROMIUM_PATH, htmlToPng, withPage } from "../src/report/png";
import { humanColumn, writeTableReport } from "../src/report/tableReport";
import { writeIndex } from "../src/report/indexPage";
import type { Scoreboard } from "../src/analysis/scoreboard";
import { summaryRecords, tableFrame } from "../src/report/frame";
import { summarize } from "../src/analysis/summary";
import { busySeconds } from "../src/analysis/timing";
import { requireDep } from "./helpers/deps";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sb-report-"));

/** Fake finished results for a table: accuracy = 40 + row index + seed. */
function fakeResults(tableId: string, seeds = 2, metric = (i: number, s: number): Record<string, number> => ({ accuracy: 40 + i + s })): RowResult[] {
  return planTable(tableId, { preset: "smoke", seeds, backend: "fake" }).map((t) => ({
    ...t, metrics: metric(t.index, t.seed), timings: {}, version: "0", commit: null, startedAt: "", finishedAt: "", seconds: 0,
  }));
}

describe("CSV", () => {
  it("round-trips quotes, commas, newlines and empty cells", () => {
    const rows = [["a,b", 1.5, null], ['say "hi"', -2, "x\ny"]];
    const text = toCsv(["name", "value", "note"], rows);
    expect(parseCsv(text)).toEqual([["name", "value", "note"], ["a,b", "1.5", ""], ['say "hi"', "-2", "x\ny"]]);
    expect(() => toCsv(["a"], [[1, 2]])).toThrow(/row 0 has 2 cells, header has 1/);
    expect(() => parseCsv('"open')).toThrow(/unterminated/);
  });

  it("writes a number without binary noise, and keeps its real digits", () => {
    expect(toCsv(["v"], [[60.519999999999996], [0.1 + 0.2], [5.545177444479562], [1e-7], [NaN]])).toBe("v\n60.52\n0.3\n5.54517744448\n1e-7\n\n");
  });
});

describe("busySeconds (a table's wall time)", () => {
  const at = (from: number, to: number) => ({ startedAt: new Date(Date.UTC(2026, 11, 5, 9, 0, from)).toISOString(), finishedAt: new Date(Date.UTC(2026, 11, 5, 9, 0, to)).toISOString() });
  it("counts runs side by side once and leaves out the gaps between them", () => {
    expect(busySeconds([])).toBe(0);
    expect(busySeconds([at(0, 10)])).toBe(10);
    expect(busySeconds([at(0, 10), at(5, 15)])).toBe(15); // overlapping: two at a time
    expect(busySeconds([at(20, 30), at(0, 10)])).toBe(20); // a gap (another session) is not counted, order does not matter
    expect(busySeconds([at(0, 30), at(5, 10), at(12, 20)])).toBe(30); // nested in a longer run
    expect(busySeconds([at(0, 10), at(10, 20)])).toBe(20); // back to back
  });
});

describe("table report", () => {
  it("writes a CSV that parses back to ours beside the paper's, and an offline HTML chart", async () => {
    const dir = tmp();
    const table = getTable("table5");
    const report = await writeTableReport(table, getPreset("smoke"), fakeResults("table5"), dir, false);
    const csv = parseCsv(fs.readFileSync(report.csv, "utf8").trim());
    expect(csv[0]).toEqual(["row", "x", "runs", "accuracy_mean", "accuracy_sd", "paper"]);
    expect(csv[1]).toEqual(["Scratch", "", "2", "40.5", "0.707106781187", ""]);
    expect(csv[2]).toEqual(["Δ=0.001", "0.001", "2", "41.5", "0.707106781187", "1.2"]);
    expect(csv).toHaveLength(8);
    const html = fs.readFileSync(report.html, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("Plotly.newPlot(");
    expect(html).toContain('<script src="../plotly.min.js"></script>'); // the one shared copy, never inlined
    expect(fs.existsSync(path.join(dir, "plotly.min.js"))).toBe(true);
    expect(html).toContain("<td>0.71</td>"); // the page rounds, the CSV does not
    const call = html.match(/Plotly\.newPlot\("figure-0", (.*), (.*), \{responsive: true\}\);/);
    expect(call).not.toBeNull();
    const data = JSON.parse(call![1]);
    expect(data[0].y).toEqual([40.5, 41.5, 42.5, 43.5, 44.5, 45.5, 46.5]);
    expect(data[1].y).toEqual([null, 1.2, 19.9, 83.0, 84.2, 83.4, 82.6]);
  });

  it("fits and reports the scaling law", async () => {
    // error = 30·L^-0.5 + 10 -> accuracy = 90 - 30·L^-0.5
    const results = fakeResults("scaling", 1).map((r) => ({ ...r, metrics: { accuracy: 90 - 30 * (r.config.source!.params.L as number) ** -0.5 } }));
    const report = await writeTableReport(getTable("scaling"), getPreset("smoke"), results, tmp(), false);
    expect(report.fit).not.toBeNull();
    expect(report.fit!.C).toBeCloseTo(10, 1);
    expect(report.fit!.alpha).toBeCloseTo(0.5, 2);
    expect(fs.readFileSync(report.html, "utf8")).toContain("transfer gap");
  });

  it("draws the linear probe as lines over blocks", async () => {
    const results = fakeResults("figure3", 1, (i) => ({ "accuracy@1": 10 + i, "accuracy@2": 20 + i }));
    const report = await writeTableReport(getTable("figure3"), getPreset("smoke"), results, tmp(), false);
    const html = fs.readFileSync(report.html, "utf8");
    const data = JSON.parse(html.match(/Plotly\.newPlot\("figure-0", (.*), (.*), \{responsive/)![1]);
    expect(data.map((d: { name: string }) => d.name)).toEqual(["Scratch", "1p-frac", "FractalDB", "Supervised"]);
    expect(data[1].x).toEqual([1, 2]);
    expect(data[1].y).toEqual([11, 21]);
  });

  it("builds a danfojs frame of ours beside the paper's", () => {
    const table = getTable("table2");
    const rows = summarize(table, fakeResults("table2"), getPreset("smoke"));
    const df = tableFrame(summaryRecords(table, rows));
    expect(df.shape).toEqual([4, 5]);
    expect(df.columns).toEqual(["row", "accuracy mean", "accuracy sd", "runs", "paper C100"]);
    expect(df.column("paper C100").values).toEqual([64.2, 81.6, 84.0, 84.2]);
  });

  it.skipIf(!requireDep(`chromium (${CHROMIUM_PATH})`, fs.existsSync(CHROMIUM_PATH)))("renders the chart to PNG with chromium", async () => {
    const html = path.join(tmp(), "t", "c.html");
    const table = getTable("table2");
    writeFigureHtml(html, "t", [barFigure(table, summarize(table, fakeResults("table2"), getPreset("smoke")))]);
    const png = path.join(path.dirname(html), "c.png");
    expect(await htmlToPng(html, png)).toBe(true);
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(bytes.length).toBeGreaterThan(5000);
  }, 60000);
});

describe("report status", () => {
  it("says on the page when rows are from an earlier code version or runs are missing, and nothing when neither", async () => {
    const dir = tmp();
    const table = getTable("table4");
    const results = fakeResults("table4").slice(1);
    const page = async (status?: { stale: number; missing: number }) => fs.readFileSync((await writeTableReport(table, getPreset("smoke"), results, dir, false, status)).html, "utf8");
    const both = await page({ stale: 5, missing: 1 });
    expect(both).toContain("<b>These rows are from an earlier version of the code</b> (5 runs)");
    expect(both).toContain("<code>npm run reproduce -- table4</code>");
    expect(both).toContain("<p>1 planned runs have no result yet;");
    const none = await page();
    expect(none).not.toContain("earlier version of the code");
    expect(none).not.toContain("planned runs");
  });
});

describe("reproduce CLI", () => {
  it("rejects unknown tables and presets with the valid list", () => {
    expect(() => parseArgs(["table99"])).toThrow(/unknown table "table99" \(valid: table2, table3.*table5.*scaling/);
    expect(() => parseArgs(["table5", "--preset", "huge"])).toThrow(/--preset: unknown value "huge" \(valid: smoke, cpu, cpu-fast, paper\)/);
    expect(() => parseArgs(["table5", "--seeds", "0"])).toThrow(/--seeds: expected a positive integer/);
    expect(() => parseArgs(["table5", "--bogus"])).toThrow(/unknown option --bogus/);
    expect(parseArgs(["table5", "--preset", "smoke", "--seeds", "2", "--jobs", "1"])).toMatchObject({ table: "table5", preset: "smoke", seeds: 2, jobs: 1, png: true });
  });
  it("exits with status 2 and the list on an unknown table", () => {
    const root = path.resolve(__dirname, "..");
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/reproduce.ts", "nope"], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown table "nope" \(valid: table2/);
  }, 30000);
});

describe("results/index.html and human column names", () => {
  it("report tables name their columns for readers (the CSV keeps its own)", () => {
    const t5 = getTable("table5");
    expect(["row", "x", "runs", "accuracy_mean", "accuracy_sd", "paper"].map((c) => humanColumn(t5, c))).toEqual(["row", "Δ", "runs (seeds)", `${t5.metricLabel}, mean`, `${t5.metricLabel}, sd over seeds`, `paper (${t5.metricLabel})`]);
    expect(humanColumn(getTable("figure3"), "accuracy@2_mean")).toBe("top-1 after 2 blocks (%), mean");
  });

  it.skipIf(!requireDep(`chromium (${CHROMIUM_PATH})`, fs.existsSync(CHROMIUM_PATH)))("renders in headless chromium with every table listed, the claims and working links", async () => {
    const dir = tmp();
    const entries = ["table2", "table4", "table5"].map((id) => {
      const table = getTable(id);
      return { table, rows: summarize(table, fakeResults(id), getPreset("smoke")), stale: id === "table4" ? 2 : 0 };
    });
    fs.mkdirSync(path.join(dir, "table5"));
    fs.writeFileSync(path.join(dir, "table5", "cpu.html"), "<p>report</p>");
    const claim = { id: 1, claim: "1p-frac (Δ = 0.1) beats scratch", ours: "+4.3 ± 3.2", paper: 20, verdict: "inconclusive" } as unknown as Scoreboard["claims"][number];
    const board = { preset: "cpu", backend: "x", downstream: null, runs: {}, stale: {}, claims: [claim] } as Scoreboard;
    const file = writeIndex(dir, board, entries);
    const seen = await withPage({ width: 1100, height: 800 }, async (page) => {
      await page.goto(`file://${file}`);
      return {
        sections: await page.$$eval("section h2", (hs) => hs.map((h) => h.textContent)),
        claims: await page.$$eval("h2#claims + table td", (tds) => tds.map((t) => t.textContent)),
        links: await page.$$eval("section a", (as) => as.map((a) => a.getAttribute("href"))),
        stale: await page.$$eval("section em", (es) => es.map((e) => e.textContent)),
      };
    });
    expect(seen.sections).toEqual(entries.map((e) => e.table.caption));
    expect(seen.claims).toEqual(["1", "1p-frac (Δ = 0.1) beats scratch", "+4.3 ± 3.2", "20.0", "inconclusive"]);
    expect(seen.links).toEqual(["table5/cpu.html"]);
    expect(seen.stale).toEqual(["(from runs of an earlier code version: 2)"]);
  }, 60000);
});
