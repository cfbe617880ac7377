import { describe, expect, it } from "vitest";
import { bucketQuantile, counterDelta, histogramDeltas } from "./histogramDelta";
import { parsePrometheusText } from "./prometheusText";
import { serverDelta } from "./serverScrape";

const scrape = (buckets: Record<string, number>, sum: number, verb = "POST") => {
  const lines = Object.entries(buckets).map(([le, n]) => `apiserver_request_duration_seconds_bucket{component="apiserver",resource="configmaps",verb="${verb}",le="${le}"} ${n}`);
  const total = buckets["+Inf"];
  lines.push(`apiserver_request_duration_seconds_sum{component="apiserver",resource="configmaps",verb="${verb}"} ${sum}`, `apiserver_request_duration_seconds_count{component="apiserver",resource="configmaps",verb="${verb}"} ${total}`);
  return ["# HELP apiserver_request_duration_seconds x", "# TYPE apiserver_request_duration_seconds histogram", ...lines, 'go_goroutines{x="1"} 7'].join("\n");
};

describe("server metric deltas", () => {
  it("interpolates a quantile inside its bucket as histogram_quantile() does", () => {
    // 100 observations: 40 in (0, 0.1], 60 in (0.1, 0.5]. p50: rank 50 -> 10 of 60 into the second bucket.
    const b = [[0.1, 40], [0.5, 100], [Infinity, 100]] as const;
    expect(bucketQuantile(0.5, b)).toBeCloseTo(0.1 + 0.4 * (10 / 60));
    expect(bucketQuantile(0.2, b)).toBeCloseTo(0.1 * (20 / 40));
    // A rank in +Inf answers the highest finite bound.
    expect(bucketQuantile(0.99, [[0.1, 10], [Infinity, 100]])).toBe(0.1);
  });

  it("subtracts the scrape before from the scrape after, per verb", () => {
    const keep = (f: string) => f === "apiserver_request_duration_seconds";
    const before = parsePrometheusText(scrape({ "0.1": 10, "0.5": 10, "+Inf": 10 }, 0.5), keep).samples;
    const after = parsePrometheusText(scrape({ "0.1": 50, "0.5": 110, "+Inf": 110 }, 20.5), keep).samples;
    expect(before.some((s) => s.name.startsWith("go_"))).toBe(false);
    const [d] = histogramDeltas(before, after, "apiserver_request_duration_seconds", ["verb", "resource"]);
    expect(d.labels).toEqual({ verb: "POST", resource: "configmaps" });
    expect(d.count).toBe(100);
    expect(d.sum).toBeCloseTo(20);
    expect(d.mean).toBeCloseTo(0.2);
    expect(d.p50).toBeCloseTo(0.1 + 0.4 * (10 / 60));
  });

  it("treats a smaller count after as a restart, and leaves out idle series", () => {
    const keep = () => true;
    const before = parsePrometheusText(`${scrape({ "0.1": 500, "+Inf": 500 }, 9)}\n${scrape({ "0.1": 3, "+Inf": 3 }, 0.1, "GET")}`, keep).samples;
    const after = parsePrometheusText(`${scrape({ "0.1": 4, "+Inf": 5 }, 1)}\n${scrape({ "0.1": 3, "+Inf": 3 }, 0.1, "GET")}`, keep).samples;
    const deltas = histogramDeltas(before, after, "apiserver_request_duration_seconds", ["verb"]);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ labels: { verb: "POST" }, count: 5, sum: 1 });
    expect(counterDelta(10, 4)).toBe(4);
    expect(counterDelta(10, 14)).toBe(4);
  });

  it("parses escaped label values and special floats", () => {
    const [s] = parsePrometheusText('m_total{path="a\\"b",x="\\\\"} +Inf 1700000000', () => true).samples;
    expect(s).toEqual({ name: "m_total", labels: { path: 'a"b', x: "\\" }, value: Infinity });
  });

  it("counts the lines it cannot read instead of dropping them silently, and the delta reports them", () => {
    const text = ["# HELP m_total a counter", "m_total 3", "", "m_total{broken 4", "not a sample at all", 'm_total{x="1"} 5'].join("\n");
    const parsed = parsePrometheusText(text, () => true);
    expect(parsed.samples.map((x) => x.value)).toEqual([3, 5]);
    expect(parsed.unparsedLines).toBe(2);
    expect(parsed.firstUnparsed).toBe("m_total{broken 4");
    const snap = { target: "etcd", source: "etcd" as const, samples: parsed.samples, unparsedLines: parsed.unparsedLines };
    expect(serverDelta(snap, snap).unparsedLines).toBe(4);
    expect(serverDelta({ ...snap, unparsedLines: 0 }, { ...snap, unparsedLines: 0 })).not.toHaveProperty("unparsedLines");
  });
});
