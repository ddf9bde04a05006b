import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { BEGIN, END, replaceSection, resultsSection, scoreboardBlock } from "../scripts/readme";
import type { Scoreboard } from "../src/experiments/scoreboard";

const root = path.resolve(__dirname, "..");

describe("README results section", () => {
  it("is what `npm run readme` generates from results/ (no typed numbers to drift)", async () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme.indexOf(BEGIN)).toBeGreaterThan(0);
    expect(readme).toBe(replaceSection(readme, await resultsSection()));
  }, 60_000);

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
});
