/**
 * The pipeline's layering (docs/architecture.md): every import in src/ goes to
 * its own folder or to a folder of a lower layer, and no file imports itself
 * back through others. An import that runs back up fails here, naming it.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../src/util/root";

/** Lowest first; folders in one entry are peers and may not import each other. */
export const LAYERS: string[][] = [
  ["types.ts", "util"],
  ["config"],
  ["backend", "image"],
  ["fractals"],
  ["datasets"],
  ["augment", "models"],
  ["sources"],
  ["train"],
  ["experiments"],
  ["run"],
  ["analysis"],
  ["report"],
  ["notebook"],
  ["cli"],
  ["index.ts"],
];

const SRC = path.join(projectRoot(), "src");
const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|js)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts")]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

const unit = (file: string) => path.relative(SRC, file).split(path.sep)[0];
const layerOf = (u: string) => LAYERS.findIndex((l) => l.includes(u));

export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of sourceFiles()) {
    const deps = [...fs.readFileSync(f, "utf8").matchAll(IMPORT)].map((m) => resolveImport(f, m[1])).filter((d): d is string => d !== null && d.startsWith(SRC));
    graph.set(f, deps);
  }
  return graph;
}

/** "a -> b" for every import that does not go down (or stay in its folder). */
export function backArrows(graph: Map<string, string[]>): string[] {
  const bad: string[] = [];
  for (const [f, deps] of graph) {
    for (const d of deps) {
      const [a, b] = [unit(f), unit(d)];
      if (a !== b && !(layerOf(b) < layerOf(a))) bad.push(`${path.relative(SRC, f)} -> ${path.relative(SRC, d)}`);
    }
  }
  return bad;
}

/** One import cycle as a file list, or null. */
export function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === "done") return null;
    if (state.get(f) === "open") return stack.slice(stack.indexOf(f)).concat(f).map((x) => path.relative(SRC, x));
    state.set(f, "open");
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(f, "done");
    return null;
  };
  for (const f of graph.keys()) {
    const c = visit(f);
    if (c) return c;
  }
  return null;
}

describe("layering of src/", () => {
  const graph = importGraph();

  it("every folder of src/ has a layer", () => {
    expect(fs.readdirSync(SRC).filter((n) => layerOf(n) < 0)).toEqual([]);
  });

  it("imports only go down", () => {
    expect(backArrows(graph)).toEqual([]);
  });

  it("no import cycle", () => {
    expect(findCycle(graph)).toBeNull();
  });

  it("the checks fail on a back arrow and on a cycle", () => {
    const a = path.join(SRC, "util", "a.ts");
    const b = path.join(SRC, "run", "b.ts");
    const g = new Map([[a, [b]], [b, [a]]]);
    expect(backArrows(g)).toEqual(["util/a.ts -> run/b.ts"]);
    expect(findCycle(g)).toEqual(["util/a.ts", "run/b.ts", "util/a.ts"]);
  });
});

describe("docs/architecture.md", () => {
  const doc = fs.readFileSync(path.join(projectRoot(), "docs", "architecture.md"), "utf8");
  const named = (text: string) => [...new Set([...text.matchAll(/`src\/([\w.]+)\/?`/g)].map((m) => m[1]))];

  it("names only folders that exist, and every folder of src/", () => {
    const exists = named(doc).filter((n) => !fs.existsSync(path.join(SRC, n)));
    expect(exists).toEqual([]);
    expect(fs.readdirSync(SRC).filter((n) => !named(doc).includes(n))).toEqual([]);
  });

  it("lists the layers the check enforces", () => {
    const list = doc.split("## Layers, lowest first")[1].split("##")[0];
    const layers = list.split("\n").filter((l) => /^\d+\. /.test(l)).map((l) => named(l));
    expect(layers).toEqual(LAYERS);
  });
});
