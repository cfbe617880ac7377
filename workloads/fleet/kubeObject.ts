import type * as pulumi from "@pulumi/pulumi";

/** Object metadata as hcpbench sets it: names are always known at plan time, so resources can be registered before anything resolves. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * A Kubernetes object exactly as it will be submitted. Leaves may be Pulumi
 * inputs (a storage class created by the substrate, a URL that embeds a
 * generated password); tests call the builders with plain values.
 */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** A value that is a plain string in tests and may be a Pulumi output (often a secret) in the program. */
export type Value = pulumi.Input<string>;

/** Labels on every object the fleet creates, so `kubectl get -l` and the samplers find them. */
export function fleetLabels(backend: string): Record<string, string> {
  return { "app.kubernetes.io/part-of": "hcpbench", "hcpbench.io/backend": backend };
}
