import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The values of a Secret the cluster already has (a `present` component's
 * login), read into the stack as Pulumi secrets: `Secret.get` registers a read,
 * not an object, so `destroy` leaves the Secret alone. The preflight has
 * checked every key is there; a missing one still fails the read loudly.
 */
export function existingSecretValues<K extends string>(
  namespace: string,
  name: string,
  keys: readonly K[],
  opts: { provider: pulumi.ProviderResource; parent: pulumi.Resource },
): Record<K, pulumi.Output<string>> {
  const secret = k8s.core.v1.Secret.get(`present-${namespace}-${name}`, `${namespace}/${name}`, opts);
  const value = (key: K) =>
    pulumi.secret(
      secret.data.apply((data) => {
        const encoded = data?.[key];
        if (encoded === undefined) throw new Error(`Secret ${namespace}/${name} has no key ${key}`);
        return Buffer.from(encoded, "base64").toString("utf8");
      }),
    );
  return Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K, pulumi.Output<string>>;
}
