#!/usr/bin/env python3
"""PyTorch peer for `npm run bench:train`: the same small ViT, trained the same way.

Pre-norm blocks, cls token, learned position embedding, exact GELU, patch
embedding as a linear layer on flattened patches (as src/models/vit.ts), AdamW,
soft-target cross-entropy on random data. Prints one JSON line with img/s and
peak memory. Installs nothing; needs only `torch` (Debian python3-torch).

Example:
  /usr/bin/python3 bench/torch_reference.py --dim 96 --depth 4 --heads 3 \
      --mlp 192 --patch 7 --size 28 --channels 1 --classes 10 --batch 64 \
      --steps 10 --threads 2
"""
import argparse
import json
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, mlp: int):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(dim, eps=1e-6)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ln2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, mlp)
        self.fc2 = nn.Linear(mlp, dim)

    def attention(self, x: torch.Tensor) -> torch.Tensor:
        n, s, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(x).reshape(n, s, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        att = torch.softmax((q * hd ** -0.5) @ k.transpose(-2, -1), dim=-1)
        return self.proj((att @ v).transpose(1, 2).reshape(n, s, d))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attention(self.ln1(x))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class Vit(nn.Module):
    def __init__(self, a: argparse.Namespace):
        super().__init__()
        self.patch = a.patch
        grid = a.size // a.patch
        self.embed = nn.Linear(a.patch * a.patch * a.channels, a.dim)
        self.cls = nn.Parameter(torch.zeros(1, 1, a.dim))
        self.pos = nn.Parameter(torch.randn(1, grid * grid + 1, a.dim) * 0.02)
        self.blocks = nn.ModuleList(Block(a.dim, a.heads, a.mlp) for _ in range(a.depth))
        self.norm = nn.LayerNorm(a.dim, eps=1e-6)
        self.head = nn.Linear(a.dim, a.classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: NHWC, as the toolkit feeds it
        n, h, w, c = x.shape
        p = self.patch
        patches = x.reshape(n, h // p, p, w // p, p, c).permute(0, 1, 3, 2, 4, 5).reshape(n, -1, p * p * c)
        t = torch.cat([self.cls.expand(n, -1, -1), self.embed(patches)], dim=1) + self.pos
        for b in self.blocks:
            t = b(t)
        return self.head(self.norm(t)[:, 0])


def parse() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ["dim", "depth", "heads", "mlp", "patch", "size", "channels", "classes", "batch", "steps", "threads"]:
        ap.add_argument("--" + name, type=int, required=name not in ("steps", "threads", "classes"))
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.set_defaults(steps=10, threads=1, classes=10)
    a = ap.parse_args()
    for name, v in vars(a).items():
        if isinstance(v, int) and v < (0 if name in ("warmup", "seed") else 1):
            ap.error(f"--{name} must be positive, got {v}")
    if a.size % a.patch or a.dim % a.heads:
        ap.error("--size must be divisible by --patch and --dim by --heads")
    return a


def main() -> None:
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = Vit(a)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    x = torch.randn(a.batch, a.size, a.size, a.channels)
    y = F.one_hot(torch.randint(0, a.classes, (a.batch,)), a.classes).float()

    def step() -> float:
        opt.zero_grad(set_to_none=True)
        loss = torch.sum(-y * F.log_softmax(model(x), dim=-1), dim=-1).mean()
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(a.steps):
        loss = step()
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({
        "imgPerSec": a.batch * a.steps / secs,
        "msPerStep": 1000 * secs / a.steps,
        "cpuMsPerStep": 1000 * cpu / a.steps,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "finalLoss": loss,
    }))


if __name__ == "__main__":
    sys.exit(main())
