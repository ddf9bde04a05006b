/** RFC 4180 CSV: a field with a comma, quote or newline is quoted, quotes doubled. */
export type Cell = string | number | null | undefined;

function field(v: Cell): string {
  if (v === null || v === undefined) return "";
  // Twelve significant digits drop binary noise (60.519999999999996 → 60.52) and keep every digit a metric has.
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(Number(v.toPrecision(12))) : "") : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  for (const [i, r] of rows.entries()) {
    if (r.length !== header.length) throw new Error(`toCsv: row ${i} has ${r.length} cells, header has ${header.length}`);
  }
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\n") + "\n";
}

/** Parses CSV text back into rows of strings (the header is row 0). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cur); cur = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cur); rows.push(row); row = []; cur = "";
    } else cur += c;
  }
  if (quoted) throw new Error("parseCsv: unterminated quoted field");
  if (cur !== "" || row.length > 0) { row.push(cur); rows.push(row); }
  return rows;
}
