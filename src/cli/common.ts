/**
 * What the CLIs share: one error for bad input (exit 2, one line), flags
 * described once as data (parsed, checked and listed in --help from the same
 * table), and a main() wrapper that prints any failure as one line without a
 * stack (SB_DEBUG=1 prints the stack, and a failed row's child stack).
 */
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "../util/errors";

export { UsageError };

export interface FlagSpec<T> {
  /** Without the dashes, e.g. "jobs". */
  name: string;
  /** Placeholder in the usage line (e.g. "N"); absent for a switch. */
  value?: string;
  /** Shown as the default in --help. */
  defaultText: string;
  help: string;
  /** Applies the flag to the options; throws UsageError naming the flag for a bad value. */
  apply(opts: T, value: string): void;
}

export function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: expected a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

export function oneOf<V extends string>(flag: string, v: string, valid: readonly V[]): V {
  if (!(valid as readonly string[]).includes(v)) throw new UsageError(`--${flag}: unknown value "${v}" (valid: ${valid.join(", ")})`);
  return v as V;
}

/** Parses `--flag value`, `--flag=value` and switches; everything else is positional. */
export function parseFlags<T>(argv: string[], specs: FlagSpec<T>[], opts: T): string[] {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new UsageError(`unknown option --${name} (options: ${specs.map((s) => `--${s.name}`).join(", ")})`);
    if (!spec.value) {
      if (eq > 0) throw new UsageError(`--${name}: takes no value`);
      spec.apply(opts, "");
      continue;
    }
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new UsageError(`--${name}: missing value`);
    if (value === "") throw new UsageError(`--${name}: empty value`);
    spec.apply(opts, value);
  }
  return positional;
}

/** `  name  text` lines, the texts aligned one column past the longest name. */
export function aligned(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return rows.map(([name, text]) => `  ${name.padEnd(width)}${text}`).join("\n");
}

/** One line per flag: `--name VALUE   help (default: ...)`. */
export function describeFlags<T>(specs: FlagSpec<T>[]): string {
  return aligned(specs.map((s) => [`--${s.name}${s.value ? ` ${s.value}` : ""}`, `${s.help} (default: ${s.defaultText})`]));
}

/**
 * Throws a UsageError unless `dir` is (or can be made) a folder that takes a
 * file: it tries, with a probe file, then removes what it created, so a
 * rejected or later failing run leaves nothing behind. (A permission check
 * alone would pass for root on a read-only mount.)
 */
export function checkWritableDir(flag: string, dir: string): void {
  const target = path.resolve(dir);
  let existing = target;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) throw new UsageError(`--${flag} ${dir}: ${existing} is not a folder`);
  const probe = path.join(target, `.sb-write-probe-${process.pid}`);
  try {
    // One level at a time: a recursive mkdir spins forever on /proc.
    const missing = path.relative(existing, target).split(path.sep).filter(Boolean);
    missing.forEach((_, i) => fs.mkdirSync(path.join(existing, ...missing.slice(0, i + 1))));
    fs.writeFileSync(probe, "");
  } catch (e) {
    throw new UsageError(`--${flag} ${dir}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    fs.rmSync(probe, { force: true });
    for (let d = target; d !== existing && fs.existsSync(d); d = path.dirname(d)) fs.rmdirSync(d);
  }
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim() !== "") ?? text;
}

/** How a CLI reports a failure: one line (exit 2 for bad input, 1 otherwise); SB_DEBUG=1 adds the stack. */
export function reportFailure(program: string, e: unknown, write: (line: string) => void = (l) => process.stderr.write(l + "\n")): number {
  const err = e instanceof Error ? e : new Error(String(e));
  write(`${program}: ${err instanceof UsageError ? "" : "error: "}${firstLine(err.message)}`);
  if (process.env.SB_DEBUG === "1") {
    write(err.stack ?? err.message);
    const childStack = (err as { childStack?: string }).childStack;
    if (childStack) write(`in the row's child process:\n${childStack}`);
  }
  return err instanceof UsageError ? 2 : 1;
}

/** Runs a CLI body; exits with its code, or with reportFailure's. */
export function runMain(program: string, body: () => Promise<number | void>): void {
  body().then(
    (code) => process.exit(code ?? 0),
    (e: unknown) => process.exit(reportFailure(program, e)),
  );
}
