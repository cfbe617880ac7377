import { performance } from "node:perf_hooks";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { estimateHourlyCost } from "../../infra/cost/estimate";
import { evaluateProgram } from "../../infra/plan/evaluate";
import { withStdoutOnStderr } from "../plan/runPlan";

/*
 * npm run bench:plan — how long `hcpbench plan` takes to evaluate the program
 * under mocks (wall clock, after a warm-up run so module loading is not
 * counted), for a 100-HCP stack and a 1000-HCP variant. Targets: <= 5 s and
 * <= 15 s. Prints one line per case, median of the timed runs.
 */
const cases: { label: string; stack: string; overrides: string[]; targetS: number }[] = [
  { label: "kine-postgres-100", stack: "kine-postgres-100", overrides: [], targetS: 5 },
  { label: "kine-postgres-100 --set fleet.count=1000", stack: "kine-postgres-100", overrides: ["fleet.count=1000"], targetS: 15 },
];
const runs = Number(process.env.PLAN_BENCH_RUNS ?? 3);

async function timeOnce(stack: string, overrides: string[]) {
  const cfg = loadStackConfig(stack, { overrides });
  const started = performance.now();
  const evaluation = await withStdoutOnStderr(() => evaluateProgram(cfg, stack));
  const evaluatedMs = performance.now() - started;
  const cost = estimateHourlyCost(cfg, evaluation.resources);
  return { evaluatedMs, totalMs: performance.now() - started, resources: evaluation.resources.length, hourlyUsd: cost.hourlyUsd };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  // Warm-up: loads every module and runs each code path once, so the timed runs measure evaluation only.
  const importStarted = performance.now();
  await timeOnce(cases[0].stack, cases[0].overrides);
  console.log(`warm-up (module load + one ${cases[0].label} run): ${((performance.now() - importStarted) / 1000).toFixed(2)} s`);
  for (const c of cases) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await timeOnce(c.stack, c.overrides));
    const evalS = median(samples.map((s) => s.evaluatedMs)) / 1000;
    const totalS = median(samples.map((s) => s.totalMs)) / 1000;
    const verdict = totalS <= c.targetS ? "within" : "OVER";
    console.log(
      `${c.label}: ${samples[0].resources} resources, evaluate ${evalS.toFixed(2)} s, with cost ${totalS.toFixed(2)} s ` +
        `(median of ${runs}; target ${c.targetS} s: ${verdict}); $${samples[0].hourlyUsd.toFixed(2)}/h`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
