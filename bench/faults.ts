/**
 * The fault suite (issue 27): every bad input and fault case the tests know,
 * run together, with the figures printed: cases tried and passed per suite.
 * "Lost" counts the cases that guard data (a file outside a set, a killed or
 * doubled run's results) and failed: it must be 0.
 *
 *   npm run bench:faults
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const SUITES: Record<string, string> = {
  "tests/faults.test.ts": "paths from files, one writer per row, cost before work",
  "tests/cache.test.ts": "corrupt, truncated and mismatched result files; killed runs resume",
  "tests/cli-errors.test.ts": "bad flags and failing rows: one line, exit 2",
  "tests/datasets-disk.test.ts": "corrupt dataset manifests and images",
  "tests/loaders.test.ts": "corrupt or missing downstream data files",
  "tests/queue.test.ts": "queue faults: killed workers, lost connections",
};
const GUARDS = /delete nothing|outside|both exit 0|resume|kill/i;

interface Assertion { title: string; fullName: string; status: string }
interface FileResult { name: string; assertionResults: Assertion[] }

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sb-faults-")), "report.json");
const r = spawnSync("npx", ["vitest", "run", "--reporter=json", `--outputFile=${out}`, ...Object.keys(SUITES)], { stdio: ["ignore", "ignore", "inherit"] });
if (!fs.existsSync(out)) {
  console.error(`bench:faults: vitest wrote no report (exit ${r.status})`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(out, "utf8")) as { testResults: FileResult[] };
let tried = 0;
let passed = 0;
const lost: string[] = [];
for (const f of report.testResults) {
  const rel = path.relative(process.cwd(), f.name);
  const ok = f.assertionResults.filter((a) => a.status === "passed").length;
  const run = f.assertionResults.filter((a) => a.status !== "skipped" && a.status !== "pending").length;
  tried += run;
  passed += ok;
  for (const a of f.assertionResults) if (a.status === "failed" && GUARDS.test(a.fullName)) lost.push(a.fullName);
  console.log(`${rel.padEnd(28)} ${String(ok).padStart(3)}/${String(run).padEnd(3)} ${SUITES[rel] ?? ""}`);
  for (const a of f.assertionResults) if (a.status === "failed") console.log(`  FAILED ${a.fullName}`);
}
console.log(`\nfault cases tried ${tried}, passed ${passed}, failed ${tried - passed}; data-guarding cases failed (something lost): ${lost.length}`);
process.exit(tried === passed ? 0 : 1);
