/**
 * Bad input to both CLIs: each case exits 2 with one line naming the flag,
 * nothing is built or created first, and a row that fails in its child
 * process reports one line (no stack, no minified wasm bundle).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { runDatasetCli } from "../src/cli/dataset";
import { reportFailure } from "../src/cli/common";
import { main as reproduceMain } from "../src/cli/reproduce";
import { parseWorkerArgs } from "../src/cli/worker";
import { childProcessExecutor } from "../src/run/childExecutor";
import { projectRoot } from "../src/util/root";
import { runTable } from "../src/run/runner";
import { getTable } from "../src/experiments/tables";
import type { TableDef } from "../src/experiments/tables";

/** Exit code and stderr lines of a CLI body, as runMain would report them. */
async function outcome(body: () => Promise<unknown>): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  try {
    await body();
    return { code: 0, lines };
  } catch (e) {
    return { code: reportFailure("reproduce", e, (l) => lines.push(l)), lines };
  }
}

const REPRODUCE_CASES: Array<[string[], RegExp]> = [
  [[], /^reproduce: which table\? \(--help lists them\)$/],
  [["nope"], /^reproduce: unknown table "nope" \(valid: table2, .*demo, table2-digits, table5-digits\)$/],
  [["table5", "table6"], /^reproduce: one table at a time, got table5 table6$/],
  [["table5", "--preset", "big"], /^reproduce: --preset: unknown value "big" \(valid: smoke, cpu, cpu-fast, paper\)$/],
  [["table5", "--preset"], /^reproduce: --preset: missing value$/],
  [["table5", "--preset", "smoke", "--set", "pretrain.baseLR=1"], /^reproduce: --set pretrain\.baseLR=1: no row of table5 has the field pretrain\.baseLR \(a row config has source, model, pretrain, finetune, probe, downstream\)$/],
  [["table5", "--preset", "smoke", "--set", "pretrain.baseLr=fast"], /^reproduce: --set pretrain\.baseLr=fast: pretrain\.baseLr: expected number, got string \("fast"\)$/],
  [["table5", "--preset", "smoke", "--set", "pretrain"], /^reproduce: --set pretrain: expected PATH=VALUE with a dotted PATH/],
  [["table5", "--seeds", "0"], /^reproduce: --seeds: expected a positive integer, got "0"$/],
  [["table5", "--seeds", "1.5"], /^reproduce: --seeds: expected a positive integer, got "1\.5"$/],
  [["table5", "--seeds=-1"], /^reproduce: --seeds: expected a positive integer, got "-1"$/],
  [["table5", "--jobs", "two"], /^reproduce: --jobs: expected a positive integer, got "two"$/],
  [["table5", "--jobs="], /^reproduce: --jobs: empty value$/],
  [["table5", "--row", "abc"], /^reproduce: --row: expected a row index or a 16-hex-digit hash, got "abc"$/],
  [["table5", "--dataset", "mnist"], /^reproduce: --dataset: unknown value "mnist" \(valid: fashion-mnist, digits, cifar10, cifar100, folder\)$/],
  [["table5", "--dataset", "cifar100", "--preset", "smoke"], /^reproduce: --dataset cifar100: missing .*cifar-100-binary\/train\.bin/],
  [["table5", "--results", "/proc/sb-no"], /^reproduce: --results \/proc\/sb-no: cannot write there \(ENOENT\)$/],
  [["table5", "--results", "/etc/hostname"], /^reproduce: --results \/etc\/hostname: \/etc\/hostname is not a folder$/],
  [["table5", "--no-png=yes"], /^reproduce: --no-png: takes no value$/],
  [["table5", "--frob"], /^reproduce: unknown option --frob \(options: --preset, .*--help\)$/],
  [["table5", "--queue", "http://host:1"], /^reproduce: --queue: expected a redis:\/\/ URL, got "http:\/\/host:1"$/],
  [["table5", "--queue", "not a url"], /^reproduce: --queue: expected redis:\/\/HOST:PORT, got "not a url"$/],
  [["table5", "--queue", "redis://h:1/x"], /^reproduce: --queue: database must be a number, got "x"$/],
  [["table5", "--queue", "redis://h:1", "--jobs", "2"], /^reproduce: --jobs: not used with --queue/],
  [["table5", "--backend", "gpu"], /^reproduce: --backend: unknown value "gpu" \(valid: tensorflow, wasm, cpu\)$/],
];

const WORKER_CASES: Array<[string[], RegExp]> = [
  [[], /^reproduce: --queue: missing \(redis:\/\/HOST:PORT of the queue\)$/],
  [["--queue", "redis://h:1", "extra"], /^reproduce: unexpected argument "extra" \(the worker takes only options\)$/],
  [["--queue", "redis://h:1", "--concurrency", "0"], /^reproduce: --concurrency: expected a positive integer, got "0"$/],
  [["--queue", "redis://h:1", "--lock-seconds", "x"], /^reproduce: --lock-seconds: expected a positive integer, got "x"$/],
  [["--queue", "redis://h:1", "--work", "/proc/sb-no"], /^reproduce: --work \/proc\/sb-no: cannot write there/],
  [["--queue", "ftp://h"], /^reproduce: --queue: expected a redis:\/\/ URL/],
];

async function dataset(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDatasetCli(args, { out: (s) => out.push(s), err: (s) => err.push(s), quiet: true });
  return { code, out, err };
}

const never = path.join(os.tmpdir(), "sb-cli-never-written");
const DATASET_CASES: Array<[string[], RegExp]> = [
  [["--source", "rcdb"], /^dataset: --out: missing/],
  [["--out", never], /^dataset: --source: missing \(one of 1p-frac, /],
  [["--source", "nope", "--out", never], /^dataset: --source: unknown source "nope"/],
  [["--source", "rcdb", "--out", never, "--seed", "1.5"], /^dataset: --seed: expected an integer, got "1\.5"$/],
  [["--source", "rcdb", "--out", never, "--sheet-k", "0"], /^dataset: --sheet-k: expected an integer >= 1, got 0$/],
  [["--source", "rcdb", "--out", never, "--amplify", "-1"], /^dataset: --amplify: expected a number > 0, got -1$/],
  [["--source", "rcdb", "--out", never, "--workers", "0"], /^dataset: --workers: expected an integer >= 1, got 0$/],
  [["--source", "rcdb", "--out", never, "--L", "ten"], /^dataset: --L: expected a number, got "ten"$/],
  [["--source", "rcdb", "--out", never, "--param", "delta"], /^dataset: --param: expected key=value, got "delta"$/],
  [["--source", "rcdb", "--out", never, "--colour", "red"], /^dataset: --colour: unknown flag; CLI flags: /],
  [["--source", "rcdb", "--out", never, "--delta", "-0.1"], /^dataset: invalid parameter: rcdb\.delta: must be >= 0, got -0\.1$/],
  [["--source", "rcdb", "--out", never, "--sheet=1"], /^dataset: --sheet: takes no value$/],
  [["--source", "rcdb", "--out", never, "--seed="], /^dataset: --seed: empty value$/],
  [["--source", "rcdb", "--out", never, "stray"], /^dataset: "stray": unexpected argument/],
  [["--source", "rcdb", "--out", "/proc/sb-no"], /^dataset: --out \/proc\/sb-no: cannot write there \(ENOENT\)$/],
  [["--source", "rcdb", "--out", "/etc/hostname"], /^dataset: --out \/etc\/hostname: is a file, not a folder$/],
];

describe("bad input, one line each, exit code 2", () => {
  it.each(REPRODUCE_CASES)("reproduce %j", async (argv, message) => {
    const r = await outcome(() => reproduceMain(argv));
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(message);
  });
  it.each(WORKER_CASES)("worker %j", async (argv, message) => {
    const r = await outcome(async () => parseWorkerArgs(argv));
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(message);
  });
  it.each(DATASET_CASES)("dataset %j", async (argv, message) => {
    const r = await dataset(argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0].split("\n")[0]).toMatch(message);
    expect(fs.existsSync(never)).toBe(false);
  });
  it("counts 30 or more cases across the CLIs", () => {
    expect(REPRODUCE_CASES.length + WORKER_CASES.length + DATASET_CASES.length).toBeGreaterThanOrEqual(30);
  });
  it("the real process exits 2 with one line, creating nothing", () => {
    const dir = path.join(os.tmpdir(), `sb-cli-${process.pid}`, "results");
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/reproduce.ts", "table5", "--results", dir, "--row", "99", "--preset", "smoke"], { cwd: projectRoot(), encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n").filter((l) => !l.startsWith("tfjs backend:"))).toEqual(["reproduce: --row 99: no row with that index or hash (indices 0..6)"]);
    expect(fs.existsSync(path.dirname(dir))).toBe(false);
  });
});

describe("an unreachable queue", () => {
  it("fails with one line naming the address instead of waiting forever", async () => {
    const r = await outcome(() => reproduceMain(["demo", "--preset", "smoke", "--queue", "redis://127.0.0.1:1", "--results", fs.mkdtempSync(path.join(os.tmpdir(), "sb-q-"))]));
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["reproduce: error: --queue: cannot reach Redis at 127.0.0.1:1 (ECONNREFUSED); is redis-server running there?"]);
  });
});

describe("SB_DEBUG=1", () => {
  it("adds the stack, and a failed row's child stack, after the one line", () => {
    const lines: string[] = [];
    const e = Object.assign(new Error("row \"x\" seed 0: boom\nsecond line"), { childStack: "Error: boom\n    at child.ts:1:1" });
    process.env.SB_DEBUG = "1";
    try {
      expect(reportFailure("reproduce", e, (l) => lines.push(l))).toBe(1);
    } finally {
      delete process.env.SB_DEBUG;
    }
    expect(lines[0]).toBe('reproduce: error: row "x" seed 0: boom');
    expect(lines[1]).toMatch(/^Error: row "x" seed 0: boom\nsecond line\n {4}at /);
    expect(lines[2]).toBe("in the row's child process:\nError: boom\n    at child.ts:1:1");
    const quiet: string[] = [];
    reportFailure("reproduce", e, (l) => quiet.push(l));
    expect(quiet).toEqual(['reproduce: error: row "x" seed 0: boom']);
  });
});

describe("help", () => {
  it("reproduce --help lists every table with its caption, every preset with its cost and every flag with its default", () => {
    const text = execFileSync(process.execPath, ["--import", "tsx", "src/cli/reproduce.ts", "--help"], { cwd: projectRoot(), encoding: "utf8" });
    // Captions line up one column past the longest table id ("finetune-search"), so none runs into its id.
    expect(text).toMatch(/^ {2}table5 {11}Table 5: perturbation size Δ/m);
    expect(text).toMatch(/^ {2}demo {13}Demo: /m);
    expect(text).toMatch(/^ {2}finetune-search {2}Fine-tuning search: /m);
    expect(text).toMatch(/^ {2}cpu {7}default: .*; cost: .*min/m);
    for (const flag of ["preset", "seeds", "dataset", "jobs", "row", "results", "no-png", "queue", "backend", "help"]) expect(text).toMatch(new RegExp(`^  --${flag}\\b.*\\(default: [^)]+\\)$`, "m"));
  });
  it("dataset --help lists every source's parameters with their defaults, from the registry", async () => {
    const r = await dataset(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^ {2}rcdb: .*\n {4}--size number \(default: 32\)\n {4}--renderSize number \(default: 512\)\n {4}--L number \(default: 1000\)\n {4}--delta number \(default: 0\.1\)\n {4}--maxLines number \(default: 200\)$/m);
    expect(r.out[0]).toMatch(/^ {2}--force +write into a non-empty folder/m);
  });
});

describe("the --out folder", () => {
  it("refuses a non-empty folder it did not write unless --force, and drops its own stale images when it rewrites a set", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-out-"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
    const args = ["--source", "rcdb", "--size", "16", "--maxLines", "3", "--out", dir];
    const refused = await dataset([...args, "--L", "4"]);
    expect([refused.code, refused.err]).toEqual([2, [`dataset: --out ${dir}: not empty and not a set written by this tool (pass --force to write into it)`]]);
    expect(fs.existsSync(path.join(dir, "manifest.json"))).toBe(false);
    expect((await dataset([...args, "--L", "4", "--force"])).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, "images"))).toHaveLength(4);
    expect((await dataset([...args, "--L", "2"])).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, "images")).sort()).toEqual(["000000.png", "000001.png"]);
    expect(fs.readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine");
  });
});

describe("a row that fails in its child process", () => {
  it("reports one line naming the bad parameter, without a stack or the wasm bundle", async () => {
    const demo = getTable("demo");
    const bad: TableDef = { ...demo, id: "bad", rows: [{ label: "grey photo", overrides: { source: { name: "real-image", params: { output: "grey-ish" } } }, paperRow: null }] };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-child-"));
    const r = await outcome(() => runTable(bad, { preset: "smoke", backend: "wasm", executor: childProcessExecutor(1), resultsDir: dir, quiet: true }));
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^reproduce: error: row "grey photo" seed 0: .*output.*grey-ish/);
    expect(r.lines[0].length).toBeLessThan(400);
    expect(fs.readdirSync(path.join(dir, ".work"))).toEqual([]);
  }, 60_000);
});
