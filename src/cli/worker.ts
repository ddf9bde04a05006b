/**
 * npm run worker -- --queue redis://HOST:PORT [--work DIR] [--concurrency N] [--lock-seconds N] [--backend NAME]
 *
 * Pulls table rows enqueued by `npm run reproduce -- <table> --queue ...` and
 * runs each in a child process (src/run/queueWorker.ts). Start one per machine
 * (or one per Slurm array task); stop it with Ctrl-C or SIGTERM, which also
 * kills its row children (their rows are picked up again after --lock-seconds).
 */
import * as path from "path";
import { BACKENDS } from "./reproduce";
import { checkWritableDir, describeFlags, oneOf, parseFlags, positiveInt, runMain, UsageError } from "./common";
import type { FlagSpec } from "./common";
import { checkReachable, parseRedisUrl } from "../run/redis";

export interface WorkerArgs {
  queue: string;
  work: string;
  concurrency: number;
  lockSeconds: number;
  backend?: (typeof BACKENDS)[number];
  help: boolean;
}

type Opts = Partial<WorkerArgs>;

const DEFAULT_WORK = path.join("results", ".work");

export const WORKER_FLAGS: FlagSpec<Opts>[] = [
  { name: "queue", value: "redis://HOST:PORT", defaultText: "required", help: "the Redis the rows were enqueued on", apply: (o, v) => { parseRedisUrl(v); o.queue = v; } },
  { name: "work", value: "DIR", defaultText: DEFAULT_WORK, help: "checkpoints (<DIR>/<hash>) and pre-trained weights; a shared path lets a replacement worker resume", apply: (o, v) => { o.work = v; } },
  { name: "concurrency", value: "N", defaultText: "1", help: "rows at once, each in its own process", apply: (o, v) => { o.concurrency = positiveInt("concurrency", v); } },
  { name: "lock-seconds", value: "N", defaultText: "30", help: "job lock; a dead worker's row is taken over after about this long", apply: (o, v) => { o.lockSeconds = positiveInt("lock-seconds", v); } },
  { name: "backend", value: "NAME", defaultText: "SB_BACKEND, else the first that loads", help: `tfjs backend (${BACKENDS.join(", ")}); must match the enqueuer's`, apply: (o, v) => { o.backend = oneOf("backend", v, BACKENDS); } },
  { name: "help", defaultText: "off", help: "print this help", apply: (o) => { o.help = true; } },
];

export function workerUsage(): string {
  return `usage: npm run worker -- --queue redis://HOST:PORT [options]\n\noptions:\n${describeFlags(WORKER_FLAGS)}`;
}

export function parseWorkerArgs(argv: string[]): WorkerArgs {
  const o: Opts = { work: DEFAULT_WORK, concurrency: 1, lockSeconds: 30, help: false };
  const positional = parseFlags(argv, WORKER_FLAGS, o);
  if (o.help) return o as WorkerArgs;
  if (positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positional[0])} (the worker takes only options)`);
  if (!o.queue) throw new UsageError("--queue: missing (redis://HOST:PORT of the queue)");
  checkWritableDir("work", o.work!);
  return o as WorkerArgs;
}

export async function worker(argv: string[]): Promise<number> {
  const args = parseWorkerArgs(argv);
  if (args.help) {
    process.stdout.write(workerUsage() + "\n");
    return 0;
  }
  if (args.backend) process.env.SB_BACKEND = args.backend;
  const { initBackend } = await import("../backend");
  const backend = await initBackend();
  const { resultVersion } = await import("../run/version");
  const { startWorker } = await import("../run/queueWorker");
  await checkReachable(parseRedisUrl(args.queue));
  const codeVersion = resultVersion();
  const log = (line: string) => process.stderr.write(`worker ${process.pid}: ${line}\n`);
  const w = startWorker({ url: args.queue, workDir: path.resolve(args.work), concurrency: args.concurrency, backend: backend.name, codeVersion, lockSeconds: args.lockSeconds, log });
  await w.waitUntilReady();
  log(`pulling rows from ${args.queue} (backend ${backend.name}, code version ${codeVersion}, concurrency ${args.concurrency}, work ${args.work})`);
  await new Promise<void>((resolve) => w.on("closed", () => resolve()));
  return 0;
}

if (require.main === module) runMain("worker", () => worker(process.argv.slice(2)));
