/**
 * `npm run dataset -- --source 1p-frac --delta 0.1 --L 1000 --size 64 --seed 0 --out DIR [--sheet]`
 *
 * Builds any registered source, writes it to DIR (manifest + PNGs, see
 * src/datasets/disk.ts), prints the record summary, and with --sheet writes
 * DIR/sheet.png (base, k perturbations, amplified differences). Every flag
 * that is not a CLI option is a parameter of the source (`--delta 0.1` or
 * `--param delta=0.1`), typed by the source's default. A bad flag or value
 * exits with code 2 and one message naming it.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { buildSource, getSource, listSources, renderBase, resolveParams } from "../sources/index";
import { MANIFEST_FORMAT, saveDataset } from "../datasets/disk";
import { checkWritableDir, UsageError } from "./common";
import { contactSheet } from "../image/contactSheet";
import { insideFolder } from "../util/paths";
import { checkMemory, describeCost, setCost } from "../sources/cost";
import { setGrid, writeGridPng } from "../report/galleryGrid";
import { formatStatistics, resolutionSheet, setStatistics } from "../sources/inspect";
import { Progress } from "../util/progress";
import type { SyntheticDataset } from "../types";

export { UsageError };

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Silence progress bars (tests). */
  quiet?: boolean;
}

interface CliOptions {
  source?: string;
  out?: string;
  seed: number;
  sheet: boolean;
  list: boolean;
  help: boolean;
  force: boolean;
  sheetK: number;
  amplify: number;
  workers?: number;
  params: Record<string, string>;
}

const VALUE_FLAGS = ["source", "out", "seed", "sheet-k", "amplify", "workers", "param"];
const SWITCHES = ["sheet", "list", "help", "force"];

const USAGE = `usage: npm run dataset -- --source NAME --out DIR [--seed N] [--<param> VALUE ...] [--param key=value ...]
       [--sheet [--sheet-k 8] [--amplify 10]] [--workers N] [--force]
       npm run dataset -- --list | --help`;

const OPTIONS = `options:
  --source NAME      the source to build (below; required)
  --out DIR          folder for manifest.json and images/ (required; a non-empty folder not written by this tool needs --force)
  --seed N           seed of the whole set (default: 0)
  --<param> VALUE    a parameter of the source, typed by its default (also --param key=value)
  --sheet            also write DIR/sheet.png: base, k perturbations, amplified differences (default: off)
  --sheet-k N        perturbations on the sheet (default: 8)
  --amplify X        gain of the difference images (default: 10)
  --workers N        render threads (default: all cores; the set does not depend on it)
  --force            write into a non-empty folder this tool did not write (default: off)
  --list             one line per source with its defaults
  --help             this help`;

function typeName(v: unknown): string {
  if (Array.isArray(v)) return "JSON array";
  return typeof v === "object" && v !== null ? "JSON" : typeof v;
}

/** The help text: usage, options, and every source's parameters with defaults, read from the registry. */
export function datasetHelp(): string {
  const sources = listSources().map((s) => {
    const params = Object.entries(s.defaults as Record<string, unknown>).map(([k, v]) => `    --${k} ${typeName(v)} (default: ${JSON.stringify(v)})`);
    return `  ${s.name}: ${s.description}\n${params.join("\n")}`;
  });
  return `${USAGE}\n\n${OPTIONS}\n\nsources and their parameters:\n${sources.join("\n")}`;
}

function parseNumber(flag: string, text: string, integer = false): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new UsageError(`--${flag}: expected ${integer ? "an integer" : "a number"}, got ${JSON.stringify(text)}`);
  }
  return v;
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { seed: 0, sheet: false, list: false, help: false, force: false, sheetK: 8, amplify: 10, params: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") throw new UsageError(`${JSON.stringify(arg)}: unexpected argument (flags look like --name value)\n${USAGE}`);
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq > 0 ? eq : undefined);
    if (SWITCHES.includes(flag)) {
      if (eq > 0) throw new UsageError(`--${flag}: takes no value`);
      if (flag === "sheet") o.sheet = true;
      else if (flag === "list") o.list = true;
      else if (flag === "force") o.force = true;
      else o.help = true;
      continue;
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new UsageError(`--${flag}: missing value`);
      value = argv[++i];
    }
    if (value === "") throw new UsageError(`--${flag}: empty value`);
    if (!VALUE_FLAGS.includes(flag)) {
      o.params[flag] = value;
      continue;
    }
    if (flag === "source") o.source = value;
    else if (flag === "out") o.out = value;
    else if (flag === "seed") o.seed = parseNumber(flag, value, true);
    else if (flag === "sheet-k") o.sheetK = parseNumber(flag, value, true);
    else if (flag === "amplify") o.amplify = parseNumber(flag, value);
    else if (flag === "workers") o.workers = parseNumber(flag, value, true);
    else {
      const at = value.indexOf("=");
      if (at <= 0) throw new UsageError(`--param: expected key=value, got ${JSON.stringify(value)}`);
      o.params[value.slice(0, at)] = value.slice(at + 1);
    }
  }
  if (o.amplify <= 0) throw new UsageError(`--amplify: expected a number > 0, got ${o.amplify}`);
  if (o.sheetK < 1) throw new UsageError(`--sheet-k: expected an integer >= 1, got ${o.sheetK}`);
  if (o.workers !== undefined && o.workers < 1) throw new UsageError(`--workers: expected an integer >= 1, got ${o.workers}`);
  return o;
}

/** Turns flag strings into typed overrides, using the default's type. */
export function paramOverrides(source: string, raw: Record<string, string>): Record<string, unknown> {
  const defaults = getSource(source).defaults as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(raw)) {
    if (!(key in defaults)) {
      throw new UsageError(`--${key}: unknown flag; CLI flags: ${[...VALUE_FLAGS, ...SWITCHES].map((f) => `--${f}`).join(", ")}; parameters of ${source}: ${Object.keys(defaults).join(", ")}`);
    }
    const def = defaults[key];
    if (typeof def === "number") out[key] = parseNumber(key, text);
    else if (typeof def === "boolean") {
      if (text !== "true" && text !== "false") throw new UsageError(`--${key}: expected true or false, got ${JSON.stringify(text)}`);
      out[key] = text === "true";
    } else if (typeof def === "string") out[key] = text;
    else {
      try {
        out[key] = JSON.parse(text);
      } catch {
        throw new UsageError(`--${key}: expected JSON (${JSON.stringify(def)}), got ${JSON.stringify(text)}`);
      }
    }
  }
  return out;
}

/** Whether DIR holds a set this tool wrote (a manifest in our format). */
function ownSet(dir: string): { files: string[] } | null {
  const manifest = join(dir, "manifest.json");
  let m: { format?: string; files?: Array<{ file?: unknown }> };
  try {
    m = JSON.parse(readFileSync(manifest, "utf8"));
  } catch {
    return null;
  }
  if (m?.format !== MANIFEST_FORMAT || !Array.isArray(m.files)) return null;
  // The old set's files are deleted before the new one is written: every entry must lie inside --out.
  m.files.forEach((f, i) => insideFolder(dir, f?.file, `${manifest} files[${i}].file`));
  return { files: m.files.map((f) => f.file as string) };
}

/**
 * Checks --out before anything is built: writable, and either empty, a set
 * this tool wrote (to be replaced), or --force. Returns the files of the old
 * set, removed just before the new one is written so no stale image stays.
 */
export function checkOut(dir: string, force: boolean): string[] {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a folder`);
  checkWritableDir("out", dir);
  if (!existsSync(dir) || readdirSync(dir).length === 0) return [];
  const own = ownSet(dir);
  if (own) return ["manifest.json", "sheet.png", "sheet-labelled.png", ...own.files];
  if (!force) throw new UsageError(`--out ${dir}: not empty and not a set written by this tool (pass --force to write into it)`);
  return [];
}

/** Fraction of non-zero pixels per image: mean, min, max over the set. */
export function fillStats(ds: SyntheticDataset): { mean: number; min: number; max: number } {
  const n = ds.height * ds.width * ds.channels;
  let sum = 0;
  let min = 1;
  let max = 0;
  for (let i = 0; i < ds.count; i++) {
    let nz = 0;
    for (let j = i * n; j < (i + 1) * n; j++) if (ds.images[j] !== 0) nz++;
    const f = nz / n;
    sum += f;
    min = Math.min(min, f);
    max = Math.max(max, f);
  }
  return { mean: sum / ds.count, min, max };
}

function progressCallback(label: string, io: CliIo) {
  let bar: Progress | undefined;
  let last = 0;
  return {
    onProgress(done: number, total: number) {
      bar ??= new Progress({ label, total, unit: "img", quiet: io.quiet });
      bar.tick(done - last);
      last = done;
    },
    finish: () => bar?.finish(),
  };
}

export async function runDatasetCli(argv: string[], io: CliIo = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  try {
    const o = parseArgs(argv);
    if (o.help) {
      io.out(datasetHelp());
      return 0;
    }
    if (o.list) {
      for (const s of listSources()) io.out(`${s.name}: ${s.description}\n  defaults: ${JSON.stringify(s.defaults)}`);
      return 0;
    }
    if (!o.source) throw new UsageError(`--source: missing (one of ${listSources().map((s) => s.name).join(", ")})`);
    if (!o.out) throw new UsageError("--out: missing (the directory to write the set to)");
    try {
      getSource(o.source);
    } catch (e) {
      throw new UsageError(`--source: ${(e as Error).message}`);
    }
    const overrides = paramOverrides(o.source, o.params);
    let params: Record<string, unknown>;
    try {
      params = resolveParams(o.source, overrides);
    } catch (e) {
      throw new UsageError(`invalid parameter: ${(e as Error).message}`);
    }
    const cost = setCost(params);
    const asked = cost && `--source ${o.source} at ${params.size} px (${describeCost(cost)})`;
    if (cost) checkMemory(asked!, cost.bytes);
    const stale = checkOut(o.out, o.force);
    if (asked) io.err(`building ${asked}`);

    const build = progressCallback(`${o.source} build`, io);
    const ds = await buildSource(o.source, params, o.seed, { workers: o.workers, onProgress: build.onProgress });
    build.finish();
    for (const f of stale) rmSync(join(o.out, f), { force: true });
    const save = progressCallback("write PNG", io);
    const { pngSeconds } = saveDataset(ds, o.out, { onProgress: save.onProgress });
    save.finish();

    const fill = fillStats(ds);
    const timings = Object.entries({ ...ds.record.timings, png: pngSeconds }).map(([k, v]) => `${k} ${v.toFixed(2)}s`).join(", ");
    io.out(`${o.source}: ${ds.count} images, ${ds.numClasses} classes, ${ds.width}x${ds.height}x${ds.channels}, seed ${o.seed}`);
    io.out(`timings: ${timings}`);
    io.out(`fill rate (non-zero pixels): mean ${fill.mean.toFixed(3)}, min ${fill.min.toFixed(3)}, max ${fill.max.toFixed(3)}`);
    io.out(`wrote ${join(o.out, "manifest.json")}`);
    if (o.sheet) {
      const sheetPath = join(o.out, "sheet.png");
      if (typeof params.renderSize === "number" && typeof params.L === "number") {
        // Rows: the render at renderSize, the training-size image, its difference from the base.
        writeFileSync(sheetPath, await resolutionSheet(o.source, params, o.seed, ds, { k: o.sheetK, amplify: o.amplify }));
        // The same tiles with row and column labels and the difference's gain written on it (needs chromium).
        const labelled = join(o.out, "sheet-labelled.png");
        if (await writeGridPng(await setGrid(o.source, params, o.seed, ds, o.sheetK), labelled)) io.out(`wrote ${labelled}`);
      } else {
        // Category sets have no base object: their sheet compares against image 0.
        const base = await renderBase(o.source, params, o.seed);
        writeFileSync(sheetPath, contactSheet(ds, { k: o.sheetK, amplify: o.amplify, base }));
      }
      io.out(`wrote ${sheetPath}`);
      io.out(formatStatistics(setStatistics(ds)));
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`dataset: ${e.message}`);
      return 2;
    }
    io.err(`dataset: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  runDatasetCli(process.argv.slice(2)).then((code) => process.exit(code));
}
