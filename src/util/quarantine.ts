import * as fs from "fs";

/**
 * Moves a corrupt or incomplete file (or folder) aside to `<path>.corrupt`,
 * with one warning naming it, so the caller can recompute instead of failing
 * on every rerun. An older `.corrupt` copy is replaced.
 */
export function moveAside(file: string, reason: string, warn: (line: string) => void = (l) => process.stderr.write(l + "\n")): string {
  const dest = `${file}.corrupt`;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(file, dest);
  warn(`warning: ${file}: ${reason}; moved to ${dest}, recomputing`);
  return dest;
}
