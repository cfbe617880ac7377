import type { InstanceTypeName } from "../aws/catalog";
import type { Config } from "../config/schema";
import { poolLabel } from "../namespaces";
import type { PlannedResource } from "../plan/evaluate";
import { emptyBill, type Bill, type NodeLine, type VolumeLine } from "./bill";
import { kubernetesObjectsOf } from "../plan/kubernetesObjects";
import { storageGiB } from "./storageQuantity";

/**
 * The bill of a planned test-bed, read from the resources the program
 * registered: managed node groups (type, size, root volume from their launch
 * template), the EKS cluster, NAT gateways, Elastic IPs, KMS keys, and every
 * EBS-backed volume the plan claims: PersistentVolumeClaims, StatefulSet
 * volumeClaimTemplates (times replicas), and storage requests written into
 * Helm values or custom resources' specs (`{storageClass[Name], size}` or a
 * claim spec), times the nearest `replicas`/`replicaCount` written above them.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const get = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);

interface EbsClass {
  readonly type: "io2" | "gp3";
  readonly iops: number;
}

/** EBS CSI storage classes of the plan, by name. */
function ebsClasses(resources: readonly PlannedResource[]): Map<string, EbsClass> {
  const classes = new Map<string, EbsClass>();
  for (const r of resources) {
    if (r.type !== "kubernetes:storage.k8s.io/v1:StorageClass" || r.inputs.provisioner !== "ebs.csi.aws.com") continue;
    const type = get(r.inputs, "parameters", "type");
    const name = get(r.inputs, "metadata", "name");
    if ((type === "io2" || type === "gp3") && typeof name === "string") {
      classes.set(name, { type, iops: type === "io2" ? Number(get(r.inputs, "parameters", "iops") ?? 0) : 0 });
    }
  }
  return classes;
}

function nodeLines(resources: readonly PlannedResource[]): NodeLine[] {
  const byId = new Map(resources.map((r) => [`${r.name}-id`, r]));
  return resources
    .filter((r) => r.type === "eks:index:ManagedNodeGroup")
    .map((r) => {
      const template = byId.get(String(get(r.inputs, "launchTemplate", "id")));
      const mappings = get(template?.inputs, "blockDeviceMappings");
      const root = Array.isArray(mappings) ? Number(get(mappings[0], "ebs", "volumeSize") ?? 0) : 0;
      const types = get(r.inputs, "instanceTypes");
      return {
        pool: String(get(r.inputs, "labels", poolLabel) ?? r.name),
        instanceType: (Array.isArray(types) ? types[0] : "") as InstanceTypeName,
        count: Number(get(r.inputs, "scalingConfig", "desiredSize") ?? 0),
        // EKS's default root volume when a node group brings no launch template.
        rootVolumeGiB: template ? root : 20,
      };
    });
}

/** A claim spec (`storageClassName` + `resources.requests.storage`) or a chart's persistence block (`storageClass` + `size`). */
function embeddedRequest(o: Obj): { className: string; sizeGiB: number } | undefined {
  const className = o.storageClassName ?? o.storageClass;
  const size = storageGiB(get(o, "resources", "requests", "storage") ?? o.size);
  return typeof className === "string" && size !== undefined ? { className, sizeGiB: size } : undefined;
}

/** A replica count written next to (or above) a storage request: each replica gets its own volume. */
function replicaCount(o: Obj): number | undefined {
  const n = o.replicas ?? o.replicaCount;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Visits every object, with the nearest enclosing replica count (1 when none is written). */
function walk(value: unknown, visit: (o: Obj, replicas: number) => void, replicas = 1): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit, replicas);
  else if (isObj(value)) {
    const here = replicaCount(value) ?? replicas;
    visit(value, here);
    for (const v of Object.values(value)) walk(v, visit, here);
  }
}

/** Built-in API groups, whose kinds claim volumes only through PVCs and StatefulSets (read directly). */
function isBuiltInApi(apiVersion: unknown): boolean {
  return typeof apiVersion === "string" && /^(v1|(apps|batch|policy|autoscaling)\/[a-z0-9]+|[a-z.]*\.k8s\.io\/[a-z0-9]+)$/.test(apiVersion);
}

interface VolumeFind {
  /** `StatefulSet hcpbench-data`, `Helm release`, `Cluster hcpbench-fleet`. */
  readonly group: string;
  readonly name: string;
  readonly type: "io2" | "gp3";
  readonly sizeGiB: number;
  readonly iops: number;
  readonly count: number;
}

function findVolumes(resources: readonly PlannedResource[], classes: Map<string, EbsClass>): VolumeFind[] {
  const finds: VolumeFind[] = [];
  const add = (kind: string, ns: unknown, name: string, className: unknown, size: number | undefined, count: number) => {
    const cls = typeof className === "string" ? classes.get(className) : undefined;
    if (!cls || size === undefined || count <= 0) return;
    finds.push({ group: typeof ns === "string" ? `${kind} ${ns}` : kind, name, type: cls.type, sizeGiB: size, iops: cls.iops, count });
  };
  const claimSize = (spec: unknown) => storageGiB(get(spec, "resources", "requests", "storage"));
  for (const r of resources) {
    if (r.type === "kubernetes:helm.sh/v3:Release") {
      // Charts create the claims themselves; their values say how big, on which class, how many replicas.
      walk(r.inputs.values, (o, replicas) => {
        const req = embeddedRequest(o);
        if (req) add("Helm release", r.inputs.namespace, String(r.inputs.name ?? r.name), req.className, req.sizeGiB, replicas);
      });
      continue;
    }
    for (const obj of kubernetesObjectsOf(r)) {
      const kind = String(obj.kind);
      const ns = get(obj, "metadata", "namespace");
      const name = String(get(obj, "metadata", "name") ?? r.name);
      if (kind === "PersistentVolumeClaim" && obj.apiVersion === "v1") {
        add(kind, ns, name, get(obj, "spec", "storageClassName"), claimSize(obj.spec), 1);
      } else if (kind === "StatefulSet" && obj.apiVersion === "apps/v1") {
        const templates = get(obj, "spec", "volumeClaimTemplates");
        const replicas = Number(get(obj, "spec", "replicas") ?? 1);
        for (const t of Array.isArray(templates) ? templates : []) add(kind, ns, name, get(t, "spec", "storageClassName"), claimSize(get(t, "spec")), replicas);
      } else if (!isBuiltInApi(obj.apiVersion)) {
        // Operators (k0smotron, Kamaji) create the claims their custom resources ask for.
        walk(obj.spec, (o, replicas) => {
          const req = embeddedRequest(o);
          if (req) add(kind, ns, name, req.className, req.sizeGiB, replicas);
        });
      }
    }
  }
  return finds;
}

/** One line per (owner kind and namespace, volume shape): 100 per-HCP volumes become one line. */
function volumeLines(finds: readonly VolumeFind[]): VolumeLine[] {
  const groups = new Map<string, { find: VolumeFind; names: string[]; count: number }>();
  for (const f of finds) {
    const key = [f.group, f.type, f.sizeGiB, f.iops].join("|");
    const g = groups.get(key) ?? { find: f, names: [], count: 0 };
    g.names.push(f.name);
    g.count += f.count;
    groups.set(key, g);
  }
  return [...groups.values()].map(({ find, names, count }) => ({
    owner: names.length === 1 ? `${find.group}/${names[0]}` : `${find.group}/${names[0]} … ${names[names.length - 1]}`,
    type: find.type,
    sizeGiB: find.sizeGiB,
    iops: find.iops,
    count,
  }));
}

export function billFromResources(cfg: Config, resources: readonly PlannedResource[]): Bill {
  // On a cluster you bring, hcpbench creates nothing billable of its own.
  if (cfg.substrate === "existing") return emptyBill(cfg.aws.region);
  const count = (type: string) => resources.filter((r) => r.type === type).length;
  return {
    region: cfg.aws.region,
    nodes: nodeLines(resources),
    volumes: volumeLines(findVolumes(resources, ebsClasses(resources))),
    eksClusters: count("eks:index:Cluster"),
    natGateways: count("aws:ec2/natGateway:NatGateway"),
    publicIpv4Addresses: count("aws:ec2/eip:Eip"),
    kmsKeys: count("aws:kms/key:Key"),
  };
}
