/**
 * The pulling side of queue mode: a BullMQ worker that runs each row in a
 * child process through the existing executor (childProcessExecutor), so the
 * worker's own event loop stays free and its job locks are renewed however
 * long a row trains. Checkpoints go to <work>/<hash> and pre-trained weights
 * to <work>/pretrained: on a shared path a replacement worker resumes a row
 * whose worker died; on a local one it reruns it.
 *
 * A worker refuses (fails for good, no retry) a row whose hash it recomputes
 * differently from the job's: another code version, kernel setting or backend
 * would mix results.
 */
import * as fs from "fs";
import * as path from "path";
import { UnrecoverableError, Worker } from "bullmq";
import { childProcessExecutor } from "./childExecutor";
import { taskHash } from "./keys";
import type { RowProgress } from "./row";
import type { RowJobData, RowJobResult } from "./queueClient";
import { QUEUE_NAME, jobId, parseRedisUrl } from "./redis";

export interface WorkerOptions {
  url: string;
  workDir: string;
  concurrency: number;
  /** This worker's backend name and code version (resultVersion()), as a local run would key rows. */
  backend: string;
  codeVersion: string;
  /** Seconds a job's lock lasts without renewal; a killed worker's row is picked up after about this long. */
  lockSeconds: number;
  log: (line: string) => void;
}

/** Seconds between two progress updates of one row. */
const PROGRESS_EVERY_MS = 1000;
/** A row may outlive this many dead workers before BullMQ fails it. */
const MAX_STALLED = 10;

export function startWorker(opts: WorkerOptions): Worker<RowJobData, RowJobResult> {
  const executor = childProcessExecutor(opts.concurrency, undefined, (task, pid) => opts.log(`row ${task.hash} (${task.table} ${task.label} seed ${task.seed}): child pid ${pid}`));
  const pretrainedDir = path.join(opts.workDir, "pretrained");
  const worker = new Worker<RowJobData, RowJobResult>(QUEUE_NAME, async (job) => {
    const task = job.data.task;
    const mine = taskHash({ ...task, backend: opts.backend }, opts.codeVersion);
    if (mine !== task.hash || job.id !== jobId(task.hash)) {
      throw new UnrecoverableError(`row ${task.label} seed ${task.seed}: this worker keys it ${mine} (backend ${opts.backend}, code version ${opts.codeVersion}), the job is ${job.id} (backend ${task.backend}, code version ${task.codeVersion}): refused, another code version or backend`);
    }
    const workDir = path.join(opts.workDir, task.hash);
    const tableDir = `${workDir}.artifacts`;
    fs.mkdirSync(workDir, { recursive: true });
    fs.mkdirSync(tableDir, { recursive: true });
    let last = 0;
    const onProgress = (p: RowProgress) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS && p.step < p.total) return;
      last = now;
      void job.updateProgress({ ...p });
    };
    opts.log(`row ${task.hash} (${task.table} ${task.label} seed ${task.seed}): start, attempt ${job.attemptsMade + 1}`);
    const outcome = await executor(task, { workDir, tableDir, pretrainedDir, quiet: true, onProgress });
    const files: Record<string, string> = {};
    for (const name of Object.values(outcome.artifacts ?? {})) files[name] = fs.readFileSync(path.join(tableDir, name)).toString("base64");
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(tableDir, { recursive: true, force: true });
    opts.log(`row ${task.hash}: done`);
    return { outcome, files };
  }, {
    connection: parseRedisUrl(opts.url),
    concurrency: opts.concurrency,
    lockDuration: opts.lockSeconds * 1000,
    stalledInterval: opts.lockSeconds * 1000,
    maxStalledCount: MAX_STALLED,
  });
  worker.on("failed", (job, err) => opts.log(`row ${job?.id ?? "?"}: failed: ${err.message.split("\n")[0]}`));
  return worker;
}
