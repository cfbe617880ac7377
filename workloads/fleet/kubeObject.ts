import type * as pulumi from "@pulumi/pulumi";

export type { KubeObject, ObjectMeta } from "../../infra/kubernetes/kubeObject";

/** A value that is a plain string in tests and may be a Pulumi output (often a secret) in the program. */
export type Value = pulumi.Input<string>;

/** Labels on every object the fleet creates, so `kubectl get -l` and the samplers find them. */
export function fleetLabels(backend: string): Record<string, string> {
  return { "app.kubernetes.io/part-of": "hcpbench", "hcpbench.io/backend": backend };
}
