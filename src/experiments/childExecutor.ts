/**
 * A RowExecutor that runs each row in a forked Node process (src/experiments/worker.ts
 * through tsx). With `--jobs 2` the runner keeps two of these busy.
 */
import { fork } from "child_process";
import * as path from "path";
import { projectRoot } from "./root";
import type { RowExecutor, RowOutcome } from "./runner";

type WorkerReply = { ok: true; outcome: RowOutcome } | { ok: false; error: string };

export function childProcessExecutor(workerScript = path.join(__dirname, "worker.ts")): RowExecutor {
  return (task, ctx) => new Promise<RowOutcome>((resolve, reject) => {
    const child = fork(workerScript, [], { cwd: projectRoot(), execArgv: ["--import", "tsx"], stdio: "inherit" });
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
