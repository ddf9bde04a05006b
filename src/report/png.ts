/**
 * Static PNG of an HTML page (a plotly chart) through Debian chromium and
 * playwright-core (SPEC §10). Without chromium it returns false after one
 * notice, so reports still get their CSV and HTML.
 */
import * as fs from "fs";
import * as path from "path";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
];

let noticeShown = false;

export async function htmlToPng(htmlFile: string, pngFile: string, size = { width: 1000, height: 560 }): Promise<boolean> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    if (!noticeShown) process.stderr.write(`note: ${CHROMIUM_PATH} not found, skipping PNG charts (install Debian chromium or set CHROMIUM_PATH)\n`);
    noticeShown = true;
    return false;
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: size });
    await page.goto(`file://${path.resolve(htmlFile)}`);
    // Plotly draws asynchronously; its main svg appears when the first plot is done.
    await page.waitForSelector(".main-svg", { timeout: 30000 });
    fs.mkdirSync(path.dirname(pngFile), { recursive: true });
    await page.screenshot({ path: pngFile, fullPage: true });
  } finally {
    await browser.close();
  }
  return true;
}
