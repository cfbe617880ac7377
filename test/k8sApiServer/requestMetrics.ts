/**
 * The two histograms the load generator reads from a real API server, kept
 * the same way (same names, labels and buckets), so its scrape and delta code
 * is tested end to end.
 */
const buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

class Histogram {
  private readonly series = new Map<string, { labels: string; counts: number[]; sum: number; count: number }>();

  constructor(private readonly name: string, private readonly help: string) {}

  observe(labels: Record<string, string>, seconds: number): void {
    const key = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",");
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels: key, counts: new Array<number>(buckets.length).fill(0), sum: 0, count: 0 }));
    for (let i = 0; i < buckets.length; i++) if (seconds <= buckets[i]) s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }

  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${s.labels},le="${b}"} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${s.labels},le="+Inf"} ${s.count}`, `${this.name}_sum{${s.labels}} ${s.sum}`, `${this.name}_count{${s.labels}} ${s.count}`);
    }
    return lines.join("\n");
  }
}

export class RequestMetrics {
  readonly apiserver = new Histogram("apiserver_request_duration_seconds", "Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.");
  readonly storage = new Histogram("etcd_request_duration_seconds", "Etcd request latency in seconds for each operation and object type.");

  request(verb: string, resource: string, seconds: number): void {
    this.apiserver.observe({ component: "apiserver", dry_run: "", group: "", resource, scope: verb === "LIST" || verb === "WATCH" ? "namespace" : "resource", subresource: "", verb, version: "v1" }, seconds);
  }

  storageCall(operation: string, type: string, seconds: number): void {
    this.storage.observe({ operation, type }, seconds);
  }

  text(): string {
    return `${this.apiserver.text()}\n${this.storage.text()}\n`;
  }
}
