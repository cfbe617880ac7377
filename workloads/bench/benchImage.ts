import type { Config } from "../../infra/config/schema";

/**
 * The stock Node image the bench Job runs the bundled load generator in: no image of our own to
 * build or host. Pinned to an exact release; pinning by digest as well needs a registry lookup
 * when the tag is bumped.
 */
export const benchImage = "docker.io/library/node:22.12.0-bookworm-slim";

/** UID/GID of the `node` user in the official image. */
export const benchUid = 1000;

export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

/**
 * Sized so the client is never the bottleneck: Node runs the load on one event-loop thread, with
 * TLS, gzip and GC on others, so 2 dedicated cores keep the loop free at 1,000 clients and 25
 * watchers; HDR histograms and 10,000 in-flight objects fit well inside 2 GiB. No CPU limit: CFS
 * throttling would add client-side latency to the very numbers being measured. The existing
 * substrate may be a laptop cluster, so it asks for less but is equally unthrottled.
 */
export function benchResources(cfg: Pick<Config, "substrate">): ContainerResources {
  return cfg.substrate === "aws"
    ? { requests: { cpu: "2", memory: "2Gi" }, limits: { memory: "4Gi" } }
    : { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } };
}

/** V8 heap ceiling: three quarters of the memory limit, leaving room for buffers and sockets. */
export function nodeHeapMiB(resources: ContainerResources): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(resources.limits.memory);
  if (!m) throw new Error(`benchResources: memory limit ${resources.limits.memory} must be in Mi or Gi`);
  const mib = Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
  return Math.floor(mib * 0.75);
}
