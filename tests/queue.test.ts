/**
 * Queue mode against a real redis-server (started here, stopped by pid): a
 * worker SIGKILLed mid-row loses nothing. Its row child exits within 2 s, a
 * second worker finishes the row from the first one's pre-training, the
 * result equals an uninterrupted run's, and enqueueing again adds no job.
 */
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { initBackend } from "../src/backend";
import { executeRow } from "../src/run/executor";
import { runTable } from "../src/run/runner";
import { queueExecutor } from "../src/run/queueClient";
import { QUEUE_NAME, parseRedisUrl } from "../src/run/redis";
import { requireDep } from "./helpers/deps";
import { haveRedis, killablePreset, processGone, spawnWorker, startRedis, waitFor } from "./helpers/redis";

describe.skipIf(!requireDep("redis-server", haveRedis()))("queue mode (BullMQ on a real redis-server)", () => {
  it("a SIGKILLed worker's row is finished by another worker, with an uninterrupted run's metrics", async () => {
    const redis = await startRedis();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-queue-"));
    const workers: ChildProcess[] = [];
    try {
      const backend = (await initBackend({ quiet: true })).name;
      const preset = killablePreset();
      const plan = { preset, backend, only: "1", quiet: true };
      const [reference] = await runTable("demo", { ...plan, executor: executeRow, resultsDir: path.join(dir, "reference") });

      const resultsDir = path.join(dir, "results");
      const work = path.join(dir, "work");
      const q = await queueExecutor(redis.url);
      let finetuning!: () => void;
      const sawFinetune = new Promise<void>((resolve) => { finetuning = resolve; });
      const collected = runTable("demo", { ...plan, executor: q.executor, jobs: 8, resultsDir, onProgress: (_t, p) => { if (p.phase === "finetune") finetuning(); } });

      const a = spawnWorker(redis.url, work);
      workers.push(a.proc);
      await sawFinetune;
      const child = Number(/child pid (\d+)/.exec(a.log())?.[1]);
      expect(child).toBeGreaterThan(1);
      a.proc.kill("SIGKILL");
      const killedAt = Date.now();
      expect(await waitFor(() => processGone(child), 2000)).toBe(true);
      expect(fs.readdirSync(path.join(work, "pretrained"))).toHaveLength(1); // A finished the pre-training

      const b = spawnWorker(redis.url, work);
      workers.push(b.proc);
      const [result] = await collected;
      const recoverySeconds = (Date.now() - killedAt) / 1000;
      expect(result.metrics).toEqual(reference.metrics);
      expect(result.timings.pretrain).toBeUndefined(); // B resumed from A's pre-trained weights
      expect(reference.timings.pretrain).toBeGreaterThan(0);
      expect(b.log()).toMatch(/attempt 1/);
      expect(fs.readdirSync(path.join(resultsDir, "demo")).filter((f) => f.endsWith(".json"))).toEqual([`${result.hash}.json`]);
      expect(q.added()).toBe(1);
      expect(recoverySeconds).toBeGreaterThan(0);
      // The row's time runs from B taking the job, not from the hand-off nor A's attempt.
      expect(Date.parse(result.startedAt)).toBeGreaterThanOrEqual(killedAt);
      expect(result.seconds).toBeLessThanOrEqual(recoverySeconds + 1);

      // Enqueueing again finds the row cached: no job is added, the queue holds the one job.
      const again = await runTable("demo", { ...plan, executor: q.executor, jobs: 8, resultsDir });
      expect(again[0].metrics).toEqual(reference.metrics);
      expect(q.added()).toBe(1);
      const queue = new Queue(QUEUE_NAME, { connection: parseRedisUrl(redis.url) });
      const counts = await queue.getJobCounts();
      await queue.close();
      expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(1);
      expect(counts.completed).toBe(1);
      await q.close();
    } finally {
      for (const w of workers) w.kill("SIGKILL");
      redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("SIGTERM to a worker kills its row child", async () => {
    const redis = await startRedis();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-queue-"));
    const w = spawnWorker(redis.url, path.join(dir, "work"));
    try {
      const backend = (await initBackend({ quiet: true })).name;
      const q = await queueExecutor(redis.url);
      const run = runTable("demo", { preset: killablePreset(), backend, only: "0", quiet: true, executor: q.executor, jobs: 2, resultsDir: path.join(dir, "results") });
      run.catch(() => {}); // never finishes here: the row's only worker is stopped
      expect(await waitFor(() => /child pid \d+/.test(w.log()), 60_000)).toBe(true);
      const child = Number(/child pid (\d+)/.exec(w.log())![1]);
      w.proc.kill("SIGTERM");
      expect(await waitFor(() => processGone(child), 2000)).toBe(true);
      expect(await waitFor(() => w.proc.exitCode !== null, 2000)).toBe(true);
      expect(w.proc.exitCode).toBe(143);
      await q.close();
    } finally {
      w.proc.kill("SIGKILL");
      redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("more than ten rows waiting at once raise no listener-leak warning", async () => {
    const redis = await startRedis();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-queue-"));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const backend = (await initBackend({ quiet: true })).name;
      const q = await queueExecutor(redis.url);
      // No worker: every row of the table stays waiting on its job.
      const run = runTable("table6", { preset: "smoke", backend, seeds: 3, quiet: true, executor: q.executor, jobs: 16, resultsDir: path.join(dir, "results") });
      run.catch(() => {});
      expect(await waitFor(() => q.added() >= 12, 30_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200)); // let every waitUntilFinished register
      expect(warnings).not.toContain("MaxListenersExceededWarning");
      await q.close();
    } finally {
      process.off("warning", onWarning);
      redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("a worker refuses a row keyed under another code version", async () => {
    const redis = await startRedis();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-queue-"));
    let w: ChildProcess | null = null;
    try {
      const backend = (await initBackend({ quiet: true })).name;
      const q = await queueExecutor(redis.url);
      const run = runTable("demo", { preset: "smoke", backend, codeVersion: "0123456789abcdef", only: "0", quiet: true, executor: q.executor, jobs: 2, resultsDir: path.join(dir, "results") });
      const worker = spawnWorker(redis.url, path.join(dir, "work"));
      w = worker.proc;
      await expect(run).rejects.toThrow(/this worker keys it [0-9a-f]{16} .*code version 0123456789abcdef\): refused, another code version or backend/);
      await q.close();
    } finally {
      w?.kill("SIGKILL");
      redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
