// PLACEHOLDER (scaffolding, replaced by the substrate work): lets the program run end to end under mocks.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import type { Substrate } from "../substrate";
export function createAwsSubstrate(cfg: Config): Substrate {
  const provider = new k8s.Provider("aws-k8s", { kubeconfig: "{}" });
  return {
    provider,
    placement: () => ({ nodeSelector: {}, tolerations: [] }),
    storageClasses: { database: "io2", general: "gp3" },
    resultsSink: { kind: "s3", bucket: "b", prefix: cfg.results.prefix, region: cfg.aws.region, serviceAccountAnnotations: {} },
    kubeconfig: pulumi.output("{}"),
    ready: [],
  };
}
