/**
 * Files the tool trusts (issue 27): paths read from files never leave their
 * folder, one writer per row, and the cost of a request checked before work.
 * `npm run bench:faults` runs this suite with the other fault suites and prints
 * what was tried and passed.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { runDatasetCli } from "../src/cli/dataset";
import { loadDataset } from "../src/datasets/disk";
import { loadImageFolder } from "../src/datasets/imageFolder";
import { projectRoot } from "../src/util/root";
import { tryLock, unlock } from "../src/run/lock";
import { rebuildFromRecord } from "../src/sources";
import { checkMemory, setCost } from "../src/sources/cost";
import { insideFolder } from "../src/util/paths";
import { encodePng } from "../src/image/codec";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sb-faults-"));

async function dataset(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDatasetCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), quiet: true });
  return { code, out, err };
}

/** A small set in root/set, and a file outside it (root/victim/precious.txt) that nothing may delete. */
async function setWithVictim(): Promise<{ root: string; set: string; victim: string; manifest: string }> {
  const root = tmp();
  const set = path.join(root, "set");
  const build = await dataset(["--source", "1p-frac", "--L", "4", "--size", "16", "--renderSize", "32", "--pointsPerImage", "500", "--out", set]);
  expect(build.code).toBe(0);
  const victim = path.join(root, "victim", "precious.txt");
  fs.mkdirSync(path.dirname(victim));
  fs.writeFileSync(victim, "keep me");
  return { root, set, victim, manifest: path.join(set, "manifest.json") };
}

function editEntry(manifest: string, file: string): void {
  const m = JSON.parse(fs.readFileSync(manifest, "utf8"));
  m.files[1].file = file;
  fs.writeFileSync(manifest, JSON.stringify(m));
}

describe("paths from files stay inside their folder", () => {
  it("insideFolder accepts an entry inside and names the file and entry otherwise", () => {
    const dir = tmp();
    expect(insideFolder(dir, "images/0.png", "m.json files[0].file")).toBe(path.join(dir, "images", "0.png"));
    expect(() => insideFolder(dir, "../x", "m.json files[0].file")).toThrow(/^m\.json files\[0\]\.file: "\.\.\/x" leaves /);
    expect(() => insideFolder(dir, "/etc/passwd", "m.json files[2].file")).toThrow(/^m\.json files\[2\]\.file: "\/etc\/passwd" is an absolute path/);
    expect(() => insideFolder(dir, 7, "m.json files[3].file")).toThrow(/expected a relative file path, got 7/);
    expect(() => insideFolder(dir, "a/../../b", "x")).toThrow(/leaves/);
  });

  for (const [what, entry] of [["a ../ path", "../victim/precious.txt"], ["an absolute path", "ABS"], ["a symlink out", "images/link.png"]] as const) {
    it(`a manifest entry with ${what} makes the dataset CLI exit 2 and delete nothing`, async () => {
      const { root, set, victim, manifest } = await setWithVictim();
      if (entry === "images/link.png") fs.symlinkSync(victim, path.join(set, entry));
      editEntry(manifest, entry === "ABS" ? victim : entry);
      const before = fs.readdirSync(path.join(set, "images")).sort();
      const r = await dataset(["--source", "1p-frac", "--L", "4", "--size", "16", "--renderSize", "32", "--pointsPerImage", "500", "--out", set]);
      expect(r.code).toBe(2);
      expect(r.err.at(-1)).toMatch(new RegExp(`manifest\\.json files\\[1\\]\\.file: .*(leaves|absolute path|symlink)`));
      expect(fs.readFileSync(victim, "utf8")).toBe("keep me");
      expect(fs.readdirSync(path.join(set, "images")).sort()).toEqual(before);
      expect(() => loadDataset(set)).toThrow(/files\[1\]\.file/);
      fs.rmSync(root, { recursive: true, force: true });
    });
  }

  it("the image-folder loader refuses an image symlinked from outside the root", () => {
    const root = tmp();
    const outside = tmp();
    const png = encodePng({ width: 4, height: 4, channels: 1, data: new Uint8Array(16).fill(9) });
    for (const split of ["train", "test"]) {
      fs.mkdirSync(path.join(root, split, "a"), { recursive: true });
      fs.writeFileSync(path.join(root, split, "a", "0.png"), png);
    }
    fs.writeFileSync(path.join(outside, "secret.png"), png);
    fs.symlinkSync(path.join(outside, "secret.png"), path.join(root, "train", "a", "1.png"));
    expect(() => loadImageFolder(root, { quiet: true })).toThrow(/^image folder .*: "train\/a\/1\.png" is \(or passes through\) a symlink that points outside/);
  });

  it("a record naming a photo outside its root is refused before anything is read", async () => {
    const record = { source: "real-image", params: { image: "../../etc/passwd" }, seed: 0, version: "2" } as never;
    await expect(rebuildFromRecord(record, {}, projectRoot())).rejects.toThrow(/^real-image record params\.image: "\.\.\/\.\.\/etc\/passwd" leaves /);
  });
});

describe("cost checked before work", () => {
  it("L = 10^7 at 28 px fails within a second with the estimate in its message", async () => {
    const t0 = Date.now();
    const r = await dataset(["--source", "1p-frac", "--L", "10000000", "--size", "28", "--out", path.join(tmp(), "big")]);
    expect(Date.now() - t0).toBeLessThan(5000); // generous for a loaded machine; the check itself is arithmetic
    expect(r.code).toBe(2);
    expect(r.err.at(-1)).toMatch(/10,000,000 images, 7\.3 GB in memory\) needs 7\.3 GB/);
  });

  it("the estimate is count × size² × channels and the limit is the free memory", () => {
    expect(setCost({ L: 100, size: 28 })).toEqual({ images: 100, bytes: 78400 });
    expect(setCost({ categories: 10, instances: 5, size: 10, output: "rgb" })).toEqual({ images: 50, bytes: 15000 });
    expect(setCost({ dataset: "digits" })).toBeNull();
    expect(() => checkMemory("x", 900, 1000)).toThrow(/^x needs 0\.0 GB of memory, and this machine has 0\.0 GB free/);
    expect(() => checkMemory("x", 700, 1000)).not.toThrow();
  });

  it("a build that fits says what it builds before the first image", async () => {
    const r = await dataset(["--source", "1p-frac", "--L", "2", "--size", "16", "--renderSize", "32", "--pointsPerImage", "500", "--out", path.join(tmp(), "s")]);
    expect(r.code).toBe(0);
    expect(r.err[0]).toBe("building --source 1p-frac at 16 px (2 images, 0.0 MB in memory)");
  });
});

describe("one writer per row", () => {
  it("a lock is exclusive, and a stale lock of a dead process is recovered", () => {
    const file = path.join(tmp(), "row.lock");
    expect(tryLock(file)).toBe(true);
    expect(tryLock(file)).toBe(false); // held by this live process
    unlock(file);
    fs.writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), since: "then" }));
    expect(tryLock(file)).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).pid).toBe(process.pid);
    unlock(file);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("two processes on one table and one results folder both exit 0 with the same results", async () => {
    const dir = tmp();
    const run = () => new Promise<{ code: number; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/reproduce.ts", "demo", "--preset", "smoke", "--results", dir, "--jobs", "1"], { cwd: projectRoot() });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
    });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code, a.err.slice(-300), b.err.slice(-300)]).toEqual([0, 0, a.err.slice(-300), b.err.slice(-300)]);
    const table = (s: string) => s.split("\n").filter((l) => /scratch|1p-frac/i.test(l)).join("\n");
    expect(table(a.out)).not.toBe("");
    expect(table(a.out)).toBe(table(b.out));
    expect(`${a.err}${b.err}`).toMatch(/computed by another process|0 to run|computed by the other process, reused/);
    expect(fs.readdirSync(path.join(dir, ".work")).filter((n) => n.endsWith(".lock"))).toEqual([]);
  }, 240_000);
});
