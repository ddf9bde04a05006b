/**
 * Queue mode's shared names: one BullMQ queue of table rows on one Redis. A
 * row's job id is `row-<hash>`: BullMQ rejects all-digit ids, and about one
 * hash in 2,000 is all digits; the same id also makes enqueueing idempotent.
 */
import * as net from "net";
import { UsageError } from "../util/errors";

export const QUEUE_NAME = "sb-rows";

export function jobId(hash: string): string {
  return `row-${hash}`;
}

export interface RedisConnection {
  host: string;
  port: number;
  password?: string;
  db?: number;
  /** BullMQ workers block on Redis; ioredis must not give up on them. */
  maxRetriesPerRequest: null;
}

/** redis://[:password@]host[:port][/db] → connection options; a bad URL is a UsageError naming --queue. */
export function parseRedisUrl(url: string): RedisConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--queue: expected redis://HOST:PORT, got ${JSON.stringify(url)}`);
  }
  if (u.protocol !== "redis:") throw new UsageError(`--queue: expected a redis:// URL, got ${JSON.stringify(url)}`);
  if (!u.hostname) throw new UsageError(`--queue: no host in ${JSON.stringify(url)}`);
  const port = u.port === "" ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !(Number.isInteger(db) && db >= 0)) throw new UsageError(`--queue: database must be a number, got ${JSON.stringify(u.pathname.slice(1))}`);
  return { host: u.hostname, port, ...(u.password ? { password: decodeURIComponent(u.password) } : {}), ...(db !== undefined ? { db } : {}), maxRetriesPerRequest: null };
}

/**
 * Fails with one clear error when nothing listens at the Redis address: ioredis
 * itself retries forever (BullMQ needs it to), which would look like a hang.
 */
export function checkReachable(c: RedisConnection, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(c.port, c.host);
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`--queue: cannot reach Redis at ${c.host}:${c.port} (${why}); is redis-server running there?`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer in ${timeoutMs / 1000} s`));
    socket.once("error", (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
  });
}
