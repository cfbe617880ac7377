import { spawnSync } from "node:child_process";
import * as path from "node:path";

/**
 * `npm run bench:startup`: how long the CLI takes to start, side by side with
 * a bare `node -e 0` in the same run (so a loaded machine moves both), and
 * `plan` for one stack. Each command runs alternately, `rounds` times after
 * one warm-up (tsx's transform cache); the figure is the median.
 * Target: `--help` within 8x of `node -e 0`.
 */
const root = path.resolve(__dirname, "..", "..");
const cli = path.join(root, "bin", "hcpbench.js");
const rounds = Number(process.env.STARTUP_ROUNDS ?? 9);

const commands: Record<string, readonly string[]> = {
  "node -e 0": ["-e", "0"],
  "hcpbench --help": [cli, "--help"],
  "hcpbench plan etcd-10 --json": [cli, "plan", "etcd-10", "--json", "--set", "aws.apiAccessCidrs=[198.51.100.7/32]"],
};
const onlyHelp = process.argv.includes("--no-plan");

function timeOnce(args: readonly string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const names = Object.keys(commands).filter((n) => !(onlyHelp && n.includes("plan")));
for (const n of names) timeOnce(commands[n]);
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let i = 0; i < rounds; i++) for (const n of names) times[n].push(timeOnce(commands[n]));

const bare = median(times["node -e 0"]);
for (const n of names) {
  const m = median(times[n]);
  process.stdout.write(`${n.padEnd(30)} median ${(m * 1000).toFixed(0).padStart(6)} ms  (${(m / bare).toFixed(1)}x node -e 0; ${rounds} runs, min ${(Math.min(...times[n]) * 1000).toFixed(0)} ms)\n`);
}
const ratio = median(times["hcpbench --help"]) / bare;
process.stdout.write(`--help / node -e 0 = ${ratio.toFixed(1)}x; target <= 8x: ${ratio <= 8 ? "met" : "MISSED"}\n`);
