import type { PerfPoint, ScalePoint } from "./aggregate";
import { ceilingOf } from "./allocatableCeiling";
import type { PublishedReference } from "./publishedReference";

/** One table cell: the measured median, and with --reference the published number and measured/published. */
export interface Cell {
  readonly value?: number;
  readonly reference?: number;
  readonly ratio?: number;
  readonly text: string;
  /** The measured value or the published one is above what the nodes could allocate. */
  readonly overAllocatable?: boolean;
  /** The cell links here (a file of the results, relative to the report). */
  readonly href?: string;
}

export interface Table {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  /** Label columns first, then metric columns. */
  readonly columns: readonly string[];
  readonly labelColumns: number;
  readonly rows: readonly (readonly Cell[])[];
}

type Format = (n: number) => string;

/** Numbers as the write-up prints them: more decimals for small values. */
export const fmt = {
  auto: ((n) => (Math.abs(n) >= 100 ? Math.round(n).toString() : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2))) as Format,
  seconds: ((n) => (Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3))) as Format,
  int: ((n) => Math.round(n).toString()) as Format,
  pct: ((n) => n.toFixed(1)) as Format,
};

interface Column<P> {
  readonly header: string;
  readonly value: (p: P) => number | undefined;
  readonly format: Format;
  readonly reference?: (p: P, ref: PublishedReference) => number | undefined;
  /** What the nodes under the point could allocate, in the column's unit: a value above it is flagged. */
  readonly limit?: (p: P) => number | undefined;
}

function cell(value: number | undefined, reference: number | undefined, format: Format, limit?: number): Cell {
  const over = (x: number | undefined) => limit !== undefined && x !== undefined && x > limit;
  const flag = (x: number | undefined) => (over(x) ? ` ⚠ above ${format(limit!)} allocatable` : "");
  const flagged = over(value) || over(reference) ? { overAllocatable: true } : {};
  if (value === undefined) return { text: reference !== undefined ? `- (ref ${format(reference)}${flag(reference)})` : "-", ...(reference !== undefined ? { reference } : {}), ...flagged };
  if (reference === undefined) return { value, text: `${format(value)}${flag(value)}`, ...flagged };
  // Measured 0 against published 0 is a match; anything else against 0 has no meaningful ratio.
  const ratio = reference === 0 ? (value === 0 ? 1 : undefined) : value / reference;
  return {
    value,
    reference,
    ...(ratio !== undefined ? { ratio } : {}),
    text: `${format(value)}${flag(value)} (ref ${format(reference)}${flag(reference)}, ×${ratio !== undefined ? ratio.toFixed(2) : "-"})`,
    ...flagged,
  };
}

function buildRows<P>(points: readonly P[], labels: (p: P) => string[], columns: readonly Column<P>[], ref: PublishedReference | undefined): Cell[][] {
  return points.map((p) => [
    ...labels(p).map((text) => ({ text })),
    ...columns.map((c) => cell(c.value(p), ref && c.reference ? c.reference(p, ref) : undefined, c.format, c.limit?.(p))),
  ]);
}

const v = (name: string) => (p: { values: Readonly<Record<string, number>> }) => p.values[name];
const scaled = (name: string, factor: number) => (p: { values: Readonly<Record<string, number>> }) =>
  p.values[name] === undefined ? undefined : p.values[name] * factor;
/** The pool's allocatable in the column's unit (cpu in cores, memory in GiB or MiB). */
const ceiling = (which: "hcp" | "pods", resource: "cpuM" | "memMi", factor: number) => (p: ScalePoint) => {
  const a = ceilingOf(p.storage, p.clusterCount, p.values)[which];
  return a === undefined ? undefined : a[resource] * factor;
};

const byStorageOrder = (order: readonly string[]) => (a: string, b: string) => {
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b);
};

export interface TableInputs {
  readonly perf: readonly PerfPoint[];
  readonly scale: readonly ScalePoint[];
  /** Backend order for rows (the registry's order). */
  readonly storageOrder: readonly string[];
  readonly reference?: PublishedReference;
}

const capacityRef = (metric: string, factor = 1) => (p: ScalePoint, ref: PublishedReference) => {
  const r = ref.find({ section: "capacity", storage: p.storage, hcpCount: p.clusterCount, replicas: p.replicas, metric });
  return r ? r.value * factor : undefined;
};

const perfRef = (section: string, metric: string) => (p: PerfPoint, ref: PublishedReference) =>
  ref.find({ section, storage: p.storage, concurrency: p.concurrency, replicas: p.replicas, metric, ...(section === "light" ? { preset: p.preset } : {}) })?.value;

function sortScale(points: readonly ScalePoint[], order: readonly string[]): ScalePoint[] {
  const cmp = byStorageOrder(order);
  return [...points].sort((a, b) => a.clusterCount - b.clusterCount || cmp(a.storage, b.storage));
}

function sortPerf(points: readonly PerfPoint[], order: readonly string[]): PerfPoint[] {
  const cmp = byStorageOrder(order);
  return [...points].sort((a, b) => cmp(a.storage, b.storage) || a.ops - b.ops);
}

/** Rows of one perf profile at one concurrency, one replica count and no limits. */
function perfSlice(points: readonly PerfPoint[], profile: string, concurrency: number, replicas: number): PerfPoint[] {
  return points.filter((p) => p.profile === profile && p.concurrency === concurrency && p.replicas === replicas && p.preset === "unlimited");
}

function perfLabels(points: readonly PerfPoint[]): { columns: string[]; labels: (p: PerfPoint) => string[] } {
  const manyOps = new Set(points.map((p) => p.ops)).size > 1;
  return manyOps ? { columns: ["Storage", "Ops"], labels: (p) => [p.storage, String(p.ops)] } : { columns: ["Storage"], labels: (p) => [p.storage] };
}

function perfTable(id: string, title: string, note: string, points: PerfPoint[], columns: readonly Column<PerfPoint>[], ref?: PublishedReference): Table {
  const l = perfLabels(points);
  return { id, title, note, columns: [...l.columns, ...columns.map((c) => c.header)], labelColumns: l.columns.length, rows: buildRows(points, l.labels, columns, ref) };
}

const watchColumns: Column<PerfPoint>[] = [
  { header: "Write successes", value: v("write_successes"), format: fmt.int, reference: perfRef("watch-churn", "write_successes") },
  { header: "Write errors (%)", value: scaled("write_error_rate", 100), format: fmt.pct, reference: perfRef("watch-churn", "write_error_rate") },
  { header: "Watch events", value: v("watch_events"), format: fmt.int, reference: perfRef("watch-churn", "watch_events") },
  { header: "Lag p99 (s)", value: v("watch_lag_p99_s"), format: fmt.seconds, reference: perfRef("watch-churn", "watch_lag_p99") },
  { header: "Event rate (/s)", value: v("watch_event_rate"), format: fmt.int, reference: perfRef("watch-churn", "watch_event_rate") },
];

/** The published write-up's tables, each cell the median across runs. */
export function buildTables(input: TableInputs): Table[] {
  const { reference: ref, storageOrder: order } = input;
  const single = sortScale(input.scale.filter((p) => p.replicas === 1), order);
  const scaleLabels = (p: ScalePoint) => [p.storage, String(p.clusterCount)];

  const capacityColumns: Column<ScalePoint>[] = [
    { header: "Ready p50 (s)", value: v("provision_p50_s"), format: fmt.auto, reference: capacityRef("ready_p50") },
    { header: "Ready p99 (s)", value: v("provision_p99_s"), format: fmt.auto, reference: capacityRef("ready_p99") },
    { header: "HCP CPU (cores)", value: scaled("hcp_total_cpu_m", 1 / 1000), format: fmt.auto, reference: capacityRef("hcp_cpu"), limit: ceiling("hcp", "cpuM", 1 / 1000) },
    { header: "HCP mem (GiB)", value: scaled("hcp_total_mem_mi", 1 / 1024), format: fmt.auto, reference: capacityRef("hcp_mem"), limit: ceiling("hcp", "memMi", 1 / 1024) },
    // Peak of the sum of HCP and storage pods; the HCP peak plus the storage peak would add two different moments.
    { header: "Total CPU (cores)", value: scaled("total_cpu_m", 1 / 1000), format: fmt.auto, reference: capacityRef("total_cpu"), limit: ceiling("pods", "cpuM", 1 / 1000) },
    { header: "Total mem (GiB)", value: scaled("total_mem_mi", 1 / 1024), format: fmt.auto, reference: capacityRef("total_mem"), limit: ceiling("pods", "memMi", 1 / 1024) },
    // The nodes' own figures: what the HCP pool's machines carried at their busiest moment.
    { header: "HCP nodes CPU (cores)", value: scaled("hcp_pool_cpu_peak_m", 1 / 1000), format: fmt.auto, limit: ceiling("hcp", "cpuM", 1 / 1000) },
    { header: "HCP nodes mem (GiB)", value: scaled("hcp_pool_mem_peak_mi", 1 / 1024), format: fmt.auto, limit: ceiling("hcp", "memMi", 1 / 1024) },
  ];
  const perHcp = (f: (p: ScalePoint) => number | undefined) => (p: ScalePoint) => {
    const x = f(p);
    return x === undefined ? undefined : x / p.clusterCount;
  };
  const perHcpRef = (metric: string, factor: number) => (p: ScalePoint, r: PublishedReference) => {
    const x = capacityRef(metric, factor)(p, r);
    return x === undefined ? undefined : x / p.clusterCount;
  };
  const sizingColumns: Column<ScalePoint>[] = [
    { header: "HCP cores / HCP", value: perHcp(scaled("hcp_total_cpu_m", 1 / 1000)), format: fmt.auto, reference: perHcpRef("hcp_cpu", 1) },
    { header: "HCP MiB / HCP", value: perHcp(v("hcp_total_mem_mi")), format: fmt.auto, reference: perHcpRef("hcp_mem", 1024) },
    { header: "Total cores / HCP", value: perHcp(scaled("total_cpu_m", 1 / 1000)), format: fmt.auto, reference: perHcpRef("total_cpu", 1) },
    { header: "Total MiB / HCP", value: perHcp(v("total_mem_mi")), format: fmt.auto, reference: perHcpRef("total_mem", 1024) },
  ];
  const operatorRef = (metric: string) => (p: ScalePoint, r: PublishedReference) =>
    r.find({ section: "operator", storage: p.storage, hcpCount: p.clusterCount, replicas: p.replicas, metric })?.value;
  const operatorColumns: Column<ScalePoint>[] = [
    { header: "Operator mem (MiB)", value: v("operator_mem_mi"), format: fmt.auto, reference: operatorRef("operator_mem") },
    { header: "Operator CPU (m)", value: v("operator_cpu_m"), format: fmt.int, reference: operatorRef("operator_cpu") },
    { header: "Max workqueue depth", value: v("op_workqueue_depth_max"), format: fmt.int, reference: operatorRef("workqueue_depth_max") },
  ];

  const presetNames = ["tiny", "small", "medium", "large", "unlimited"];
  const light = input.perf.filter((p) => p.profile === "light" && p.concurrency === 10 && p.replicas === 1);
  const lightStorages = [...new Set(light.map((p) => p.storage))].sort(byStorageOrder(order));
  const lightAt = (storage: string, preset: string) => light.find((p) => p.storage === storage && p.preset === preset);
  const presetRows: Cell[][] = lightStorages.map((storage) => [
    { text: storage },
    ...presetNames.map((preset) =>
      cell(
        lightAt(storage, preset)?.values.write_throughput_ops,
        ref?.find({ section: "light", storage, concurrency: 10, preset, replicas: 1, metric: "write_throughput" })?.value,
        fmt.auto,
      ),
    ),
    cell(
      lightAt(storage, "unlimited")?.values.write_p99_s,
      ref?.find({ section: "light", storage, concurrency: 10, preset: "unlimited", replicas: 1, metric: "write_p99" })?.value,
      fmt.seconds,
    ),
  ]);

  const scaleTable = (id: string, title: string, note: string, columns: Column<ScalePoint>[]): Table => ({
    id,
    title,
    note,
    columns: ["Storage", "HCPs", ...columns.map((c) => c.header)],
    labelColumns: 2,
    rows: buildRows(single, scaleLabels, columns, ref),
  });

  return [
    scaleTable("capacity", "Capacity at 10 / 50 / 100 HCPs", "Readiness from creation to Ready per HCP; CPU and memory at peak. \"Total\" is the HCP and storage pods at their busiest moment together (the peak of the sum; the original bench records none, and adding its HCP and storage peaks would add two moments). \"HCP nodes\" is the HCP pool's machines from their own metrics. ⚠ marks a figure above what the pool's nodes can allocate (the capture's node status, else the default stack's pools by the EKS AMI's kube-reserved rules): no scheduler could have placed it there.", capacityColumns),
    perfTable(
      "create-list",
      "create-list at 1000 clients",
      "Write = creates, read = lists of the fixed-size set; throughput over the active window.",
      sortPerf(perfSlice(input.perf, "create-list", 1000, 1), order),
      [
        { header: "Write ops/s", value: v("write_throughput_ops"), format: fmt.auto, reference: perfRef("create-list", "write_throughput") },
        { header: "Write p99 (s)", value: v("write_p99_s"), format: fmt.seconds, reference: perfRef("create-list", "write_p99") },
        { header: "Read ops/s", value: v("read_throughput_ops"), format: fmt.auto, reference: perfRef("create-list", "read_throughput") },
        { header: "Read p99 (s)", value: v("read_p99_s"), format: fmt.seconds, reference: perfRef("create-list", "read_p99") },
        { header: "Write errors (%)", value: scaled("write_error_rate", 100), format: fmt.pct, reference: perfRef("create-list", "write_error_rate") },
      ],
      ref,
    ),
    perfTable("watch-churn", "watch-churn at 1000 clients", "25 watchers; lag from the write to each watcher's event, deletes included.", sortPerf(perfSlice(input.perf, "watch-churn", 1000, 1), order), watchColumns, ref),
    {
      id: "presets",
      title: "Size presets (light profile, 10 clients): write ops/s",
      note: "CPU / memory limits of the HCP: tiny 250m/512Mi, small 500m/768Mi, medium 1000m/1Gi, large 2000m/2Gi.",
      columns: ["Storage", ...presetNames, "unlimited p99 (s)"],
      labelColumns: 1,
      rows: presetRows,
    },
    perfTable("ha", "HA: watch-churn at 1000 clients with 3 HCP replicas", "kine-sqlite is skipped: its storage cannot be shared by replicas.", sortPerf(perfSlice(input.perf, "watch-churn", 1000, 3), order), watchColumns, ref),
    scaleTable("operator", "Operator", "Peak memory and CPU of the operator while the fleet was created; max workqueue depth of its controllers.", operatorColumns),
    scaleTable("sizing", "Per-HCP sizing", "Peak usage divided by the number of HCPs: what one more HCP costs.", sizingColumns),
    allPointsTable(input.perf, order),
  ];
}

/**
 * Every measured point, whatever its profile, concurrency, preset or replicas:
 * the published tables show only the points the write-up printed, so a run at
 * other settings (a laptop run, a new profile) would otherwise show nothing.
 */
function allPointsTable(points: readonly PerfPoint[], order: readonly string[]): Table {
  const cmp = byStorageOrder(order);
  const sorted = [...points].sort(
    (a, b) => a.profile.localeCompare(b.profile) || cmp(a.storage, b.storage) || a.replicas - b.replicas || a.preset.localeCompare(b.preset) || a.concurrency - b.concurrency || a.ops - b.ops,
  );
  const columns: Column<PerfPoint>[] = [
    { header: "Write ops/s", value: v("write_throughput_ops"), format: fmt.auto },
    { header: "Write p99 (s)", value: v("write_p99_s"), format: fmt.seconds },
    { header: "Read ops/s", value: v("read_throughput_ops"), format: fmt.auto },
    { header: "Read p99 (s)", value: v("read_p99_s"), format: fmt.seconds },
    { header: "Write errors (%)", value: scaled("write_error_rate", 100), format: fmt.pct },
    { header: "Lag p99 (s)", value: v("watch_lag_p99_s"), format: fmt.seconds },
    { header: "Event rate (/s)", value: v("watch_event_rate"), format: fmt.int },
    { header: "Not attempted", value: v("not_attempted"), format: fmt.int },
  ];
  const labels = (p: PerfPoint) => [p.profile, p.storage, String(p.concurrency), String(p.ops), p.preset, String(p.replicas), String(p.runs)];
  return {
    id: "all-points",
    title: "Every measured point",
    note: "One row per profile, storage, clients, ops, preset and replicas; each cell the median across its runs.",
    columns: ["Profile", "Storage", "Clients", "Ops", "Preset", "Replicas", "Runs", ...columns.map((c) => c.header)],
    labelColumns: 7,
    rows: buildRows(sorted, labels, columns, undefined),
  };
}
