/**
 * Paths read from files (manifests, records, result files) are untrusted: a
 * shared set's manifest must not make the tool read or delete anything
 * outside the set's folder. `insideFolder` resolves such a path against its
 * folder and refuses absolute paths, `..` escapes, and symlinks (of the entry
 * or of a folder on its way) whose target lies outside.
 */
import { existsSync, realpathSync } from "fs";
import { isAbsolute, relative, resolve, sep } from "path";
import { UsageError } from "./errors";

function within(folder: string, target: string): boolean {
  const rel = relative(folder, target);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** The nearest existing ancestor (or the path itself), with symlinks resolved, plus the rest. */
function realPrefix(p: string): string {
  let head = p;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = resolve(head, "..");
    if (parent === head) break;
    tail.unshift(head.slice(parent.length).replace(/^[\\/]/, ""));
    head = parent;
  }
  return resolve(realpathSync(head), ...tail);
}

/**
 * `entry` (from `source`, e.g. "manifest.json files[3].file") resolved inside
 * `folder`; throws one UsageError naming the source and the entry otherwise.
 */
export function insideFolder(folder: string, entry: unknown, source: string): string {
  if (typeof entry !== "string" || entry.length === 0) throw new UsageError(`${source}: expected a relative file path, got ${JSON.stringify(entry)}`);
  if (isAbsolute(entry)) throw new UsageError(`${source}: ${JSON.stringify(entry)} is an absolute path; paths in this file must stay inside ${folder}`);
  const base = resolve(folder);
  const full = resolve(base, entry);
  if (!within(base, full)) throw new UsageError(`${source}: ${JSON.stringify(entry)} leaves ${folder}; paths in this file must stay inside it`);
  if (existsSync(base) && !within(realPrefix(base), realPrefix(full))) {
    throw new UsageError(`${source}: ${JSON.stringify(entry)} is (or passes through) a symlink that points outside ${folder}`);
  }
  return full;
}
