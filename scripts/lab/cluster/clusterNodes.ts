import type { V1Node } from "@kubernetes/client-node";
import { instanceTypes, type InstanceTypeName } from "../../../infra/aws/catalog";
import { eniMaxPods, nodeAllocatable } from "../../../infra/aws/nodeAllocatable";
import { configSchema, poolNames, type PoolName } from "../../../infra/config/schema";
import { poolLabels, poolTaints } from "../../../infra/substrate/pools";

/**
 * The local cluster's fake nodes: one Node object per node of each AWS pool,
 * with the pool's label and taint (infra/substrate/pools.ts, the same module
 * the node groups read) and the allocatable an EKS node of the pool's
 * instance type leaves to pods, so the real scheduler places and refuses pods
 * as it would on AWS. kwok manages the nodes that carry its annotation.
 */

/** kwok is started with --manage-nodes-with-annotation-selector on this, so it never touches a node it did not get. */
export const kwokNodeAnnotation = { key: "kwok.x-k8s.io/node", value: "fake" } as const;

export interface PoolShape {
  readonly instanceType: InstanceTypeName;
  readonly count: number;
}

/** Every pool as an AWS stack builds it by default (cluster.pools' defaults). */
export function defaultPoolShapes(): Record<PoolName, PoolShape> {
  const pools = configSchema.shape.cluster.parse({}).pools;
  return Object.fromEntries(poolNames.map((p) => [p, { instanceType: pools[p].instanceType, count: pools[p].count }])) as Record<PoolName, PoolShape>;
}

/** With `nodes`, that many nodes in every pool; otherwise the AWS defaults. */
export function poolShapes(nodes?: number): Record<PoolName, PoolShape> {
  const shapes = defaultPoolShapes();
  if (nodes === undefined) return shapes;
  return Object.fromEntries(poolNames.map((p) => [p, { ...shapes[p], count: nodes }])) as Record<PoolName, PoolShape>;
}

export function kwokNodeName(pool: PoolName, index: number): string {
  return `kwok-${pool}-${index}`;
}

export function kwokNode(pool: PoolName, index: number, instanceType: InstanceTypeName): V1Node {
  const name = kwokNodeName(pool, index);
  const alloc = nodeAllocatable(instanceType);
  const shape = instanceTypes[instanceType];
  const pods = String(eniMaxPods[instanceType]);
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: { [kwokNodeAnnotation.key]: kwokNodeAnnotation.value },
      labels: {
        ...poolLabels(pool),
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "node.kubernetes.io/instance-type": instanceType,
        type: "kwok",
      },
    },
    spec: { taints: poolTaints(pool).map((t) => ({ key: t.key, value: t.value, effect: t.effect })) },
    status: {
      capacity: { cpu: String(shape.vcpu), memory: `${shape.memoryGiB * 1024}Mi`, pods },
      allocatable: { cpu: `${alloc.cpuM}m`, memory: `${alloc.memMi}Mi`, pods },
    },
  };
}

export function kwokNodes(shapes: Readonly<Record<PoolName, PoolShape>>): V1Node[] {
  return poolNames.flatMap((pool) => Array.from({ length: shapes[pool].count }, (_, i) => kwokNode(pool, i + 1, shapes[pool].instanceType)));
}
