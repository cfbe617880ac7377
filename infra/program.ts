import * as pulumi from "@pulumi/pulumi";
import type { Config } from "./config/schema";
import { createAwsSubstrate } from "./substrate/aws/awsSubstrate";
import { createExistingSubstrate } from "./substrate/existing/existingSubstrate";
import { createPlatform } from "./platform/platform";
import { createFleet } from "../workloads/fleet/fleet";
import { createBench } from "../workloads/bench/bench";
import { createConformance } from "../workloads/conformance/conformanceJobs";

/**
 * The whole test-bed for one stack: substrate -> platform -> fleet -> bench.
 * Each layer sees only the config and the layer below it. Exported as a
 * function (not run at import) so the mock engine and `pulumi up` alike call it.
 */
export async function hcpbenchProgram(cfg: Config): Promise<Record<string, pulumi.Input<unknown>>> {
  const substrate = cfg.substrate === "aws" ? createAwsSubstrate(cfg) : createExistingSubstrate(cfg);
  const platform = createPlatform(cfg, substrate);
  const fleet = createFleet(cfg, substrate, platform);
  const bench = cfg.bench.enabled ? createBench(cfg, substrate, fleet) : undefined;
  const conformance = bench && cfg.bench.conformance ? createConformance(cfg, substrate, fleet, [bench.component]) : undefined;

  return {
    backend: cfg.fleet.backend,
    hcpCount: cfg.fleet.count,
    kubeconfig: pulumi.secret(substrate.kubeconfig),
    results: {
      kind: substrate.resultsSink.kind,
      bucket: substrate.resultsSink.bucket,
      prefix: substrate.resultsSink.prefix,
      region: substrate.resultsSink.region,
      endpoint: substrate.resultsSink.endpoint ?? "",
      sweepId: cfg.results.sweepId,
    },
    hcps: fleet.hcps.map((h) => ({ name: h.name, namespace: h.namespace, kind: h.kind, apiServerUrl: h.apiServerUrl })),
    benchJobs: bench?.jobNames ?? [],
    conformanceJobs: conformance?.jobNames ?? [],
  };
}
