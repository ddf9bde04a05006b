import * as fs from "fs";
import * as path from "path";

let root: string | null = null;

/**
 * The project folder (where package.json names "scaling-backwards"). Found by
 * walking up rather than by a fixed "../..", because notebooks load src/
 * through the notebooks/src link.
 */
export function projectRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "scaling-backwards") return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`projectRoot: no scaling-backwards package.json above ${__dirname}`);
  }
}
