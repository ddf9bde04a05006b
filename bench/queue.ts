/**
 * `npm run bench:queue -- [--kills N] [--seeds S]`: queue-mode reliability.
 * Starts a throwaway redis-server, enqueues the demo table (scratch and
 * 1p-frac) at a smoke preset with a long fine-tuning, and SIGKILLs the worker
 * running a row N times, each time once it reports progress, starting a
 * replacement after each kill. Reports the rows completed, whether each
 * matches an uninterrupted in-process run, and the recovery time of each kill
 * (kill to the replacement's first progress on that row; the job lock is 2 s).
 */
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { initBackend } from "../src/backend";
import { executeRow } from "../src/run/executor";
import { runTable } from "../src/run/runner";
import { queueExecutor } from "../src/run/queueClient";
import { killablePreset, processGone, spawnWorker, startRedis, waitFor } from "../tests/helpers/redis";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`bench:queue: --${name}: expected a non-negative integer, got ${JSON.stringify(process.argv[i + 1])}\n`);
    process.exit(2);
  }
  return v;
}

async function main(): Promise<void> {
  const kills = flag("kills", 3);
  const seeds = Math.max(1, flag("seeds", 1));
  const redis = await startRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-queue-"));
  const workers: ChildProcess[] = [];
  try {
    const backend = (await initBackend({ quiet: true })).name;
    const plan = { preset: killablePreset(), backend, seeds, quiet: true };
    const reference = await runTable("demo", { ...plan, executor: executeRow, resultsDir: path.join(dir, "reference") });
    const q = await queueExecutor(redis.url);
    const work = path.join(dir, "work");
    let lastProgress = new Map<string, number>();
    const collecting = runTable("demo", { ...plan, executor: q.executor, jobs: 64, resultsDir: path.join(dir, "results"), onProgress: (t) => lastProgress.set(t.hash, Date.now()) });
    let finished = false;
    void collecting.finally(() => { finished = true; });
    const t0 = Date.now();
    let current = spawnWorker(redis.url, work);
    workers.push(current.proc);
    const recoveries: number[] = [];
    const orphansGone: boolean[] = [];
    for (let k = 0; k < kills && !finished; k++) {
      lastProgress = new Map();
      if (!(await waitFor(() => finished || (lastProgress.size > 0 && /child pid \d+/.test(current.log())), 120_000)) || finished) break;
      const [hash] = [...lastProgress.keys()];
      const pids = [...current.log().matchAll(/child pid (\d+)/g)].map((m) => Number(m[1]));
      current.proc.kill("SIGKILL");
      const killedAt = Date.now();
      orphansGone.push(await waitFor(() => pids.every(processGone), 2000));
      lastProgress = new Map();
      current = spawnWorker(redis.url, work);
      workers.push(current.proc);
      if (await waitFor(() => finished || lastProgress.has(hash), 120_000)) recoveries.push(((lastProgress.get(hash) ?? Date.now()) - killedAt) / 1000);
    }
    const results = await collecting;
    await q.close();
    const matching = results.filter((r, i) => JSON.stringify(r.metrics) === JSON.stringify(reference[i].metrics)).length;
    console.log(JSON.stringify({
      kills: orphansGone.length, rows: reference.length, completed: results.length, matchingUninterrupted: matching,
      orphanChildrenGoneWithin2s: orphansGone.filter(Boolean).length,
      recoverySeconds: recoveries.map((s) => Number(s.toFixed(2))),
      meanRecoverySeconds: recoveries.length ? Number((recoveries.reduce((a, b) => a + b, 0) / recoveries.length).toFixed(2)) : null,
      wallSeconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
    }));
  } finally {
    for (const w of workers) w.kill("SIGKILL");
    redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`bench:queue: ${(e as Error).message}\n`);
  process.exit(1);
});
