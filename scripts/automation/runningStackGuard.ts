import type { Config } from "../../infra/config/schema";
import { backendDescriptor } from "../../infra/names/backends";

/**
 * Why the next up may not run on a stack that is up with `running` settings, or undefined. A backend
 * whose replica count is fixed once the HCP exists (embedded NATS: k0smotron's webhook refuses the
 * change) would otherwise fail halfway through `up`, with the fleet half updated.
 */
export function replicaChangeProblem(stack: string, running: Config, next: Config): string | undefined {
  const backend = backendDescriptor(next.fleet.backend);
  if (!backend.replicasFixedAtCreation || running.fleet.backend !== next.fleet.backend || running.fleet.replicas === next.fleet.replicas) return undefined;
  return (
    `hcpbench:fleet.replicas: stack ${stack} is up with ${running.fleet.replicas} replica(s) per HCP, and ${backend.name} cannot change that on running HCPs ` +
    `(its embedded NATS cluster is sized at creation); keep --set fleet.replicas=${running.fleet.replicas}, or run hcpbench destroy ${stack} first (got ${next.fleet.replicas})`
  );
}
