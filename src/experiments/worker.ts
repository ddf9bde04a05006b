/**
 * Child-process side of childProcessExecutor: receives one task, runs the real
 * executor, sends back the outcome (or the error) and exits. A separate process
 * per row is how two rows use the two cores (wasm runs one thread per process).
 */
import { executeRow } from "./executor";
import type { RowContext, RowTask } from "./runner";

process.once("message", (msg: { task: RowTask; ctx: RowContext }) => {
  executeRow(msg.task, msg.ctx).then(
    (outcome) => process.send!({ ok: true, outcome }, () => process.exit(0)),
    (e: unknown) => process.send!({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) }, () => process.exit(1)),
  );
});
