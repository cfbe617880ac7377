import type { Config } from "../../infra/config/schema";
import { namespaces, poolLabel } from "../../infra/namespaces";
import { poolsFor } from "../../infra/substrate/pools";
import { backendByName } from "../../workloads/backends/registry";
import { samplingScope } from "../../workloads/bench/samplingScope";
import { readinessTimes } from "../../workloads/fleet/readinessTimes";
import type { ManagementApi } from "../../workloads/samplers/managementApi";
import { capacityDir } from "../../infra/names/resultsLayout";
import type { ResultsStore } from "../results/resultsStore";
import { capacityQueries, queryStep, type CapacityQueryName } from "./capacityQueries";
import { capacityResult, scaleCsv, type CapacityResult } from "./capacityResult";
import { listHcpObjects, listNodeNames, listNodes, listPods, parsePrometheusService, promRange, type PrometheusService } from "./clusterReader";
import type { PodSeries } from "./peakUsage";
import { summarizeReadiness } from "./readinessSummary";

export interface CaptureOptions {
  readonly stack: string;
  readonly cfg: Config;
  readonly api: ManagementApi;
  readonly prometheus?: PrometheusService;
  readonly now?: () => Date;
}

/** The pool name of a cluster without pools (existing substrate). */
const wholeCluster = "cluster";

export const defaultPrometheusService: PrometheusService = { namespace: namespaces.monitoring, name: "prometheus-operated", port: "9090" };

/**
 * Capacity of a fleet that is up and Ready (BENCHMARK-SPEC §3 Scale):
 * readiness percentiles from the HCP objects' own timestamps, and peak CPU and
 * memory of HCP pods, storage pods, the operator and the HCP nodes over the
 * creation window, from Prometheus.
 */
export async function captureCapacity(o: CaptureOptions): Promise<CapacityResult> {
  const now = (o.now ?? (() => new Date()))();
  const backend = backendByName(o.cfg.fleet.backend);
  const kind = backend.operator === "kamaji" ? "TenantControlPlane" : "Cluster";
  const prometheus = o.prometheus ?? (process.env.HCPBENCH_PROMETHEUS_SERVICE ? parsePrometheusService(process.env.HCPBENCH_PROMETHEUS_SERVICE) : defaultPrometheusService);

  const readiness = summarizeReadiness(readinessTimes(await listHcpObjects(o.api, kind, namespaces.fleet)));
  const scope = samplingScope(backend);
  const [hcpPods, storageGroups, workerNodes, allNodes] = await Promise.all([
    listPods(o.api, scope.hcp.namespace, scope.hcp.labelSelector),
    Promise.all(scope.storage.map(async (g) => ({ group: g, pods: await listPods(o.api, g.namespace, g.labelSelector) }))),
    o.cfg.substrate === "aws" ? listNodeNames(o.api, `${poolLabel}=hcp`) : Promise.resolve([] as string[]),
    listNodes(o.api),
  ]);
  // On AWS each node carries its pool's label; a cluster you bring is one pool of every node.
  const poolOf = (labels: Readonly<Record<string, string>>) => (o.cfg.substrate === "aws" ? labels[poolLabel] : undefined) ?? wholeCluster;
  const nodes = allNodes.map((n) => ({ name: n.name, pool: poolOf(n.labels), ...(n.allocatable ? { allocatable: n.allocatable } : {}) }));
  const hcpPool = o.cfg.substrate === "aws" ? "hcp" : wholeCluster;
  const podPools = o.cfg.substrate === "aws" ? poolsFor(o.cfg).filter((p) => p !== "control") : [wholeCluster];
  const storagePods = storageGroups.flatMap((g) => g.pods);

  // Pods of one HCP (replicas, its own etcd) add up to one unit, named by the operator's label.
  const units = new Map<string, string>();
  for (const p of hcpPods) if (scope.hcp.unitLabel && p.labels[scope.hcp.unitLabel]) units.set(p.name, p.labels[scope.hcp.unitLabel]);
  for (const { group, pods } of storageGroups) for (const p of pods) if (group.unitLabel && p.labels[group.unitLabel]) units.set(p.name, p.labels[group.unitLabel]);

  const queries = capacityQueries({
    hcp: { namespaces: [scope.hcp.namespace], pods: hcpPods.map((p) => p.name) },
    storage: { namespaces: storageGroups.filter((g) => g.pods.length > 0).map((g) => g.group.namespace), pods: storagePods.map((p) => p.name) },
    operatorNamespace: backend.operator === "kamaji" ? namespaces.kamaji : namespaces.k0smotron,
    workerNodes,
  });
  const endS = Math.floor(now.getTime() / 1000);
  // A minute before the first HCP so the rate() windows cover its start; an hour back when nothing was created.
  const startS = readiness.firstCreatedAt ? Math.floor(Date.parse(readiness.firstCreatedAt) / 1000) - 60 : endS - 3600;
  const step = queryStep(startS, endS);
  const entries = await Promise.all(
    (Object.entries(queries) as [CapacityQueryName, string][]).map(async ([name, q]) => [name, await promRange(o.api, prometheus, q, startS, endS, step)] as const),
  );
  const series: Partial<Record<CapacityQueryName, PodSeries[]>> = Object.fromEntries(entries);

  return capacityResult({
    stack: o.stack,
    sweepId: o.cfg.results.sweepId,
    backend: backend.name,
    hcpCount: o.cfg.fleet.count,
    parallelism: o.cfg.fleet.parallelism,
    replicas: o.cfg.fleet.replicas,
    preset: o.cfg.fleet.preset,
    capturedAt: now.toISOString(),
    window: { start: new Date(startS * 1000).toISOString(), end: now.toISOString() },
    readiness,
    series,
    unitOf: (pod) => units.get(pod),
    // No HCP pods found is a problem worth reporting; no storage pods just means storage lives in the HCP pod.
    skipped: hcpPods.length === 0 ? ["hcpCpuM", "hcpMemMi"] : [],
    separateStorage: storagePods.length > 0,
    nodes,
    hcpPool,
    podPools,
  });
}

/** Writes `capacity/run-1/{capacity.json,scale.csv}` under a stack's folder in each store. */
export async function writeCapacity(result: CapacityResult, stores: readonly ResultsStore[]): Promise<void> {
  for (const store of stores) {
    await store.put(`${capacityDir}/scale.csv`, scaleCsv(result));
    // capacity.json last: it marks the capture as done for a resumed sweep.
    await store.put(`${capacityDir}/capacity.json`, `${JSON.stringify(result, null, 2)}\n`);
  }
}
