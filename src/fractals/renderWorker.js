"use strict";
/**
 * Worker-thread body for src/fractals/render.ts: receives the shared render
 * sequence and options once, then packed batches, and answers with pixel and
 * fill buffers (transferred, not copied). All drawing is in kernel.js.
 */
const { parentPort, workerData } = require("node:worker_threads");
const { renderBatch } = require("./kernel.js");

const { sequence, opts } = workerData;

parentPort.on("message", (msg) => {
  try {
    const out = msg.withImages ? new Uint8Array(msg.batch.count * opts.size * opts.size) : null;
    const fills = renderBatch(msg.batch, sequence, opts, out);
    parentPort.postMessage({ id: msg.id, out, fills }, out ? [out.buffer, fills.buffer] : [fills.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err && err.stack ? err.stack : err) });
  }
});
