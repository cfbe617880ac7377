import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../infra/config/schema";
import { registerKubeObject } from "../../infra/kubernetes/registerKubeObject";
import { namespaces } from "../../infra/namespaces";
import type { Substrate } from "../../infra/substrate/substrate";
import { combinedSkip, defaultFocus, skipListFor, upstreamSkip } from "./suiteSkips";
import { benchLabels } from "../bench/benchLabels";
import { benchRoleBinding } from "../bench/benchRbac";
import type { Fleet, HcpEndpoint } from "../fleet/fleetOutputs";
import type { KubeObject } from "../../infra/kubernetes/kubeObject";
import { conformanceJobManifest, conformanceJobName, conformanceKubeconfigRoles } from "./conformanceJobManifest";

/** The whole sig-api-machinery focus takes well under this on one HCP (about 20 minutes in the lab). */
export const conformanceDeadlineSeconds = 2 * 3600;

/** conformance.json as `hcpbench conformance` writes it, with what is known before the run; the report reads the counts from the JUnit XML. */
export function conformanceResultConfigMap(cfg: Config, stack: string, hcp: HcpEndpoint, focus: string, skip: string, effectiveSkip: string, list: ReturnType<typeof skipListFor>): KubeObject {
  const doc = {
    schemaVersion: 1,
    suite: "kubernetes-e2e",
    suiteVersion: `v${cfg.fleet.kubernetesVersion.replace(/^v/, "")}`,
    storageName: cfg.fleet.backend,
    target: `${stack}/${hcp.name}`,
    focus,
    skip,
    effectiveSkip,
    skipList: { file: `skips/${list.suite}.yaml`, suite: list.suite, entries: list.entries },
    startedAt: "",
    seconds: 0,
    partial: false,
    exitCode: null,
    junit: "junit_01.xml",
  };
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${conformanceJobName(hcp.name, cfg.bench.runToken)}-result`, namespace: namespaces.bench, labels: benchLabels() },
    data: { "conformance.json": `${JSON.stringify(doc, null, 2)}\n` },
  };
}

/**
 * `hcpbench:conformance:Conformance`: one conformance Job per HCP, after the
 * bench (so the suite never runs under load), with the Roles that let the
 * bench service account read each HCP's kubeconfig Secret.
 */
class ConformanceComponent extends pulumi.ComponentResource {
  readonly jobNames: string[];

  constructor(cfg: Config, substrate: Substrate, fleet: Fleet, after: readonly pulumi.Resource[]) {
    super("hcpbench:conformance:Conformance", "conformance", {}, { providers: [substrate.provider] });
    const child = { parent: this };
    const sink = substrate.resultsSink;
    const stack = pulumi.getStack();
    const list = skipListFor(cfg.fleet.kubernetesVersion.replace(/^v?/, "v"));
    const effectiveSkip = combinedSkip(upstreamSkip, list);
    const reg = (obj: KubeObject, opts: pulumi.CustomResourceOptions) => registerKubeObject(obj, { deleteBeforeReplace: true, ...opts }, `${obj.metadata.namespace}-${obj.metadata.name}`);
    const rbac = conformanceKubeconfigRoles(fleet.hcps).flatMap((role) => {
      const r = reg(role, { ...child, dependsOn: [...fleet.ready, ...after] });
      return [r, reg(benchRoleBinding(role), { ...child, dependsOn: [r] })];
    });
    this.jobNames = fleet.hcps.map((hcp) => {
      const cm = conformanceResultConfigMap(cfg, stack, hcp, defaultFocus, upstreamSkip, effectiveSkip, list);
      const cmRes = reg(cm, { ...child, dependsOn: [...after] });
      const job = conformanceJobManifest({
        stack,
        sweepId: cfg.results.sweepId,
        runToken: cfg.bench.runToken,
        hcp,
        kubernetesVersion: cfg.fleet.kubernetesVersion,
        focus: defaultFocus,
        effectiveSkip,
        resultConfigMap: cm.metadata.name,
        results: { bucket: sink.bucket, prefix: sink.prefix, region: sink.region, endpoint: sink.endpoint },
        placement: substrate.placement("control"),
        activeDeadlineSeconds: conformanceDeadlineSeconds,
      });
      reg(job, { ...child, dependsOn: [...fleet.ready, ...after, ...rbac, cmRes] });
      return job.metadata.name;
    });
    this.registerOutputs({ jobs: this.jobNames });
  }
}

export function createConformance(cfg: Config, substrate: Substrate, fleet: Fleet, after: readonly pulumi.Resource[]): { jobNames: readonly string[] } {
  return { jobNames: new ConformanceComponent(cfg, substrate, fleet, after).jobNames };
}
