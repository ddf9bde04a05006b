import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { BEGIN, conclusion, DEMO_BEGIN, DEMO_END, demoSection, END, fewerSeedsBlock, findingsSection, replaceSection, resultsSection, scoreboardBlock, summarySection, SUMMARY_BEGIN, SUMMARY_END } from "../scripts/readme";
import { runTable } from "../src/run/runner";
import type { RowExecutor } from "../src/run/row";
import { buildScoreboard, MORE_SEEDS, moreSeedsRows } from "../src/analysis/scoreboard";
import type { Scoreboard } from "../src/analysis/scoreboard";

const root = path.resolve(__dirname, "..");

describe("README summary and docs/results.md", () => {
  it("are what `npm run readme` generates from results/ (no typed numbers to drift)", async () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme.indexOf(SUMMARY_BEGIN)).toBeGreaterThan(0);
    expect(readme).toBe(replaceSection(readme, await summarySection(), SUMMARY_BEGIN, SUMMARY_END));
    const page = fs.readFileSync(path.join(root, "docs", "results.md"), "utf8");
    expect(page.indexOf(BEGIN)).toBeGreaterThan(0);
    expect(page).toBe(replaceSection(page, await resultsSection()));
  }, 60_000);

  it("the README's first screen holds the two commands and the scoreboard table", () => {
    const first = fs.readFileSync(path.join(root, "README.md"), "utf8").split("\n").slice(0, 45).join("\n");
    expect(first).toContain("bash scripts/setup.sh && npm run demo");
    expect(first).toContain("bash scripts/setup.sh && npm test");
    expect(first).toMatch(/\| # \| claim \| ours \(effect ± sd\) \| paper \| verdict \|/);
    expect(first).toMatch(/^At the cpu preset on fashion-mnist, \d+ of the paper's 11 claims (is|are) reproduced/m);
  });

  it("the README's demo line is the demo's run at the current code version, or says there is none", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toBe(replaceSection(readme, demoSection(path.join(root, "results"), "wasm"), DEMO_BEGIN, DEMO_END));
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "sb-demo-"));
    expect(demoSection(empty, "wasm")).toMatch(/^The demo has no run at the current code version in `results\/demo\/`/);
  });

  it("the demo line gives each row's top-1, the preset and the rows' wall time", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-demo-"));
    const executor: RowExecutor = async (task) => ({ metrics: { accuracy: 50 + 10 * task.index }, timings: { total: 1 } });
    await runTable("demo", { preset: "cpu-fast", backend: "fake", executor, resultsDir: dir, seeds: 1, quiet: true });
    expect(demoSection(dir, "fake")).toMatch(/^The demo's last run here \(`npm run demo`: the `cpu-fast` preset, seed 0, commit .*\) printed top-1 on fashion-mnist of Scratch 50\.0, 1p-frac 60\.0; its rows took \d+ s/);
  });

  it("the one sentence counts each verdict", () => {
    const claim = (id: number, verdict: string) => ({ id, verdict }) as Scoreboard["claims"][number];
    const board: Scoreboard = { preset: "cpu", backend: "x", downstream: null, runs: {}, stale: { table5: 3 }, claims: [claim(1, "reproduced"), claim(2, "not reproduced"), claim(3, "reproduced")] };
    expect(conclusion(board)).toBe("At the cpu preset on fashion-mnist, 2 of the paper's 3 claims are reproduced (1, 3), 1 is not (2) and 0 are inconclusive, scored from runs of an earlier code version of 1 of its tables until they are rerun.");
  });

  it("rewrites only the block between its markers, and says where they are missing", () => {
    const doc = `intro\n${BEGIN}\nold\n${END}\noutro\n`;
    expect(replaceSection(doc, "new")).toBe(`intro\n${BEGIN}\nnew\n${END}\noutro\n`);
    expect(() => replaceSection("no markers", "x")).toThrow(/README\.md: the markers .* are missing/);
  });

  it("marks a scoreboard (each downstream's too) that rests on an earlier code version, naming its tables", () => {
    const board = (stale: Record<string, number>): Scoreboard => ({ preset: "cpu", backend: "cpu", downstream: "digits", runs: {}, stale, claims: [] });
    const marked = scoreboardBlock(board({ "table2-digits": 0, "table5-digits": 21 })).join("\n");
    expect(marked).toMatch(/\*\*Scored from runs of an earlier code version\*\* \(table5-digits\):/);
    expect(scoreboardBlock(board({ "table2-digits": 0, "table5-digits": 0 })).join("\n")).not.toMatch(/earlier code version/);
  });

  it("says for each table what its runs show, and marks a table that rests on earlier code, one that is partly run and one not run", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-readme-"));
    const executor: RowExecutor = async (task) => ({ metrics: { accuracy: 50 + 2 * task.index + task.seed }, timings: { total: 1 } });
    const run = { preset: "cpu", backend: "fake", executor, resultsDir: dir, quiet: true };
    await runTable("table5", run);
    await runTable("table7", { ...run, seeds: 1 });
    await runTable("table12", { ...run, codeVersion: "aaaaaaaaaaaaaaaa" });
    const paragraphs = findingsSection(dir, "fake", 3).split("\n\n");
    const of = (title: string) => paragraphs.find((p) => p.startsWith(`**${title}`)) ?? "";
    expect(of("Table 5")).toMatch(/^\*\*Table 5 — how far to perturb \(Δ\)\*\* \(`notebooks\/table5\.ipynb`\)\. Over 3 seeds: scratch 51\.0 ± 1\.0; Δ = 0\.001 53\.0 ± 1\.0;/);
    expect(of("Table 5")).not.toMatch(/earlier code|planned runs/);
    // Seed 0's four rows, and the L = 1000 row of seeds 1 and 2, which is Table 5's Δ = 0.1 run.
    expect(of("Table 7")).toContain("**6 of 12 planned runs so far.** Over 3 seeds,");
    expect(of("Table 12")).toContain("**From runs of an earlier code version.** Over 3 seeds × every photo");
    expect(of("Table 11")).toBe("**Table 11 — a real photo instead of a fractal: RGB or edges**: not run yet at the cpu preset (`npm run reproduce -- table11`).");
  });

  // Row i gains 4·i points over scratch (row 0) on seeds 0-2 and i on seeds 3-4, so the extra seeds shrink every effect.
  const shrinkingGains: RowExecutor = async (task) => ({ metrics: { accuracy: 50 + task.index * (task.seed < 3 ? 4 : 1) + (task.seed % 2) }, timings: { total: 1 } });

  it("shows how the claims scored over more seeds would read at the preset's seeds, and nothing while no claim has more", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-readme-"));
    const run = { preset: "cpu", backend: "fake", executor: shrinkingGains, resultsDir: dir, quiet: true };
    await runTable("table2", { ...run, seeds: 3 });
    const opts = { preset: "cpu", backend: "fake", resultsDir: dir, anyVersion: true };
    expect(fewerSeedsBlock(buildScoreboard({ ...opts, seeds: MORE_SEEDS }), buildScoreboard(opts))).toEqual([]);

    await runTable("table2", { ...run, seeds: MORE_SEEDS });
    const rows = moreSeedsRows(buildScoreboard(opts), buildScoreboard({ ...opts, seeds: MORE_SEEDS }));
    // Claim 1 (1p-frac − scratch) and claim 11 (1p-frac − FractalDB / OFDB) read Table 2 alone.
    expect(rows.map((r) => [r.id, r.pairs, r.pairsMore])).toEqual([[1, 3, 5], [11, 3, 5]]);
    // 1p-frac is row 3: differences 12, 12, 12, 3, 3 have mean 8.4 and sd 4.93, so the estimate's sd is 4.93 / √5 = 2.2.
    expect(rows[0]).toMatchObject({ ours: "+12.0 ± 0.0", oursMore: "+8.4 ± 2.2" });
    const block = fewerSeedsBlock(buildScoreboard({ ...opts, seeds: MORE_SEEDS }), buildScoreboard(opts)).join("\n");
    expect(block).toContain(`| 1 | ${rows[0].claim} | 3 → 5 | +12.0 ± 0.0 |`);
    expect(block).toContain("`npm run claims -- --any-version --seeds 3`");
  });

  it("shows the claims whose digits rows got more seeds, with the digits command, and leaves Fashion-MNIST's board alone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-readme-"));
    const run = { preset: "cpu", backend: "fake", executor: shrinkingGains, resultsDir: dir, quiet: true };
    await runTable("table2-digits", { ...run, seeds: MORE_SEEDS });
    const opts = { preset: "cpu", backend: "fake", resultsDir: dir, anyVersion: true };
    const digits = { ...opts, downstream: "digits" };
    const block = fewerSeedsBlock(buildScoreboard({ ...digits, seeds: MORE_SEEDS }), buildScoreboard(digits), "digits").join("\n");
    expect(block).toContain("`npm run claims -- --any-version --seeds 3 --downstream digits`");
    expect(block).toMatch(/\| 1 \| .* \| 3 → 5 \| \+12\.0 ± 0\.0 \| .* \| \+8\.4 ± 2\.2 \|/);
    expect(fewerSeedsBlock(buildScoreboard({ ...opts, seeds: MORE_SEEDS }), buildScoreboard(opts))).toEqual([]);
  });
});
