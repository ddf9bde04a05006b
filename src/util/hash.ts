import { createHash } from "crypto";

/**
 * JSON with object keys sorted at every depth, so two configs that differ only
 * in key order hash the same. Non-finite numbers are rejected: JSON would turn
 * them into null and silently merge two different configs.
 */
export function stableStringify(value: unknown, path = "config"): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${path}: cannot hash non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => stableStringify(v, `${path}[${i}]`)).join(",")}]`;
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k], `${path}.${k}`)}`).join(",")}}`;
  }
  throw new Error(`${path}: cannot hash a value of type ${typeof value}`);
}

/** sha256 of the sorted-key JSON, first 16 hex digits (64 bits: collisions are not a concern here). */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(stableStringify(value)).digest("hex").slice(0, 16);
}
