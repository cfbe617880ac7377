/** Object metadata as hcpbench sets it: names are always known at plan time, so resources can be registered before anything resolves. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** Upstream manifests (k0smotron's) carry other metadata fields through unchanged. */
  readonly [field: string]: unknown;
}

/**
 * A Kubernetes object exactly as a pure builder returns it and it will be
 * submitted, in every layer (substrate, platform, fleet, bench). Leaves may be
 * Pulumi inputs (a storage class created by the substrate, a URL that embeds
 * a generated password); tests call the builders with plain values.
 */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}
