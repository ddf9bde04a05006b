/** A markdown table (README sections): one header row, "—" for an empty cell, pipes escaped. */
export function markdownTable(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => (v === null ? "—" : String(v).replace(/\|/g, "\\|"));
  return [`| ${header.map(cell).join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}
