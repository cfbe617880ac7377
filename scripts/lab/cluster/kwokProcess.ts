import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { stringify } from "yaml";
import { waitUntil, type LabProcess } from "../labProcesses";
import type { LabRun } from "../labRun";
import { kwokNodeAnnotation } from "./clusterNodes";

export interface KwokArgs {
  readonly kubeconfig: string;
  /** Its server (health, and the kubelet endpoint the nodes advertise), on loopback. */
  readonly port: number;
  /** Its configuration file; written by startKwok. */
  readonly config: string;
}

/**
 * kwok's own configuration, passed with --config so a user's ~/.kwok/kwok.yaml
 * is never read. It holds no Stage, so kwok runs its default stages
 * (kustomize/stage/node/fast and pod/fast upstream): nodes go Ready, pods go
 * Running and Ready, pods owned by a Job go Succeeded, deleted pods go away.
 */
export function kwokConfiguration(): string {
  return stringify({ apiVersion: "config.kwok.x-k8s.io/v1alpha1", kind: "KwokConfiguration", options: {} });
}

/**
 * Only the nodes with kwok's annotation; fake pod IPs from a /16 (the default /24
 * runs out at 254 pods) that nothing routes; the server on loopback.
 */
export function kwokFlags(a: KwokArgs): string[] {
  return [
    `--kubeconfig=${a.kubeconfig}`,
    `--config=${a.config}`,
    `--manage-all-nodes=false`,
    `--manage-nodes-with-annotation-selector=${kwokNodeAnnotation.key}=${kwokNodeAnnotation.value}`,
    `--cidr=10.244.0.1/16`,
    `--node-ip=127.0.0.1`,
    `--node-port=${a.port}`,
    `--server-address=127.0.0.1:${a.port}`,
    // Node leases renewed as a kubelet does (kwokctl's default too). Without them kwok's status heartbeat
    // alone let the node lifecycle controller mark every pod NotReady about 50 s after start, for good.
    `--node-lease-duration-seconds=40`,
  ];
}

function healthy(port: number, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/healthz", timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(false));
  });
}

/** Starts kwok against the cluster and returns once its server answers /healthz. */
export async function startKwok(run: LabRun, o: { folder: string; kubeconfig: string; port: number }): Promise<LabProcess> {
  const dir = run.folder(o.folder);
  const config = path.join(dir, "kwok.yaml");
  fs.writeFileSync(config, kwokConfiguration());
  const p = await run.launch({ role: `kwok ${o.folder}`, exe: run.bin("kwok"), args: kwokFlags({ kubeconfig: o.kubeconfig, port: o.port, config }), log: path.join(dir, "kwok.log"), cwd: dir });
  await waitUntil(p, "an ok /healthz", () => healthy(o.port), 60_000, run.signal);
  return p;
}
