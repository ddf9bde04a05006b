/**
 * One progress reporter for every long loop (rendering, training, tables).
 * On a TTY it redraws one line with a bar, rate and ETA; otherwise (CI, notebooks,
 * pipes) it prints a plain log line at most every `logEverySeconds`.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  unit?: string;
  stream?: NodeJS.WriteStream;
  logEverySeconds?: number;
  /** Silence all output (tests). */
  quiet?: boolean;
}

export class Progress {
  private done = 0;
  private readonly start = Date.now();
  private lastPrint = 0;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private extra = "";
  private printed = "";

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY) && !process.env.CI;
  }

  /** Advance by n and optionally set a status string (e.g. "loss 2.31"). */
  tick(n = 1, status?: string): void {
    this.done += n;
    if (status !== undefined) this.extra = status;
    const now = Date.now();
    const minGap = this.tty ? 100 : (this.opts.logEverySeconds ?? 10) * 1000;
    if (now - this.lastPrint >= minGap || this.done >= this.opts.total) {
      this.lastPrint = now;
      this.print(false);
    }
  }

  finish(status?: string): number {
    if (status !== undefined) this.extra = status;
    this.print(true);
    return (Date.now() - this.start) / 1000;
  }

  line(): string {
    const { label, total, unit = "it" } = this.opts;
    const secs = (Date.now() - this.start) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? (total - this.done) / rate : Infinity;
    const frac = total > 0 ? Math.min(1, this.done / total) : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    return `${label} [${bar}] ${this.done}/${total} ${rate.toFixed(1)} ${unit}/s ${formatSeconds(secs)} elapsed` +
      (Number.isFinite(eta) && this.done < total ? `, ETA ${formatSeconds(eta)}` : "") +
      (this.extra ? ` ${this.extra}` : "");
  }

  private print(final: boolean): void {
    if (this.opts.quiet) return;
    const state = `${this.done} ${this.extra}`;
    if (this.tty) this.stream.write(`\r${this.line()}\x1b[K${final ? "\n" : ""}`);
    // A plain log already showing this count and status need not repeat it at finish().
    else if (!final || state !== this.printed) this.stream.write(`${this.line()}\n`);
    this.printed = state;
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${Math.round(s - 60 * m).toString().padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${(m % 60).toString().padStart(2, "0")}m`;
}
