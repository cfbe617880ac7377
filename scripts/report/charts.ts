import type { PerfPoint } from "./aggregate";

/** A line chart: one line per backend against concurrency. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly yTitle: string;
  /** The points drawn: one series per storage, x = concurrency. */
  readonly data: readonly { storage: string; concurrency: number; value: number }[];
  /** The vega-lite spec that renders `data`. */
  readonly vegaLite: Record<string, unknown>;
}

export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  readonly png: Buffer;
}

interface ChartDef {
  readonly id: string;
  readonly title: string;
  readonly profile: string;
  readonly column: string;
  readonly yTitle: string;
}

export const chartDefs: readonly ChartDef[] = [
  { id: "write-throughput", title: "create-list: write throughput", profile: "create-list", column: "write_throughput_ops", yTitle: "writes/s" },
  { id: "watch-lag-p99", title: "watch-churn: watch lag p99", profile: "watch-churn", column: "watch_lag_p99_s", yTitle: "seconds" },
  { id: "watch-event-rate", title: "watch-churn: watch event rate", profile: "watch-churn", column: "watch_event_rate", yTitle: "events/s" },
];

export const chartSize = { width: 640, height: 320 } as const;

/**
 * The series of one chart: single-replica, unlimited HCPs; where a backend ran
 * a point with several op counts, the largest one (the full run) is drawn.
 */
export function chartData(points: readonly PerfPoint[], def: ChartDef): ChartSpec["data"] {
  const best = new Map<string, PerfPoint>();
  for (const p of points) {
    if (p.profile !== def.profile || p.replicas !== 1 || p.preset !== "unlimited" || p.values[def.column] === undefined) continue;
    const key = `${p.storage}|${p.concurrency}`;
    const prev = best.get(key);
    if (!prev || p.ops > prev.ops) best.set(key, p);
  }
  return [...best.values()]
    .map((p) => ({ storage: p.storage, concurrency: p.concurrency, value: p.values[def.column] }))
    .sort((a, b) => a.storage.localeCompare(b.storage) || a.concurrency - b.concurrency);
}

export function buildCharts(points: readonly PerfPoint[], storageOrder: readonly string[]): ChartSpec[] {
  return chartDefs
    .map((def) => {
      const data = chartData(points, def);
      const present = new Set(data.map((d) => d.storage));
      const xs = [...new Set(data.map((d) => d.concurrency))].sort((a, b) => a - b);
      const domain = [...storageOrder.filter((s) => present.has(s)), ...[...present].filter((s) => !storageOrder.includes(s)).sort()];
      return {
        id: def.id,
        title: def.title,
        yTitle: def.yTitle,
        data,
        vegaLite: {
          $schema: "https://vega.github.io/schema/vega-lite/v6.json",
          title: def.title,
          width: chartSize.width,
          height: chartSize.height,
          background: "white",
          data: { values: data },
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "concurrency", type: "quantitative", title: "concurrent clients", scale: { type: "log", domain: [xs[0], xs[xs.length - 1]], nice: false }, axis: { values: xs } },
            y: { field: "value", type: "quantitative", title: def.yTitle },
            color: { field: "storage", type: "nominal", title: "storage", scale: { domain, scheme: domain.length > 10 ? "tableau20" : "tableau10" } },
          },
        },
      };
    })
    .filter((c) => c.data.length > 0);
}

/** vega-lite -> vega -> SVG (no canvas needed) -> PNG with resvg, at 2x for crisp text. */
export async function renderChart(chart: ChartSpec): Promise<RenderedChart> {
  // Both are ES modules with top-level await: only a real dynamic import loads them (tsx and vitest keep import() as is).
  // vega-lite's typings need "exports" resolution, which this CommonJS project does not use: typed here by what is called.
  const vlModule: string = "vega-lite";
  const vl = (await import(vlModule)) as { compile(spec: unknown): { spec: import("vega").Spec } };
  const vega = await import("vega");
  const compiled = vl.compile(chart.vegaLite).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const { Resvg } = await import("@resvg/resvg-js");
  const png = Buffer.from(new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng());
  return { id: chart.id, title: chart.title, svg, png };
}
