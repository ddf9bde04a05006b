/**
 * The enqueueing side of queue mode, as a RowExecutor: each row becomes a job
 * `row-<hash>` (added once; an existing job is waited on, a failed one retried)
 * and the executor resolves with the worker's outcome. Plugged into runTable,
 * the results are written to results/<table>/<hash>.json exactly as a local run
 * writes them, and a rerun only collects what has finished.
 */
import * as fs from "fs";
import * as path from "path";
import { Job, Queue, QueueEvents } from "bullmq";
import type { RowExecutor, RowOutcome, RowProgress, RowTask } from "./row";
import { QUEUE_NAME, checkReachable, jobId, parseRedisUrl } from "./redis";

/** What a worker returns for a row: the outcome, and its artifact files (base64) for results/<table>/. */
export interface RowJobResult {
  outcome: RowOutcome;
  files: Record<string, string>;
}

export interface RowJobData {
  task: RowTask;
}

/** Attempts per row, with exponential backoff from BACKOFF_MS: a worker's crash mid-row is not an attempt (it stalls and is picked up). */
export const ROW_ATTEMPTS = 3;
const BACKOFF_MS = 5000;

export interface QueueExecutor {
  executor: RowExecutor;
  /** Jobs this executor added (0 when every row was already queued or done). */
  added(): number;
  close(): Promise<void>;
}

export async function queueExecutor(url: string): Promise<QueueExecutor> {
  const connection = parseRedisUrl(url);
  await checkReachable(connection);
  const queue = new Queue<RowJobData, RowJobResult>(QUEUE_NAME, { connection });
  // Each row waiting in waitUntilFinished adds a 'closing' listener to this queue
  // (bullmq 5), so a table with more than ten rows in flight is expected, not a leak.
  queue.setMaxListeners(0);
  const events = new QueueEvents(QUEUE_NAME, { connection });
  await events.waitUntilReady();
  const listeners = new Map<string, (p: RowProgress) => void>();
  events.on("progress", ({ jobId: id, data }) => listeners.get(id)?.(data as RowProgress));
  let added = 0;
  const executor: RowExecutor = async (task, ctx) => {
    const id = jobId(task.hash);
    if (ctx.onProgress) listeners.set(id, ctx.onProgress);
    try {
      let job = await Job.fromId<RowJobData, RowJobResult>(queue, id);
      if (job && (await job.isFailed())) await job.retry("failed");
      if (!job) {
        job = await queue.add("row", { task }, { jobId: id, attempts: ROW_ATTEMPTS, backoff: { type: "exponential", delay: BACKOFF_MS }, removeOnComplete: false, removeOnFail: false });
        added++;
      }
      const result = await job.waitUntilFinished(events);
      for (const [name, b64] of Object.entries(result.files)) fs.writeFileSync(path.join(ctx.tableDir, path.basename(name)), Buffer.from(b64, "base64"));
      // processedOn: when the last attempt's worker took the job, so the row's seconds leave out its wait in the queue.
      const processedOn = (await Job.fromId<RowJobData, RowJobResult>(queue, id))?.processedOn;
      return processedOn ? { ...result.outcome, startedAt: new Date(processedOn).toISOString() } : result.outcome;
    } finally {
      listeners.delete(id);
    }
  };
  return {
    executor,
    added: () => added,
    close: async () => {
      await events.close();
      await queue.close();
    },
  };
}
