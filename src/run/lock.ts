/**
 * One writer per row: a row's work folder and result file are taken with a
 * lock file made by exclusive create, so a second process on the same results
 * folder waits for the row (and then reuses its result) instead of replacing
 * the folder under the first. A lock whose process is gone (killed: same host,
 * no such pid) is stale and taken over.
 */
import * as fs from "fs";
import * as os from "os";

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): Holder | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Holder;
  } catch {
    return null; // being written or already released
  }
}

/** Takes `file` if free (or stale); false while another live process holds it. */
export function tryLock(file: string): boolean {
  try {
    const fd = fs.openSync(file, "wx");
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() } satisfies Holder));
    fs.closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const holder = readHolder(file);
  if (holder && holder.host === os.hostname() && !alive(holder.pid)) {
    // Rename first, so of two processes recovering the same stale lock only one removes it.
    const aside = `${file}.stale.${process.pid}`;
    try {
      fs.renameSync(file, aside);
      // Between reading and renaming, another process may have recovered it and locked anew: give that back.
      if (readHolder(aside)?.pid !== holder.pid) fs.renameSync(aside, file);
      else fs.rmSync(aside, { force: true });
    } catch {
      // another process recovered it first
    }
    return tryLock(file);
  }
  return false;
}

export function unlock(file: string): void {
  if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}

/**
 * Waits until this process holds `file` (null), calling `ready()` between
 * tries: when it returns a value (the other writer's result), that value is
 * returned and nothing is held.
 */
export async function lockOrReuse<T>(file: string, ready: () => T | null, onWait?: (holder: Holder | null) => void, pollMs = 500): Promise<T | null> {
  let waited = false;
  for (;;) {
    if (tryLock(file)) {
      // The other writer may have finished between our check and the lock.
      const value = ready();
      if (value !== null) unlock(file);
      return value;
    }
    if (!waited) onWait?.(readHolder(file));
    waited = true;
    await new Promise((r) => setTimeout(r, pollMs));
    const value = ready();
    if (value !== null) return value;
  }
}
