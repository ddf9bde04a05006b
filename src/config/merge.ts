/**
 * Strict deep merge: overrides may only name keys the base already has, and may
 * not change a value's type. This is what stops a typo in a table row from
 * silently running the default.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

export function strictMerge<T>(base: T, overrides: unknown, path = "config"): T {
  if (overrides === undefined) return structuredClone(base);
  if (kind(base) !== "object" || kind(overrides) !== "object") {
    throw new Error(`${path}: expected an object of overrides, got ${kind(overrides)}`);
  }
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    const where = `${path}.${key}`;
    if (!(key in out)) {
      throw new Error(`${where}: unknown key (known: ${Object.keys(out).join(", ")})`);
    }
    const current = out[key];
    if (kind(current) === "object" && kind(value) === "object") {
      out[key] = strictMerge(current, value, where);
    } else if (current !== null && value !== null && kind(current) !== kind(value)) {
      throw new Error(`${where}: expected ${kind(current)}, got ${kind(value)} (${JSON.stringify(value)})`);
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out as T;
}
