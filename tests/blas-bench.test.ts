import { spawnSync } from "child_process";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { forwardMatmulFlops } from "../bench/train-compare";
import { MODEL_PRESETS } from "../src/models/config";
import { requireDep } from "./helpers/deps";

const SCRIPT = path.join(__dirname, "..", "bench", "torch_reference.py");
const haveTorch = requireDep("PyTorch (Debian python3-torch)", spawnSync("/usr/bin/python3", ["-c", "import torch"]).status === 0);

describe("bench:train", () => {
  it("counts forward matmul FLOPs per image", () => {
    // smoke: 16 px, patch 8 -> 4 patches + cls = 5 tokens, dim 16, mlp 32, 1 block, 10 classes.
    const patch = 2 * 4 * 64 * 16;
    const linears = 2 * 5 * 16 * (48 + 16 + 2 * 32);
    const attention = 2 * 2 * 5 * 5 * 16;
    expect(forwardMatmulFlops(MODEL_PRESETS.smoke, 10)).toBe(patch + linears + attention + 2 * 16 * 10);
  });

  it.skipIf(!haveTorch)("runs the PyTorch reference and prints img/s as JSON", () => {
    const args = ["--dim", "16", "--depth", "1", "--heads", "2", "--mlp", "32", "--patch", "8", "--size", "16",
      "--channels", "1", "--classes", "5", "--batch", "4", "--steps", "2", "--threads", "1"];
    const r = spawnSync("/usr/bin/python3", [SCRIPT, ...args], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.imgPerSec).toBeGreaterThan(0);
    expect(out.threads).toBe(1);
    expect(Number.isFinite(out.finalLoss)).toBe(true);
  });

  it.skipIf(!haveTorch)("rejects a bad argument with one message naming it", () => {
    const r = spawnSync("/usr/bin/python3", [SCRIPT, "--dim", "16", "--depth", "0", "--heads", "2", "--mlp", "32",
      "--patch", "8", "--size", "16", "--channels", "1", "--batch", "4"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--depth must be positive, got 0/);
  });
});
