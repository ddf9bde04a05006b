/** A markdown table (README sections): one header row, "—" for an empty cell, pipes escaped. */
export function markdownTable(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => (v === null ? "—" : String(v).replace(/\|/g, "\\|"));
  return [`| ${header.map(cell).join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

/** "+1.5", "-0.3": a difference with its sign. */
export function signed(x: number, digits = 1): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`;
}

/** "1 seed", "3 seeds". */
export function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/** "42 s" below a minute and a half, "7 min" above. */
export function duration(seconds: number): string {
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}
