/** A PersistentVolume still in the cluster, as a destroy message names it. */
export interface LeftoverVolume {
  readonly name: string;
  readonly storageClass: string;
  /** namespace/name of the claim it was bound to, when it was. */
  readonly claim?: string;
  readonly phase?: string;
}

export interface PersistentVolumeList {
  items: { metadata: { name: string }; spec?: { storageClassName?: string; claimRef?: { namespace?: string; name?: string } }; status?: { phase?: string } }[];
}

/** The PVs of the given storage classes (the stack's own) in a PV list. */
export function leftoverVolumes(list: PersistentVolumeList, storageClasses: readonly string[]): LeftoverVolume[] {
  return list.items
    .filter((pv) => storageClasses.includes(pv.spec?.storageClassName ?? ""))
    .map((pv) => ({
      name: pv.metadata.name,
      storageClass: pv.spec!.storageClassName!,
      claim: pv.spec?.claimRef?.name ? `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : undefined,
      phase: pv.status?.phase,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface DrainTiming {
  readonly timeoutMs: number;
  readonly pollMs: number;
}

/**
 * Waits until every PV of the stack's classes is gone. A claim's volume is deleted by its
 * provisioner (the EBS CSI driver, the local-path provisioner) only after the claim's namespace
 * went, asynchronously; removing the provisioner first would leave the EBS volume behind, still
 * billed. Past the bound it fails, naming each leftover, so the destroy stops before the driver goes.
 */
export async function waitForVolumesGone(listVolumes: () => Promise<PersistentVolumeList>, storageClasses: readonly string[], timing: DrainTiming): Promise<void> {
  const started = Date.now();
  for (;;) {
    const left = leftoverVolumes(await listVolumes(), storageClasses);
    if (left.length === 0) return;
    const waitedMs = Date.now() - started;
    if (waitedMs >= timing.timeoutMs) {
      const names = left.map((v) => `${v.name} (${v.storageClass}${v.claim ? `, claim ${v.claim}` : ""}${v.phase ? `, ${v.phase}` : ""})`).join(", ");
      throw new Error(
        `${left.length} PersistentVolume(s) of ${storageClasses.join(", ")} still exist after ${Math.round(waitedMs / 1000)} s: ${names}; ` +
          "their provisioner must delete them before it is removed. Run the destroy again once they are gone, or delete them and their EBS volumes by hand (`hcpbench gc --region <region>` lists the volumes).",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(timing.pollMs, timing.timeoutMs - waitedMs)));
  }
}

/**
 * GET on the cluster the kubeconfig names (JSON, inline data, as pulumi-eks writes it: CA data, a
 * token, client certificate data or an exec plugin such as `aws eks get-token`). Built on Node's own
 * https and child_process, loaded at call time: Pulumi serializes the drain's provider into the state,
 * and packages with export maps (yaml, undici) do not survive that.
 */
export async function getFromCluster<T>(kubeconfigJson: string, apiPath: string): Promise<T> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const https = require("node:https") as typeof import("node:https");
  const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
  /* eslint-enable @typescript-eslint/no-require-imports */
  type Named<V> = { name: string } & V;
  const doc = JSON.parse(kubeconfigJson) as {
    "current-context"?: string;
    contexts?: Named<{ context: { cluster: string; user: string } }>[];
    clusters?: Named<{ cluster: { server: string; "certificate-authority-data"?: string } }>[];
    users?: Named<{ user: { token?: string; "client-certificate-data"?: string; "client-key-data"?: string; exec?: { command: string; args?: string[]; env?: { name: string; value: string }[] | null } } }>[];
  };
  const context = (doc.contexts ?? []).find((c) => c.name === doc["current-context"])?.context ?? doc.contexts?.[0]?.context;
  const cluster = doc.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = doc.users?.find((u) => u.name === context?.user)?.user ?? {};
  if (!cluster) throw new Error("kubeconfig names no cluster for its context");
  const data = (v?: string) => (v ? Buffer.from(v, "base64") : undefined);
  let token = user.token;
  if (!token && user.exec) {
    const env = { ...process.env, ...Object.fromEntries((user.exec.env ?? []).map((e) => [e.name, e.value])) };
    const out = execFileSync(user.exec.command, user.exec.args ?? [], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    token = (JSON.parse(out) as { status?: { token?: string } }).status?.token;
  }
  return new Promise<T>((resolve, reject) => {
    const req = https.request(
      `${cluster.server.replace(/\/+$/, "")}${apiPath}`,
      {
        method: "GET",
        ca: data(cluster["certificate-authority-data"]),
        cert: data(user["client-certificate-data"]),
        key: data(user["client-key-data"]),
        headers: { accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        timeout: 30_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => {
          if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) resolve(JSON.parse(body) as T);
          else reject(new Error(`GET ${apiPath}: HTTP ${res.statusCode}: ${body.slice(0, 300)}`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${apiPath}: no answer in 30 s`)));
    req.on("error", reject);
    req.end();
  });
}
