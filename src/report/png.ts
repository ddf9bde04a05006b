/**
 * Static PNG of plotly charts through Debian chromium and playwright-core
 * (SPEC §10): a whole HTML page from disk (reports) or one figure (notebook
 * outputs). Without chromium they return false / null after one notice, so
 * reports still get their CSV and HTML and notebooks their interactive chart.
 */
import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { plotlySourceFile } from "./html";
import type { Figure } from "./plotly";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
];

export interface Size {
  width: number;
  height: number;
}

let noticeShown = false;

export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (!noticeShown) process.stderr.write(`note: ${CHROMIUM_PATH} not found, skipping PNG charts (install Debian chromium or set CHROMIUM_PATH)\n`);
  noticeShown = true;
  return false;
}

/** Runs `fn` on a fresh page of a headless chromium that is closed afterwards. */
export async function withPage<T>(size: Size, fn: (page: Page) => Promise<T>): Promise<T> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    return await fn(await browser.newPage({ viewport: size }));
  } finally {
    await browser.close();
  }
}

/** `ready`: the selector that appears when the page is drawn (plotly's main svg by default). */
export async function htmlToPng(htmlFile: string, pngFile: string, size: Size = { width: 1000, height: 560 }, ready = ".main-svg"): Promise<boolean> {
  if (!chromiumAvailable()) return false;
  await withPage(size, async (page) => {
    await page.goto(`file://${path.resolve(htmlFile)}`);
    // Plotly draws asynchronously; its main svg appears when the first plot is done.
    await page.waitForSelector(ready, { timeout: 30000 });
    fs.mkdirSync(path.dirname(pngFile), { recursive: true });
    await page.screenshot({ path: pngFile, fullPage: true });
  });
  return true;
}

/** One figure as PNG bytes at exactly `size` (plotly's own toImage), or null without chromium. */
export async function figurePng(fig: Figure, size: Size): Promise<Buffer | null> {
  if (!chromiumAvailable()) return null;
  return withPage(size, async (page) => {
    await page.addScriptTag({ path: plotlySourceFile() });
    const uri = await page.evaluate(
      ([f, s]) => (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly.toImage(f, { format: "png", ...s }),
      [fig, size] as const,
    );
    const prefix = "data:image/png;base64,";
    if (!uri.startsWith(prefix)) throw new Error(`figurePng: plotly returned ${uri.slice(0, 30)}…, not a PNG data URI`);
    return Buffer.from(uri.slice(prefix.length), "base64");
  });
}
