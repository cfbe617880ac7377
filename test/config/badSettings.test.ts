import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isInputError } from "../../infra/names/inputError";
import { instanceTypeNames } from "../../infra/aws/catalog";
import { listStacks, loadStackConfig, projectRoot } from "../../infra/config/stackFiles";
import { backendNames } from "../../infra/names/backends";
import { presetNames } from "../../infra/names/presets";

/*
 * A corpus of bad stack settings. Each must be refused before anything runs,
 * with one line per problem that names the setting (as `hcpbench:<path>`, the
 * form `pulumi config set --path` takes) and says what is allowed.
 */
function problemsOf(stack: string, overrides: string[]): string[] {
  try {
    loadStackConfig(stack, { overrides });
  } catch (err) {
    if (isInputError(err)) return [...err.problems];
    throw err;
  }
  throw new Error(`${stack} ${overrides.join(" ")} was accepted`);
}

const cases: { what: string; stack?: string; set: string[]; expect: RegExp[] }[] = [
  {
    what: "unknown backend",
    set: ["fleet.backend=etcd3"],
    expect: [new RegExp(`^hcpbench:fleet\\.backend: must be one of ${backendNames.join(", ")} \\(got "etcd3"\\)$`)],
  },
  { what: "no HCP", set: ["fleet.count=0"], expect: [/^hcpbench:fleet\.count: must be at least 1 \(got 0\)$/] },
  { what: "negative count", set: ["fleet.count=-5"], expect: [/^hcpbench:fleet\.count: must be at least 1 \(got -5\)$/] },
  { what: "fractional count", set: ["fleet.count=2.5"], expect: [/^hcpbench:fleet\.count: must be a whole number \(got 2\.5\)$/] },
  { what: "too many HCPs", set: ["fleet.count=5000"], expect: [/^hcpbench:fleet\.count: must be at most 1000 \(got 5000\)$/] },
  {
    what: "unknown preset",
    set: ["fleet.preset=huge"],
    expect: [new RegExp(`^hcpbench:fleet\\.preset: must be one of ${presetNames.join(", ")} \\(got "huge"\\)$`)],
  },
  {
    what: "mistyped instance type",
    set: ["cluster.pools.hcp.instanceType=m5.4xlage"],
    expect: [new RegExp(`^hcpbench:cluster\\.pools\\.hcp\\.instanceType: must be one of ${instanceTypeNames.join(", ").replaceAll(".", "\\.")} \\(got "m5\\.4xlage"\\)$`)],
  },
  {
    what: "zone outside the region",
    set: ["aws.az=us-west-2a"],
    expect: [/^hcpbench:aws\.az: must be a zone of us-east-1: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f \(got "us-west-2a"\)$/],
  },
  { what: "zone of another region after changing the region", set: ["aws.region=eu-west-1"], expect: [/^hcpbench:aws\.az: must be a zone of eu-west-1: eu-west-1a, eu-west-1b, eu-west-1c \(got "us-east-1a"\)$/] },
  { what: "EKS second zone equal to the first", set: ["aws.eksSecondaryAz=us-east-1a"], expect: [/^hcpbench:aws\.eksSecondaryAz: must be another zone of us-east-1 than aws\.az: /] },
  { what: "3 replicas for kine-sqlite", stack: "kine-sqlite-10", set: ["fleet.replicas=3"], expect: [/^hcpbench:fleet\.replicas: must be 1 for kine-sqlite: /] },
  { what: "2 replicas", set: ["fleet.replicas=2"], expect: [/^hcpbench:fleet\.replicas: must be 1 or 3 \(got 2\)$/] },
  { what: "a word for a number", set: ["fleet.count=ten"], expect: [/^hcpbench:fleet\.count: must be a number \(got "ten"\)$/] },
  { what: "a word for a boolean", set: ["bench.enabled=maybe"], expect: [/^hcpbench:bench\.enabled: must be a boolean \(got "maybe"\)$/] },
  { what: "a number for a list", set: ["bench.concurrency=50"], expect: [/^hcpbench:bench\.concurrency: must be a list \(got 50\)$/] },
  { what: "a number for a group of settings", set: ["aws=5"], expect: [/^hcpbench:aws: must be a map of settings \(got 5\)$/] },
  { what: "unknown setting", set: ["fleet.cont=5"], expect: [/^hcpbench:fleet\.cont: unknown setting$/] },
  { what: "unknown nested setting", set: ["aws.regoin=us-east-2"], expect: [/^hcpbench:aws\.regoin: unknown setting$/] },
  { what: "unknown top-level setting", set: ["flet.count=5"], expect: [/^hcpbench:flet: unknown setting$/] },
  {
    what: "the API open to the internet",
    set: ["aws.apiAccessCidrs=[0.0.0.0/0]"],
    expect: [/^hcpbench:aws\.apiAccessCidrs\[0\]: must not open the API to every address \(0\.0\.0\.0\/0\); use your own address, e\.g\. 198\.51\.100\.7\/32$/],
  },
  // Each of these once passed a check that only looked for a trailing "/0".
  { what: "/0 spelled /00", set: ["aws.apiAccessCidrs=[1.2.3.4/00]"], expect: [/^hcpbench:aws\.apiAccessCidrs\[0\]: prefix "\/00" must be a whole number from 0 to 32 \(got "1\.2\.3\.4\/00"\)$/] },
  { what: "a prefix longer than an address", set: ["aws.apiAccessCidrs=[10.0.0.0/33]"], expect: [/^hcpbench:aws\.apiAccessCidrs\[0\]: prefix "\/33" must be a whole number from 0 to 32/] },
  { what: "an octet over 255", set: ["aws.apiAccessCidrs=[198.51.100.256/32]"], expect: [/^hcpbench:aws\.apiAccessCidrs\[0\]: "198\.51\.100\.256" is not an IPv4 or IPv6 address/] },
  { what: "the IPv6 internet", set: ['aws.apiAccessCidrs=["::/0"]'], expect: [/^hcpbench:aws\.apiAccessCidrs\[0\]: must not open the API to every address \(::\/0\)/] },
  { what: "an IPv6 block on an IPv4 cluster", set: ['aws.apiAccessCidrs=["2001:db8::/48"]'], expect: [/^hcpbench:aws\.apiAccessCidrs\[0\]: must be an IPv4 block/] },
  { what: "the second of two blocks", set: ["aws.apiAccessCidrs=[198.51.100.7/32, 0.0.0.0/0]"], expect: [/^hcpbench:aws\.apiAccessCidrs\[1\]: must not open the API to every address/] },
  { what: "a CIDR that is not one", set: ["aws.apiAccessCidrs=[my-laptop]"], expect: [/^hcpbench:aws\.apiAccessCidrs\[0\]: must be a CIDR block with a prefix length, e\.g\. 198\.51\.100\.7\/32 \(got "my-laptop"\)$/] },
  {
    what: "more io2 IOPS than the volume allows",
    set: ["databases.volume.sizeGiB=4", "databases.volume.iops=5000"],
    expect: [/^hcpbench:databases\.volume\.iops: must be at most 1000 per GiB of databases\.volume\.sizeGiB for io2: at most 4000 for 4 GiB \(got 5000\)$/],
  },
  {
    what: "several problems at once, one line each",
    set: ["fleet.count=0", "fleet.preset=huge", "cluster.pools.control.count=0"],
    expect: [/^hcpbench:cluster\.pools\.control\.count: must be at least 1 \(got 0\)$/, /^hcpbench:fleet\.count: /, /^hcpbench:fleet\.preset: /],
  },
];

describe("bad stack settings", () => {
  it.each(cases)("refuses $what", ({ stack, set, expect: patterns }) => {
    const problems = problemsOf(stack ?? "etcd-10", set);
    expect(problems).toHaveLength(patterns.length);
    for (const pattern of patterns) expect(problems.some((p) => pattern.test(p)), `${pattern} in\n${problems.join("\n")}`).toBe(true);
  });

  it("refuses an unknown stack and lists the known ones", () => {
    const [line] = problemsOf("etcd-1000", []);
    expect(line).toBe(`stack "etcd-1000": unknown; known stacks: ${listStacks().join(", ")}`);
  });

  it("refuses an override that is not path=value", () => {
    expect(problemsOf("etcd-10", ["fleet.count"])).toEqual(["--set fleet.count: must be path=value, e.g. fleet.count=50"]);
  });
});

describe("hcpbench plan with a bad setting (end to end)", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(projectRoot, "bin", "hcpbench.js"), ...args], { cwd: projectRoot, encoding: "utf8", timeout: 60_000 });

  it("exits 2 naming the setting, with no stack trace, before planning anything", () => {
    const r = cli("plan", "etcd-10", "--set", "fleet.count=0");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("hcpbench: hcpbench:fleet.count: must be at least 1 (got 0)\n");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // Nothing was evaluated or printed.
    expect(r.stdout).toBe("");
  });

  it("exits 2 for an unknown stack, listing the known ones", () => {
    const r = cli("plan", "nope", "--json");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hcpbench: stack "nope": unknown; known stacks: etcd-10, etcd-100, /);
    expect(r.stdout).toBe("");
  });
});
