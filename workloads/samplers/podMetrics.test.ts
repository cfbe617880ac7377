import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isPodMetricsList, podMetricsPath, podUsage, type PodMetricsList } from "./podMetrics";
import { UsageStats } from "./usageStats";

const sample = JSON.parse(fs.readFileSync(path.join(__dirname, "testdata/podMetricsList.json"), "utf8")) as PodMetricsList;

describe("PodMetrics", () => {
  it("sums a pod's containers into MiB and millicores", () => {
    expect(isPodMetricsList(sample)).toBe(true);
    const [a, b] = sample.items.map(podUsage);
    expect(a).toEqual({
      pod: "hcpbench-fleet/kmc-hcp-000-0",
      labels: { app: "k0smotron", cluster: "hcp-000", component: "cluster" },
      timestamp: "2025-06-01T10:00:00Z", memMiB: 420, cpuMilli: expect.closeTo(154.345678, 6) });
    expect(b).toMatchObject({ memMiB: 1024, cpuMilli: 250 });
  });

  it("builds the list path with an escaped label selector", () => {
    expect(podMetricsPath("hcpbench-fleet")).toBe("/apis/metrics.k8s.io/v1beta1/namespaces/hcpbench-fleet/pods");
    expect(podMetricsPath("hcpbench-fleet", "app=k0smotron,component=cluster")).toBe(
      "/apis/metrics.k8s.io/v1beta1/namespaces/hcpbench-fleet/pods?labelSelector=app%3Dk0smotron%2Ccomponent%3Dcluster",
    );
  });
});

describe("UsageStats", () => {
  it("reports p50/p95/max within HDR precision and exact maxima", () => {
    const stats = new UsageStats();
    // 1..100 MiB and 10..1000 millicores over 100 pods-samples, plus a per-poll total.
    for (let i = 1; i <= 100; i++) stats.recordUnit(`p${i % 7}`, i, i * 10);
    stats.recordTotal(300.04, 900);
    stats.recordTotal(5050, 50500);
    stats.recordTotal(10, 10);
    const s = stats.summary();
    expect(s.samples).toBe(100);
    expect(s.units).toBe(7);
    expect(s.memMiB.p50).toBeCloseTo(50, 0);
    expect(s.memMiB.p95).toBeCloseTo(95, 0);
    expect(s.memMiB.max).toBe(100);
    expect(s.cpuMilli.p50).toBeCloseTo(500, -1);
    expect(s.cpuMilli.p95).toBeCloseTo(950, -1);
    expect(s.cpuMilli.max).toBe(1000);
    expect(s.peakTotalMemMiB).toBe(5050);
    expect(s.peakTotalCpuMilli).toBe(50500);
    stats.destroy();
  });

  it("keeps sub-MiB and sub-millicore detail for small pods", () => {
    const stats = new UsageStats();
    stats.recordUnit("a", 0.25, 0.4);
    const s = stats.summary();
    expect(s.memMiB.p50).toBe(0.3); // 256 KiB, rounded to one decimal
    expect(s.cpuMilli.p50).toBe(0.4);
    stats.destroy();
  });

  it("reports zeros, not NaN, when nothing was sampled", () => {
    const s = new UsageStats().summary();
    expect(s).toEqual({ samples: 0, units: 0, memMiB: { p50: 0, p95: 0, max: 0 }, cpuMilli: { p50: 0, p95: 0, max: 0 }, peakTotalMemMiB: 0, peakTotalCpuMilli: 0 });
  });
});
