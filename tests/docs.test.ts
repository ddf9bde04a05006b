/**
 * README and docs/ say nothing stale that a machine can check: every link and
 * every file path they name exists, and every preset and table they name is
 * one the code has.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { listPresets } from "../src/experiments/presets";
import { listTables } from "../src/experiments/tables";
import { projectRoot } from "../src/util/root";

const root = projectRoot();
const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((n) => n.endsWith(".md")).map((n) => `docs/${n}`)];
const read = (page: string) => fs.readFileSync(path.join(root, page), "utf8");
const PATH_ROOTS = ["src", "notebooks", "scripts", "bench", "docs", "tests", "data", "native", "tools"];
/** Where the loaders look for the sets users bring (SPEC §8): named in docs/data.md, never committed. */
const USER_BROUGHT = ["data/cifar-10-batches-bin", "data/cifar-100-binary", "data/image-folder"];

/** Relative link targets (no URL, no anchor-only link), resolved against the page's folder. */
export function brokenLinks(page: string, text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith("#"))
    .filter((t) => !fs.existsSync(path.join(root, path.dirname(page), t.split("#")[0])));
}

/** Code spans that are project paths (no placeholders) and do not exist. */
export function missingPaths(text: string): string[] {
  return [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1].replace(/[.,:;)]+$/, ""))
    .filter((p) => PATH_ROOTS.some((r) => p.startsWith(`${r}/`)) && !/[<>*{}|$]|\.\.\./.test(p))
    .filter((p) => !USER_BROUGHT.includes(p) && !fs.existsSync(path.join(root, p.split(":")[0])));
}

export function unknownNames(text: string): string[] {
  const presets = [...text.matchAll(/(?:--preset[ =]|SB_PRESET=)([a-z][\w-]*)/g)].map((m) => m[1]).filter((p) => !listPresets().includes(p));
  const tables = [...text.matchAll(/reproduce -- ([a-z][\w-]*\d[\w-]*)/g)].map((m) => m[1]).filter((t) => !listTables().includes(t));
  return [...presets.map((p) => `preset ${p}`), ...tables.map((t) => `table ${t}`)];
}

describe("README and docs", () => {
  it.each(pages)("%s: links, paths, presets and tables exist", (page) => {
    const text = read(page);
    expect({ links: brokenLinks(page, text), paths: missingPaths(text), names: unknownNames(text) }).toEqual({ links: [], paths: [], names: [] });
  });

  it("the checks catch a broken link, a missing file, an unknown preset and table", () => {
    const text = "see [x](docs/nope.md) and `src/gone.ts`, run `npm run reproduce -- table99 --preset huge`";
    expect(brokenLinks("README.md", text)).toEqual(["docs/nope.md"]);
    expect(missingPaths(text)).toEqual(["src/gone.ts"]);
    expect(unknownNames(text)).toEqual(["preset huge", "table table99"]);
  });

  it("the README is short: about 150 lines at most", () => {
    expect(read("README.md").split("\n").length).toBeLessThanOrEqual(160);
  });
});
