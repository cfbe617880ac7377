import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../infra/names/csv";
import { scaleCsv } from "../capacity/capacityResult";
import { labCapacity } from "./labCapacity";
import type { LabState } from "./labState";
import type { ProcSeries } from "./procSampler";

describe("labCapacity", () => {
  const at = (t: number, cpuM: number, memMi: number) => ({ t, dt: 1, cpuM, memMi });
  const series: ProcSeries[] = [
    { process: { role: "kube-apiserver etcd/hcp-001", pid: 1, hcp: "hcp-001", group: "hcp" }, points: [at(10, 900, 300), at(11, 100, 310)] },
    { process: { role: "kube-apiserver etcd/hcp-002", pid: 2, hcp: "hcp-002", group: "hcp" }, points: [at(10, 100, 250), at(11, 800, 260)] },
    { process: { role: "etcd (etcd)", pid: 3, group: "storage" }, points: [at(10, 50, 100), at(11, 600, 120)] },
  ];
  const state = {
    hcps: ["hcp-001", "hcp-002"].map((name) => ({ name, startedAt: "2026-01-01T00:00:00Z", readyAt: "2026-01-01T00:00:10Z", secondsToReady: 10 })),
  } as unknown as LabState;

  it("totals the processes at their busiest second together and holds them to this machine's cores and memory", () => {
    const r = labCapacity({ stack: "lab-etcd-2", sweepId: "s", backend: "etcd", state, series, window: { start: "2026-01-01T00:00:00Z", end: "2026-01-01T00:01:00Z" } });
    // t=10: 900 + 100 + 50 = 1050; t=11: 100 + 800 + 600 = 1500. Each process's own peak would add to 2300.
    expect(r.podsTotal?.cpuM).toBe(1500);
    expect(r.podsTotal?.memMi).toBe(690);
    const [header, row] = parseCsv(scaleCsv(r));
    const col = (c: string) => row[header.indexOf(c)];
    expect(col("total_cpu_m")).toBe("1500.0");
    // The machine's processors as /proc/cpuinfo lists them, and MemTotal in kB.
    const cpus = fs.readFileSync("/proc/cpuinfo", "utf8").split("\n").filter((l) => /^processor\s*:/.test(l)).length;
    const memKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/meminfo", "utf8"))![1]);
    expect(col("pods_alloc_cpu_m")).toBe(String(cpus * 1000));
    expect(col("hcp_pool_alloc_mem_mi")).toBe(String(Math.floor(memKb / 1024)));
  });
});
