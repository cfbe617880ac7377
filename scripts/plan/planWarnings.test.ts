import { describe, expect, it } from "vitest";
import { parseConfig } from "../../infra/config/stackFiles";
import { planWarnings } from "./planWarnings";

const cfg = (extra: Record<string, unknown>) => parseConfig({ fleet: { backend: "kine-postgres", count: 100 }, ...extra });

describe("planWarnings", () => {
  it("warns that a private-only API cannot be reached from outside the VPC", () => {
    const [w, ...rest] = planWarnings(cfg({}));
    expect(rest).toEqual([]);
    expect(w).toMatch(/^hcpbench:aws\.apiAccessCidrs is empty: .*private.*198\.51\.100\.7\/32/);
    expect(planWarnings(cfg({ aws: { apiAccessCidrs: ["198.51.100.7/32"] } }))).toEqual([]);
  });

  it("warns when destroy would delete the results", () => {
    expect(planWarnings(cfg({ aws: { apiAccessCidrs: ["198.51.100.7/32"] }, results: { keepBucket: false } }))).toEqual([
      expect.stringMatching(/^hcpbench:results\.keepBucket is false: /),
    ]);
  });

  it("warns when the HCPs' memory limits exceed the hcp pool", () => {
    // 100 × 3 × 2 GiB = 600 GiB against 3 × 64 GiB.
    const big = cfg({ aws: { apiAccessCidrs: ["198.51.100.7/32"] }, fleet: { backend: "kine-postgres", count: 100, replicas: 3, preset: "large" } });
    expect(planWarnings(big)).toEqual([expect.stringMatching(/^HCP memory limits add up to 600 GiB .* the hcp pool has 192 GiB \(3 × m5\.4xlarge\)/)]);
    // The same fleet fits on 10 larger nodes; `unlimited` sets no limit to add up.
    expect(planWarnings({ ...big, cluster: { ...big.cluster, pools: { ...big.cluster.pools, hcp: { instanceType: "m5.8xlarge", count: 10, diskGiB: 100 } } } })).toEqual([]);
    expect(planWarnings({ ...big, fleet: { ...big.fleet, preset: "unlimited" } })).toEqual([]);
  });

  it("has no AWS warnings on a cluster you bring", () => {
    expect(planWarnings(cfg({ substrate: "existing" }))).toEqual([]);
    expect(planWarnings(cfg({ substrate: "existing", bench: { enabled: false } }))).toEqual([expect.stringMatching(/^hcpbench:bench\.enabled is false/)]);
  });
});
