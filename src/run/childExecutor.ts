/**
 * A RowExecutor that runs each row in a forked Node process (src/run/childMain.ts
 * through tsx). With `--jobs 2` the runner keeps two of these busy, so each
 * child's native kernels get cores / jobs threads (SB_BLAS_THREADS, unless set):
 * two children with a thread per core each would fight over the cores.
 *
 * Children die with their parent: a child exits when the IPC channel closes
 * (childMain.ts), and SIGINT/SIGTERM to the parent kills the running children
 * first, then exits with the signal's code.
 */
import { fork } from "child_process";
import type { ChildProcess } from "child_process";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../util/root";
import type { RowExecutor, RowOutcome, RowTask } from "./row";
import type { ChildMessage } from "./childMain";

/** A row that failed inside its child; `stack` is the child's (shown with SB_DEBUG=1). */
export class RowFailed extends Error {
  constructor(message: string, readonly childStack: string) {
    super(message);
  }
}

const live = new Set<ChildProcess>();
let handlersInstalled = false;

function killChildrenOnSignals(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.on(signal, () => {
      for (const child of live) child.kill("SIGKILL");
      process.exit(code);
    });
  }
}

/** `onSpawn` hears each row's child pid (the queue worker logs it). */
export function childProcessExecutor(jobs: number, workerScript = path.join(__dirname, "childMain.ts"), onSpawn?: (task: RowTask, pid: number) => void): RowExecutor {
  const threads = String(Math.max(1, Math.floor(os.cpus().length / Math.max(1, jobs))));
  const env = { ...process.env, SB_BLAS_THREADS: process.env.SB_BLAS_THREADS || threads };
  killChildrenOnSignals();
  return (task, ctx) => new Promise<RowOutcome>((resolve, reject) => {
    const child = fork(workerScript, [], { cwd: projectRoot(), execArgv: ["--import", "tsx"], stdio: "inherit", env });
    live.add(child);
    if (child.pid !== undefined) onSpawn?.(task, child.pid);
    let reply: ChildMessage | null = null;
    child.on("message", (m: ChildMessage) => {
      if (m.type === "progress") ctx.onProgress?.(m.progress);
      else reply = m;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      live.delete(child);
      const r = reply as ChildMessage | null;
      const row = `row "${task.label}" seed ${task.seed}`;
      if (r === null || r.type === "progress") reject(new Error(`${row}: child process exited (${signal ?? code}) without a result`));
      else if (r.type === "done") resolve(r.outcome);
      else reject(new RowFailed(`${row}: ${r.message}`, r.stack));
    });
    const { onProgress: _local, ...plain } = ctx;
    child.send({ task, ctx: plain });
  });
}
