import * as crypto from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../infra/config/schema";
import { namespaces } from "../../infra/namespaces";
import type { Substrate } from "../../infra/substrate/substrate";
import { registerKubeObject } from "../../infra/kubernetes/registerKubeObject";
import type { Fleet } from "../fleet/fleetOutputs";
import type { KubeObject } from "../fleet/kubeObject";
import { loadgenCodeConfigMap, matrixConfigMap, matrixFileName, resultsCredentialsSecret } from "./benchConfigObjects";
import { benchResources } from "./benchImage";
import { benchJobManifest } from "./benchJobManifest";
import { buildBenchJobSpec } from "./benchJobSpecBuilder";
import { benchLabels } from "./benchLabels";
import { benchRoleBinding, benchRoles, benchServiceAccountObject } from "./benchRbac";
import { loadgenBundle } from "./loadgenBundle";
import { jobDeadlineSeconds } from "./pointBudget";

export interface Bench {
  readonly jobNames: readonly string[];
  /** The component: what runs after the bench (the conformance Jobs) depends on it. */
  readonly component: pulumi.Resource;
}

export function benchNamespace(): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespaces.bench, labels: benchLabels() } };
}

/** Bench objects are named `<namespace>-<name>` in plans; each has a fixed name, so a replacement deletes the old one first. */
function register(obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const name = obj.metadata.namespace ? `${obj.metadata.namespace}-${obj.metadata.name}` : obj.metadata.name;
  return registerKubeObject(obj, { deleteBeforeReplace: true, ...opts }, name);
}

/**
 * `hcpbench:bench:Bench`: the bench Job of one stack and run token, with its namespace, service
 * account, least-privilege RBAC, matrix, bundled code and (MinIO only) results credentials. It
 * registers only what the builders return; the Job starts once every HCP is Ready. Pulumi does
 * not wait for it (`pulumi.com/skipAwait`): `pulumi up` ends once the Job exists, and nothing in
 * the program reads its status, so no AWS session has to last the bench.
 */
class BenchComponent extends pulumi.ComponentResource {
  readonly jobName: string;

  constructor(cfg: Config, substrate: Substrate, fleet: Fleet) {
    super("hcpbench:bench:Bench", "bench", {}, { providers: [substrate.provider] });
    const child = { parent: this };
    const sink = substrate.resultsSink;
    const spec = buildBenchJobSpec(cfg, fleet.hcps);
    const bundle = loadgenBundle();
    const runToken = cfg.bench.runToken;
    const deadline = jobDeadlineSeconds(spec);

    // On the substrate, so destroy removes it before the nodes and add-ons.
    const ns = register(benchNamespace(), { ...child, dependsOn: substrate.ready });
    const inNs = { ...child, dependsOn: [ns] };
    const sa = register(benchServiceAccountObject(sink.serviceAccountAnnotations), inNs);
    // Roles live in the fleet and data namespaces, which exist once the fleet is Ready.
    const rbac = benchRoles(spec).flatMap((role) => {
      const r = register(role, { ...child, dependsOn: fleet.ready });
      return [r, register(benchRoleBinding(role), { ...child, dependsOn: [r, sa] })];
    });
    const matrixObject = matrixConfigMap(runToken, spec);
    const codeObject = loadgenCodeConfigMap(bundle);
    const matrix = register(matrixObject, inNs);
    const code = register(codeObject, inNs);
    const secret = sink.credentials
      ? [register(resultsCredentialsSecret({ accessKey: pulumi.secret(sink.credentials.accessKey), secretKey: pulumi.secret(sink.credentials.secretKey) }), inNs)]
      : [];

    const job = benchJobManifest({
      stack: pulumi.getStack(),
      runToken,
      sweepId: cfg.results.sweepId,
      results: { bucket: sink.bucket, prefix: sink.prefix, region: sink.region, endpoint: sink.endpoint },
      placement: substrate.placement("control"),
      resources: benchResources(cfg),
      activeDeadlineSeconds: deadline,
      matrixConfigMap: matrixObject.metadata.name,
      matrixSha256: crypto.createHash("sha256").update((matrixObject.data as Record<string, string>)[matrixFileName]).digest("hex"),
      codeConfigMap: codeObject.metadata.name,
      bundle,
      shards: cfg.bench.shards,
    });
    register(job, { ...child, dependsOn: [...fleet.ready, ns, sa, ...rbac, matrix, code, ...secret] });
    this.jobName = job.metadata.name;
    this.registerOutputs({ job: this.jobName });
  }
}

export function createBench(cfg: Config, substrate: Substrate, fleet: Fleet): Bench {
  // The schema requires at least one HCP, so an empty fleet is a broken fleet layer, not a setting.
  if (fleet.hcps.length === 0) throw new Error("bench: the fleet has no HCPs to load");
  const component = new BenchComponent(cfg, substrate, fleet);
  return { jobNames: [component.jobName], component };
}
