import type * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../../infra/namespaces";
import type { KubeObject } from "../fleet/kubeObject";
import type { BenchJobSpec } from "../loadgen/job/benchJobSpec";
import { benchLabels } from "./benchLabels";
import type { LoadgenBundle } from "./loadgenBundle";

export const matrixFileName = "matrix.json";

/** The Job's matrix, mounted at /etc/hcpbench/matrix.json. One per run token, so each Job reads its own. */
export function matrixConfigMap(runToken: string, spec: BenchJobSpec): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `bench-${runToken}-matrix`, namespace: namespaces.bench, labels: benchLabels({ "hcpbench.io/run-token": runToken }) },
    data: { [matrixFileName]: `${JSON.stringify(spec, null, 2)}\n` },
  };
}

/**
 * The bundled load generator. Named by the code's hash: new code is a new ConfigMap, and the Job
 * that mounts it is replaced, while an unchanged bundle leaves everything in place.
 */
export function loadgenCodeConfigMap(bundle: LoadgenBundle): KubeObject {
  const payload = bundle.gzipped ? { binaryData: { [bundle.fileName]: bundle.bytes.toString("base64") } } : { data: { [bundle.fileName]: bundle.bytes.toString("utf8") } };
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `hcpbench-loadgen-${bundle.sha256.slice(0, 12)}`,
      namespace: namespaces.bench,
      labels: benchLabels(),
      annotations: { "hcpbench.io/sha256": bundle.sha256 },
    },
    // Never changed in place: a running Job keeps the code it started with.
    immutable: true,
    ...payload,
  };
}

export const resultsCredentialsSecretName = "hcpbench-results-credentials";

/** MinIO's keys for the Job (existing substrate only; on AWS, IRSA needs none). */
export function resultsCredentialsSecret(credentials: { accessKey: pulumi.Input<string>; secretKey: pulumi.Input<string> }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: resultsCredentialsSecretName, namespace: namespaces.bench, labels: benchLabels() },
    type: "Opaque",
    stringData: { AWS_ACCESS_KEY_ID: credentials.accessKey, AWS_SECRET_ACCESS_KEY: credentials.secretKey },
  };
}
