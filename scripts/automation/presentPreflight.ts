import type { Config } from "../../infra/config/schema";
import { InputError } from "../../infra/names/inputError";
import { platformPieces } from "../../infra/platform/platformPieces";
import { presentComponents, type PresentRequirement } from "../../infra/platform/presentComponents";
import { kubeconfigPath, readKubeconfig, withCurrentContext } from "../../infra/substrate/existing/kubeconfigSource";

/** Reads one required object from the cluster: undefined when it is there as required, else what is missing. */
export type RequirementCheck = (req: PresentRequirement) => Promise<string | undefined>;

export function describeRequirement(req: PresentRequirement): string {
  return "namespace" in req ? `${req.kind} ${req.namespace}/${req.name}` : `${req.kind} ${req.name}`;
}

/**
 * One line per `present` component whose promise the cluster does not keep,
 * naming the setting and everything missing, so the user either installs it
 * or lets hcpbench do so.
 */
export async function presentComponentProblems(stack: string, cfg: Config, check: RequirementCheck): Promise<string[]> {
  const problems: string[] = [];
  for (const { component, requires } of presentComponents(cfg, platformPieces(cfg, { kind: "minio" }))) {
    const missing: string[] = [];
    for (const req of requires) {
      const gap = await check(req);
      if (gap) missing.push(gap);
    }
    if (missing.length > 0) {
      problems.push(`stack ${stack}: hcpbench:platform.components.${component} is "present" but the cluster lacks ${missing.join("; ")}; install it there or set platform.components.${component}=install`);
    }
  }
  return problems;
}

/** Checks through @kubernetes/client-node, read-only: CRDs, APIServices, Namespaces, Services and the keys of Secrets. */
export async function kubeRequirementCheck(kubeconfig: string): Promise<RequirementCheck> {
  // Loaded only here: the client takes a second and a half to import.
  const { ApiException, ApiextensionsV1Api, ApiregistrationV1Api, CoreV1Api, KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const crds = kc.makeApiClient(ApiextensionsV1Api);
  const apiServices = kc.makeApiClient(ApiregistrationV1Api);
  const absent = async (read: () => Promise<unknown>): Promise<boolean> => {
    try {
      await read();
      return false;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return true;
      throw err;
    }
  };
  return async (req) => {
    const missing = describeRequirement(req);
    switch (req.kind) {
      case "CustomResourceDefinition":
        return (await absent(() => crds.readCustomResourceDefinition({ name: req.name }))) ? missing : undefined;
      case "APIService":
        return (await absent(() => apiServices.readAPIService({ name: req.name }))) ? missing : undefined;
      case "Namespace":
        return (await absent(() => core.readNamespace({ name: req.name }))) ? missing : undefined;
      case "Service":
        return (await absent(() => core.readNamespacedService({ namespace: req.namespace, name: req.name }))) ? missing : undefined;
      case "Secret": {
        let data: Record<string, string> | undefined;
        if (await absent(async () => (data = (await core.readNamespacedSecret({ namespace: req.namespace, name: req.name })).data ?? {}))) return missing;
        const keys = req.keys.filter((k) => data?.[k] === undefined);
        return keys.length > 0 ? `keys ${keys.join(", ")} of ${missing}` : undefined;
      }
    }
  };
}

/** The kubeconfig a cluster-you-bring stack names, and its text with the stack's context current (none when the file is missing). */
function stackKubeconfig(cfg: Config): { file: string; text?: string } {
  const file = kubeconfigPath(cfg.existing.kubeconfig);
  const text = readKubeconfig(file);
  return { file, ...(text === undefined ? {} : { text: withCurrentContext(text, cfg.existing.context) }) };
}

/**
 * Before `up` on a cluster you bring: reads the cluster the stack's kubeconfig
 * and context point at, and refuses (exit 2) when a component set to
 * `present` is not there. Nothing to read when no component is present.
 */
export async function assertPresentComponents(stack: string, cfg: Config): Promise<void> {
  if (cfg.substrate !== "existing" || presentComponents(cfg, platformPieces(cfg, { kind: "minio" })).length === 0) return;
  const { file, text } = stackKubeconfig(cfg);
  if (text === undefined) throw new InputError(`stack ${stack}: hcpbench:existing.kubeconfig: no kubeconfig at ${file}, so the components set to "present" cannot be checked`);
  const check = await kubeRequirementCheck(text);
  let problems: string[];
  try {
    problems = await presentComponentProblems(stack, cfg, check);
  } catch (err) {
    throw new InputError(`stack ${stack}: hcpbench:existing.context: cannot read the cluster to check the components set to "present": ${(err as Error).message.split("\n")[0]}`);
  }
  if (problems.length > 0) throw new InputError(problems);
}

/**
 * APIServices the cluster cannot reach, one line each with the aggregator's
 * reason. While one is unavailable, API discovery fails and Kubernetes' own
 * namespace controller keeps every deleted namespace in Terminating
 * (NamespaceDeletionDiscoveryFailure, seen on the local cluster with a
 * metrics APIService and no metrics-server), so a `destroy` would wait on them.
 */
export async function unavailableApiServices(kubeconfig: string): Promise<string[]> {
  const { ApiregistrationV1Api, KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const list = await kc.makeApiClient(ApiregistrationV1Api).listAPIService();
  return list.items.flatMap((s) => {
    const available = s.status?.conditions?.find((c) => c.type === "Available");
    return available?.status === "True" ? [] : [`APIService ${s.metadata?.name} is unavailable (${available?.message ?? "no Available condition yet"})`];
  });
}

/**
 * On a cluster you bring, before `up` and `destroy`: a warning per unavailable
 * APIService and what it does to namespace deletion. Never fails the command:
 * a cluster it cannot read gets no warning.
 */
export async function warnUnavailableApiServices(stack: string, cfg: Config, warn: (line: string) => void): Promise<void> {
  if (cfg.substrate !== "existing") return;
  const { text } = stackKubeconfig(cfg);
  if (text === undefined) return;
  const lines = await unavailableApiServices(text).catch(() => []);
  for (const line of lines) {
    warn(`hcpbench: warning: stack ${stack}: ${line}; while it is, Kubernetes cannot finish deleting any namespace, so a destroy waits on them: fix or delete it first`);
  }
}
