/**
 * A RowExecutor that runs each row in a forked Node process (src/experiments/worker.ts
 * through tsx). With `--jobs 2` the runner keeps two of these busy, so each
 * child's native kernels get cores / jobs threads (SB_BLAS_THREADS, unless set):
 * two children with a thread per core each would fight over the cores.
 */
import { fork } from "child_process";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "./root";
import type { RowExecutor, RowOutcome } from "./runner";

type WorkerReply = { ok: true; outcome: RowOutcome } | { ok: false; error: string };

export function childProcessExecutor(jobs: number, workerScript = path.join(__dirname, "worker.ts")): RowExecutor {
  const threads = String(Math.max(1, Math.floor(os.cpus().length / Math.max(1, jobs))));
  const env = { ...process.env, SB_BLAS_THREADS: process.env.SB_BLAS_THREADS || threads };
  return (task, ctx) => new Promise<RowOutcome>((resolve, reject) => {
    const child = fork(workerScript, [], { cwd: projectRoot(), execArgv: ["--import", "tsx"], stdio: "inherit", env });
    let reply: WorkerReply | null = null;
    child.once("message", (m) => { reply = m as WorkerReply; });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const r: WorkerReply | null = reply;
      if (r === null) reject(new Error(`row "${task.label}" seed ${task.seed}: child process exited (${signal ?? code}) without a result`));
      else if (r.ok === true) resolve(r.outcome);
      else reject(new Error(`row "${task.label}" seed ${task.seed} failed in its child process:\n${r.error}`));
    });
    child.send({ task, ctx });
  });
}
