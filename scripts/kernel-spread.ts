/**
 * `npx tsx scripts/kernel-spread.ts [--results DIR]`: rows computed more than
 * once under one config, seed, backend and code version, with the OpenBLAS
 * kernels of each run (src/report/kernelSpread.ts).
 */
import * as fs from "fs";
import { DEFAULT_RESULTS_DIR } from "../src/run/runner";
import { kernelSpreadMarkdown } from "../src/report/kernelSpread";

const at = process.argv.indexOf("--results");
const dir = at >= 0 ? process.argv[at + 1] : DEFAULT_RESULTS_DIR;
if (!dir || !fs.existsSync(dir)) {
  console.error(`--results: no such folder ${JSON.stringify(dir)}`);
  process.exit(2);
}
console.log(kernelSpreadMarkdown(dir));
