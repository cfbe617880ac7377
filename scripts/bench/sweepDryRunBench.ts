import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * `npm run bench:sweep`: wall time of `hcpbench sweep all --dry-run` over the
 * 33 committed AWS stacks, as a user runs it (a fresh CLI process: loading,
 * validating every stack, the duration model and the cost estimate). Target: 10 s.
 */
const root = path.resolve(__dirname, "..", "..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-sweep-bench-"));
const args = [path.join(root, "bin", "hcpbench.js"), "sweep", "all", "--dry-run", "--parallel", "3", "--out", out, "--set", "aws.apiAccessCidrs=[198.51.100.7/32]"];

const timings: number[] = [];
let last = "";
for (let i = 0; i < 3; i++) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  timings.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  last = r.stdout;
}
const stacks = last.split("\n").filter((l) => /^\S+-\d+\s/.test(l)).length;
process.stdout.write(`${last.split("\n").slice(-3).join("\n")}\n`);
process.stdout.write(
  `sweep --dry-run over ${stacks} stacks: ${timings.map((t) => `${t.toFixed(2)} s`).join(", ")} (best ${Math.min(...timings).toFixed(2)} s); target <= 10 s: ${Math.max(...timings) <= 10 ? "met" : "MISSED"}\n`,
);
