/**
 * Queue-mode fixtures for the tests and bench:queue: a throwaway redis-server
 * (a free port, no persistence: `--save ''`, stopped by its pid) and
 * `npm run worker` processes whose log the caller can read.
 */
import { execFileSync, spawn } from "child_process";
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import { getPreset } from "../../src/experiments/presets";
import type { Preset } from "../../src/experiments/presets";
import { projectRoot } from "../../src/util/root";

export function haveRedis(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => { s.end(); resolve(true); });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface TestRedis {
  url: string;
  stop(): void;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const proc: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await waitForPort(port, 10_000);
  return { url: `redis://127.0.0.1:${port}`, stop: () => { if (proc.pid) process.kill(proc.pid, "SIGKILL"); } };
}

export interface WorkerProcess {
  proc: ChildProcess;
  /** Everything the worker wrote to stderr so far. */
  log(): string;
}

/** `npm run worker` against `url`, with a short lock so a killed worker's row is taken over quickly. */
export function spawnWorker(url: string, work: string, lockSeconds = 2): WorkerProcess {
  let err = "";
  const proc = spawn(process.execPath, ["--import", "tsx", "src/cli/worker.ts", "--queue", url, "--work", work, "--lock-seconds", String(lockSeconds)], { cwd: projectRoot(), stdio: ["ignore", "ignore", "pipe"] });
  proc.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
  return { proc, log: () => err };
}

/** Gone, or a zombie nobody reaps (pid 1 in a container may not). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") ?? false;
  } catch {
    return true;
  }
}

export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

/** The smoke preset with a fine-tuning long enough (hundreds of steps) to kill a worker in the middle of. */
export function killablePreset(): Preset {
  const smoke = structuredClone(getPreset("smoke"));
  smoke.name = "smoke-kill";
  smoke.base.finetune.steps = 600;
  return smoke;
}
