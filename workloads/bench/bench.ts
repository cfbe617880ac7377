import * as crypto from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../infra/config/schema";
import { namespaces } from "../../infra/namespaces";
import type { Substrate } from "../../infra/substrate/substrate";
import type { Fleet } from "../fleet/fleetOutputs";
import type { KubeObject } from "../fleet/kubeObject";
import { loadgenCodeConfigMap, matrixConfigMap, matrixFileName, resultsCredentialsSecret } from "./benchConfigObjects";
import { benchResources } from "./benchImage";
import { benchJobManifest } from "./benchJobManifest";
import { buildBenchJobSpec } from "./benchJobSpecBuilder";
import { benchLabels } from "./benchLabels";
import { benchRoleBinding, benchRoles, benchServiceAccountObject } from "./benchRbac";
import { loadgenBundle } from "./loadgenBundle";
import { jobDeadlineSeconds, terminationGraceSeconds } from "./pointBudget";

export interface Bench {
  readonly jobNames: readonly string[];
}

export function benchNamespace(): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespaces.bench, labels: benchLabels() } };
}

/** Registers a built object as its typed Pulumi resource (real type tokens in plans and state). */
function register(obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion, kind, ...rest } = obj;
  const name = obj.metadata.namespace ? `${obj.metadata.namespace}-${obj.metadata.name}` : obj.metadata.name;
  // Every object has a fixed name, so a replacement must delete the old one first.
  const o = { deleteBeforeReplace: true, ...opts };
  switch (`${apiVersion}/${kind}`) {
    case "v1/Namespace":
      return new k8s.core.v1.Namespace(name, rest as k8s.core.v1.NamespaceArgs, o);
    case "v1/ServiceAccount":
      return new k8s.core.v1.ServiceAccount(name, rest as k8s.core.v1.ServiceAccountArgs, o);
    case "v1/ConfigMap":
      return new k8s.core.v1.ConfigMap(name, rest as k8s.core.v1.ConfigMapArgs, o);
    case "v1/Secret":
      return new k8s.core.v1.Secret(name, rest as k8s.core.v1.SecretArgs, o);
    case "rbac.authorization.k8s.io/v1/Role":
      return new k8s.rbac.v1.Role(name, rest as k8s.rbac.v1.RoleArgs, o);
    case "rbac.authorization.k8s.io/v1/RoleBinding":
      return new k8s.rbac.v1.RoleBinding(name, rest as unknown as k8s.rbac.v1.RoleBindingArgs, o);
    case "batch/v1/Job":
      return new k8s.batch.v1.Job(name, rest as k8s.batch.v1.JobArgs, o);
    default:
      throw new Error(`bench: no resource class for ${apiVersion} ${kind}`);
  }
}

/**
 * `hcpbench:bench:Bench`: the bench Job of one stack and run token, with its namespace, service
 * account, least-privilege RBAC, matrix, bundled code and (MinIO only) results credentials. It
 * registers only what the builders return; the Job starts once every HCP is Ready and Pulumi
 * waits for it to complete, so `pulumi up` ends when the bench has.
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

    const ns = register(benchNamespace(), child);
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
    });
    // Pulumi's Job await defaults to 10 minutes; the bench may legitimately take its whole deadline.
    const awaitFor = `${deadline + terminationGraceSeconds + 600}s`;
    register(job, {
      ...child,
      dependsOn: [...fleet.ready, ns, sa, ...rbac, matrix, code, ...secret],
      customTimeouts: { create: awaitFor, update: awaitFor },
    });
    this.jobName = job.metadata.name;
    this.registerOutputs({ job: this.jobName });
  }
}

export function createBench(cfg: Config, substrate: Substrate, fleet: Fleet): Bench {
  // The schema requires at least one HCP, so an empty fleet is a broken fleet layer, not a setting.
  if (fleet.hcps.length === 0) throw new Error("bench: the fleet has no HCPs to load");
  const component = new BenchComponent(cfg, substrate, fleet);
  return { jobNames: [component.jobName] };
}
