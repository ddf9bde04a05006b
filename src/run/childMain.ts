/**
 * Child-process side of childProcessExecutor: receives one task, runs the real
 * executor, sends back the outcome (or the error, as data) and exits. A
 * separate process per row is how two rows use the two cores (wasm runs one
 * thread per process).
 *
 * The child never outlives its parent: when the IPC channel closes (the
 * parent exited or was killed) it exits at once, so a row cannot run twice into
 * one work folder. Errors are caught here and sent as {message, stack}: an
 * uncaught one would reach Emscripten's handler, which rethrows and makes Node
 * print the minified wasm bundle.
 */
import { executeRow } from "./executor";
import type { RowContext, RowProgress, RowTask } from "./row";

export type ChildMessage =
  | { type: "progress"; progress: RowProgress }
  | { type: "done"; outcome: Awaited<ReturnType<typeof executeRow>> }
  | { type: "failed"; message: string; stack: string };

/** Exit code of a child whose parent went away. */
export const ORPHAN_EXIT = 3;

function send(msg: ChildMessage, then?: () => void): void {
  if (process.connected) process.send!(msg, then);
  else then?.();
}

process.once("disconnect", () => process.exit(ORPHAN_EXIT));

process.once("message", (msg: { task: RowTask; ctx: RowContext }) => {
  let last = 0;
  const ctx: RowContext = {
    ...msg.ctx,
    // At most ~4 messages a second: a smoke step takes a few ms.
    onProgress: (progress) => {
      const now = Date.now();
      if (now - last < 250 && progress.step < progress.total) return;
      last = now;
      send({ type: "progress", progress });
    },
  };
  executeRow(msg.task, ctx).then(
    (outcome) => send({ type: "done", outcome }, () => process.exit(0)),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      send({ type: "failed", message: err.message, stack: err.stack ?? err.message }, () => process.exit(1));
    },
  );
});
