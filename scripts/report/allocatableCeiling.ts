import { poolAllocatable, type Allocatable } from "../../infra/aws/nodeAllocatable";
import { parseConfig } from "../../infra/config/stackFiles";
import { poolsFor } from "../../infra/substrate/pools";

/** What the nodes under a capacity row could allocate: the HCP pool, and every pool the HCP and storage pods can run on. */
export interface Ceiling {
  readonly hcp?: Allocatable;
  readonly pods?: Allocatable;
}

const fromValues = (values: Readonly<Record<string, number>>, cpu: string, mem: string): Allocatable | undefined =>
  values[cpu] !== undefined && values[mem] !== undefined ? { cpuM: values[cpu], memMi: values[mem] } : undefined;

/**
 * The row's own record of its nodes' allocatable (a capture writes it from the
 * nodes' status), else the default stack's pools for that backend, by the EKS
 * AMI's rules: the write-up's rows and the original bench's CSVs ran on those
 * pools (BENCHMARK-SPEC, "Test-bed": 3 x m5.4xlarge workers, r6i.xlarge
 * database nodes). A backend the registry does not know gets no ceiling.
 */
export function ceilingOf(storage: string, hcpCount: number, values: Readonly<Record<string, number>> = {}): Ceiling {
  const hcp = fromValues(values, "hcp_pool_alloc_cpu_m", "hcp_pool_alloc_mem_mi");
  const pods = fromValues(values, "pods_alloc_cpu_m", "pods_alloc_mem_mi");
  if (hcp && pods) return { hcp, pods };
  let defaults: Ceiling;
  try {
    const cfg = parseConfig({ fleet: { backend: storage, count: hcpCount } });
    const sum = (pools: readonly (keyof typeof cfg.cluster.pools)[]) =>
      pools.map((p) => poolAllocatable(cfg.cluster.pools[p])).reduce((a, b) => ({ cpuM: a.cpuM + b.cpuM, memMi: a.memMi + b.memMi }));
    defaults = { hcp: sum(["hcp"]), pods: sum(poolsFor(cfg).filter((p) => p !== "control")) };
  } catch {
    defaults = {};
  }
  return { hcp: hcp ?? defaults.hcp, pods: pods ?? defaults.pods };
}
