import type { Placement } from "../../substrate/substrate";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";

/**
 * metrics-server: the resource samplers read pod CPU and memory from the
 * metrics API. On a cluster you bring (kind, k3d) kubelets serve self-signed
 * certificates no CA vouches for, so only there is kubelet TLS left unverified;
 * on EKS it is verified.
 */
export function metricsServerRelease(placement: Placement, opts: { verifyKubeletTls: boolean }): HelmReleaseSpec {
  return {
    name: "metrics-server",
    namespace: "kube-system",
    ...charts.metricsServer,
    timeoutSeconds: 300,
    values: {
      args: opts.verifyKubeletTls ? [] : ["--kubelet-insecure-tls"],
      resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { memory: "1Gi" } },
      ...placementValues(placement),
    },
  };
}
