/**
 * The ViT against an independent PyTorch implementation of timm's ViT (Debian
 * python3-torch): same weights, same input -> same logits and gradients. The
 * patch embedding is checked as timm's strided conv, so weights map to timm's.
 * Skipped when /usr/bin/python3 cannot import torch.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/backend";
import { VitModel } from "../src/models/vit";
import { saveModel } from "../src/models/io";
import type { VitConfig } from "../src/models/config";
import { requireDep } from "./helpers/deps";

const PYTHON = "/usr/bin/python3";
const haveTorch = requireDep("PyTorch (Debian python3-torch)", spawnSync(PYTHON, ["-c", "import torch"]).status === 0);

const REFERENCE = `
import json, sys, numpy as np, torch
d = sys.argv[1]
man = json.load(open(d + "/model.json")); c = man["meta"]["config"]
flat = np.fromfile(d + "/model.bin", dtype="<f4")
P = {t["name"]: torch.tensor(flat[t["offset"]:t["offset"] + int(np.prod(t["shape"]))].reshape(t["shape"]), dtype=torch.float64, requires_grad=True) for t in man["tensors"]}
x = torch.tensor(np.fromfile(d + "/x.bin", dtype="<f4").reshape(json.load(open(d + "/x.json"))), dtype=torch.float64)
r = torch.tensor(np.fromfile(d + "/r.bin", dtype="<f4"), dtype=torch.float64)
p, C, D, H = c["patchSize"], c["channels"], c["dim"], c["heads"]
n = x.shape[0]
ln = lambda t, g, b: torch.nn.functional.layer_norm(t, (D,), g, b, eps=1e-6)
# Our patch weight rows are ordered (py, px, c): the timm conv weight [D, C, p, p] is a permutation of it.
conv_w = P["patch.w"].reshape(p, p, C, D).permute(3, 2, 0, 1)
h = torch.nn.functional.conv2d(x.permute(0, 3, 1, 2), conv_w, P["patch.b"], stride=p).flatten(2).transpose(1, 2)
h = torch.cat([P["cls"].expand(n, -1, -1), h], 1) + P["pos"]
s = h.shape[1]
for i in range(c["depth"]):
    q = lambda k: P["blocks.%d.%s" % (i, k)]
    a = ln(h, q("ln1.g"), q("ln1.b")) @ q("qkv.w") + q("qkv.b")
    a = a.reshape(n, s, 3, H, D // H).permute(2, 0, 3, 1, 4)
    att = torch.softmax(a[0] @ a[1].transpose(-2, -1) * (D // H) ** -0.5, -1)
    h = h + ((att @ a[2]).transpose(1, 2).reshape(n, s, D) @ q("proj.w") + q("proj.b"))
    m = torch.nn.functional.gelu(ln(h, q("ln2.g"), q("ln2.b")) @ q("fc1.w") + q("fc1.b"))
    h = h + (m @ q("fc2.w") + q("fc2.b"))
h = ln(h, P["norm.g"], P["norm.b"])
tok = h[:, 0] if c["pool"] == "cls" else h[:, 1:].mean(1)
logits = tok @ P["head.w"] + P["head.b"]
(logits.reshape(-1) * r).sum().backward()
json.dump({"logits": logits.detach().reshape(-1).tolist(), "grads": {k: v.grad.reshape(-1).tolist() for k, v in P.items()}}, sys.stdout)
`;

beforeAll(async () => {
  await initBackend({ quiet: true });
});

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1e-12;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe.skipIf(!haveTorch)("ViT against a PyTorch reference", () => {
  for (const pool of ["cls", "mean"] as const) {
    it(`logits and every gradient match (pool ${pool})`, () => {
      const cfg: VitConfig = { imageSize: 12, patchSize: 4, channels: 3, dim: 24, depth: 2, heads: 3, mlpDim: 48, dropPath: 0, pool, numClasses: 5 };
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vit-torch-"));
      const m = new VitModel(cfg, 21);
      // Larger-than-init weights so attention is not uniform and every path matters.
      tf.tidy(() => m.params.forEach((p, i) => p.variable.assign(tf.randomNormal(p.variable.shape, 0, 0.3, "float32", 100 + i))));
      saveModel(m, dir);
      const x = tf.randomNormal([2, 12, 12, 3], 0, 1, "float32", 7) as tf.Tensor4D;
      const r = tf.randomNormal([2, 5], 0, 1, "float32", 8);
      fs.writeFileSync(path.join(dir, "x.bin"), Buffer.from((x.dataSync() as Float32Array).buffer));
      fs.writeFileSync(path.join(dir, "x.json"), JSON.stringify(x.shape));
      fs.writeFileSync(path.join(dir, "r.bin"), Buffer.from((r.dataSync() as Float32Array).slice().buffer));
      const py = spawnSync(PYTHON, ["-c", REFERENCE, dir], { encoding: "utf8" });
      expect(py.stderr).toBe("");
      const ref = JSON.parse(py.stdout) as { logits: number[]; grads: Record<string, number[]> };
      const { value, grads } = tf.variableGrads(() => m.forward(x).mul(r).sum() as tf.Scalar);
      expect(relErr(m.forward(x).dataSync(), ref.logits)).toBeLessThan(1e-4);
      expect(value.dataSync()[0]).toBeCloseTo(ref.logits.reduce((s, l, i) => s + l * r.dataSync()[i], 0), 3);
      for (const p of m.params) {
        const err = relErr(grads[p.variable.name].dataSync(), ref.grads[p.name]);
        expect(err, p.name).toBeLessThan(1e-3);
      }
      tf.dispose([x, r, value, ...Object.values(grads)]);
      m.dispose();
    }, 30_000);
  }
});
