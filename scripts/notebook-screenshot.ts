/**
 * The README's screenshot: one executed notebook exported by nbconvert to HTML
 * (what GitHub and nbviewer show: markdown, tables and the chart's PNG) and
 * photographed by headless chromium, top part only, to keep the file small.
 * Usage: npx tsx scripts/notebook-screenshot.ts [notebooks/table5.ipynb] [docs/notebook-table5.png]
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { withPage } from "../src/report/png";

async function main(): Promise<void> {
  const notebook = path.resolve(process.argv[2] ?? "notebooks/table5.ipynb");
  const png = path.resolve(process.argv[3] ?? "docs/notebook-table5.png");
  const outDir = path.resolve("out/screenshot");
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync("/usr/bin/jupyter", ["nbconvert", "--to", "html", "--output-dir", outDir, notebook, "--log-level=WARN"], { stdio: "inherit" });
  const html = path.join(outDir, path.basename(notebook).replace(/\.ipynb$/, ".html"));
  await withPage({ width: 1000, height: 1650 }, async (page) => {
    await page.goto(`file://${html}`);
    await page.screenshot({ path: png, clip: { x: 0, y: 0, width: 1000, height: 1650 } });
  });
  console.log(`${path.relative(process.cwd(), png)}: ${fs.statSync(png).size} bytes`);
}

main().catch((e: Error) => {
  process.stderr.write(`notebook-screenshot: ${e.message}\n`);
  process.exit(1);
});
