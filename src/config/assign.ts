/**
 * Config overrides written on the command line, timm-style:
 * `--set pretrain.baseLr=5e-4 --set source.params.delta=0.01`. A value is read
 * as JSON where it parses (numbers, true/false, null, lists) and as a string
 * otherwise; it goes through strictMerge, so a path the config lacks or a
 * value of the wrong type is an error naming the path.
 */
import { UsageError } from "../util/errors";
import { strictMerge } from "./merge";
import type { Json } from "./merge";

export interface Assignment {
  path: string[];
  value: Json;
  /** As written, for messages. */
  text: string;
}

export function parseAssignment(text: string): Assignment {
  const eq = text.indexOf("=");
  const key = eq < 0 ? "" : text.slice(0, eq);
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(key)) throw new UsageError(`--set ${text}: expected PATH=VALUE with a dotted PATH into the row config, e.g. pretrain.baseLr=5e-4`);
  const raw = text.slice(eq + 1);
  let value: Json;
  try {
    value = JSON.parse(raw) as Json;
  } catch {
    value = raw;
  }
  return { path: key.split("."), value, text };
}

/** Whether every key on the path exists in `config` (its parent objects not null). */
export function hasPath(config: unknown, path: string[]): boolean {
  let node = config;
  for (const k of path) {
    if (node === null || typeof node !== "object" || !(k in (node as object))) return false;
    node = (node as Record<string, unknown>)[k];
  }
  return true;
}

/** `config` with the assignment applied through strictMerge (errors name the dotted path). */
export function applyAssignment<T>(config: T, a: Assignment): T {
  const nested = a.path.reduceRight<Json>((v, k) => ({ [k]: v }), a.value);
  try {
    return strictMerge(config, nested, "config");
  } catch (e) {
    throw new UsageError(`--set ${a.text}: ${(e as Error).message.replace(/^config\./, "")}`);
  }
}
