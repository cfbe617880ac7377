import { describe, expect, it } from "vitest";
import { poolUsage } from "./poolUsage";

describe("poolUsage", () => {
  const pts = (...vs: number[]) => vs.map((v, i) => [i * 15, v] as [number, number]);
  const nodes = [
    { name: "n1", pool: "hcp", allocatable: { cpuM: 1000, memMi: 4000 } },
    { name: "n2", pool: "hcp", allocatable: { cpuM: 1000, memMi: 4000 } },
    { name: "db", pool: "db-postgres", allocatable: { cpuM: 500, memMi: 1000 } },
  ];

  it("sums each pool's nodes per sample time and takes the peak of that sum", () => {
    const cpu = [
      { pod: "n1", points: pts(900, 200, 100) },
      { pod: "n2", points: pts(100, 950, 300) },
      { pod: "db", points: pts(100, 100, 400) },
      { pod: "stranger", points: pts(5000, 5000, 5000) },
    ];
    const mem = [
      { pod: "n1", points: pts(1000, 1000, 1000) },
      { pod: "n2", points: pts(2000, 2500, 2000) },
      { pod: "db", points: pts(800, 1200, 900) },
    ];
    const u = poolUsage(cpu, mem, nodes);
    // hcp: 1000, 1150, 400 -> peak 1150; each node's own peak (900 + 950 = 1850) would overstate it.
    expect(u.hcp.cpuM).toEqual([[0, 1000], [15, 1150], [30, 400]]);
    expect(u.hcp.peakCpuM).toBe(1150);
    expect(u.hcp.peakMemMi).toBe(3500);
    expect(u.hcp.allocatable).toEqual({ cpuM: 2000, memMi: 8000 });
    expect(u.hcp.overAllocatable).toEqual([]);
    // db: memory 1200 MiB at t=15 is above its 1000 MiB.
    expect(u["db-postgres"]).toMatchObject({ nodes: 1, peakCpuM: 400, peakMemMi: 1200, overAllocatable: ["memory"] });
    // A node that is in no listed pool counts nowhere.
    expect(Object.keys(u)).toEqual(["db-postgres", "hcp"]);
  });

  it("flags CPU above allocatable and leaves the ceiling out when a node does not report one", () => {
    const u = poolUsage([{ pod: "n1", points: pts(1500) }, { pod: "n2", points: pts(600) }], [], nodes);
    expect(u.hcp.overAllocatable).toEqual(["cpu"]);
    const unknown = poolUsage([{ pod: "x", points: pts(9999) }], [], [{ name: "x", pool: "cluster" }]);
    expect(unknown.cluster.allocatable).toBeUndefined();
    expect(unknown.cluster.overAllocatable).toEqual([]);
  });
});
