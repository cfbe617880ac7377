/**
 * The destroy-time volume drain against the real kube-apiserver 1.33 on etcd (binaries from
 * `hcpbench lab install`). The provider is taken through Pulumi's own closure serialization and
 * loaded back the way the dynamic-provider host does (require-from-string, `.handler()`), so what
 * runs here is what the state would hold. PVs behave as upstream's API server makes them: the
 * StorageObjectInUseProtection admission plugin puts `kubernetes.io/pv-protection` on each, so a
 * deleted PV lingers until its finalizer is cleared, as it does on EKS until the CSI driver is done.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Agent, request } from "undici";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePortRun } from "../../scripts/lab/labPorts";
import { labDown } from "../../scripts/lab/labDown";
import { labUp } from "../../scripts/lab/labUp";
import { volumeDrainProvider, type VolumeDrainInputs } from "../../infra/substrate/aws/volumeDrainResource";
import { kubeconfigCredentials, type ApiCredentials } from "../../workloads/samplers/kubeconfigCredentials";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => { handler: () => typeof volumeDrainProvider };

let dir: string;
let kubeconfig: string;
let creds: ApiCredentials;
let agent: Agent;

async function call(method: string, apiPath: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(`${creds.server}${apiPath}`, {
    method: method as "GET",
    dispatcher: agent,
    headers: { "content-type": contentType, accept: "application/json", ...(creds.token ? { authorization: `Bearer ${creds.token()}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

const pv = (name: string, storageClassName: string, claim?: { namespace: string; name: string }) => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name },
  spec: {
    capacity: { storage: "10Gi" },
    accessModes: ["ReadWriteOnce"],
    persistentVolumeReclaimPolicy: "Delete",
    storageClassName,
    csi: { driver: "ebs.csi.aws.com", volumeHandle: `vol-${name}` },
    ...(claim ? { claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", ...claim } } : {}),
  },
});

/** Deletes a PV and clears its protection finalizer, as the PV controller does once the volume is gone. */
async function removePv(name: string): Promise<void> {
  await call("DELETE", `/api/v1/persistentvolumes/${name}`);
  const r = await call("PATCH", `/api/v1/persistentvolumes/${name}`, { metadata: { finalizers: null } }, "application/merge-patch+json");
  expect([200, 404]).toContain(r.status);
}

/** The provider as the engine would run it: serialized by Pulumi, loaded back from text. */
async function deserializedProvider(): Promise<typeof volumeDrainProvider> {
  const sf = await pulumi.runtime.serializeFunction(() => volumeDrainProvider, { allowSecrets: true });
  return requireFromString(sf.text).handler();
}

describe("volume drain against the real kube-apiserver", () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-drain-"));
    fs.chmodSync(dir, 0o711);
    const state = await labUp({ backends: ["etcd"], hcps: 1, dir, portBase: await freePortRun(4), parallel: 1, log: () => undefined });
    const file = state.hcps[0].kubeconfig;
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : file;
    kubeconfig = JSON.stringify(parseYaml(text)); // the drain takes JSON, as pulumi-eks's kubeconfigJson is
    creds = kubeconfigCredentials(text);
    agent = new Agent({ connect: { ca: creds.ca, cert: creds.cert, key: creds.key, rejectUnauthorized: !creds.insecureSkipTlsVerify } });
  }, 600_000);
  afterAll(async () => {
    await agent?.close();
    if (!dir) return;
    await labDown(dir, () => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("blocks while a PV of the stack's classes exists, ignores other classes, and ends once they are gone", async () => {
    for (const v of [pv("pvc-db-1", "hcpbench-io2", { namespace: "hcpbench-data", name: "data-postgres-0" }), pv("pvc-hcp-1", "hcpbench-local"), pv("someone-else", "standard")]) {
      expect((await call("POST", "/api/v1/persistentvolumes", v)).status).toBe(201);
    }
    // Upstream admission protects every PV with a finalizer: deleting one leaves it Terminating.
    expect(((await call("GET", "/api/v1/persistentvolumes/pvc-db-1")).json.metadata as { finalizers?: string[] }).finalizers).toContain("kubernetes.io/pv-protection");

    const provider = await deserializedProvider();
    const inputs: VolumeDrainInputs = { kubeconfig, storageClasses: ["hcpbench-io2", "hcpbench-io2-datastore", "hcpbench-gp3", "hcpbench-local"], timeoutSeconds: 120, pollSeconds: 0.2 };
    let ended = false;
    const drain = provider.delete!("volume-drain", inputs).then(() => (ended = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(ended).toBe(false);

    await call("DELETE", "/api/v1/persistentvolumes/pvc-db-1"); // Terminating: still there, still waited for
    await new Promise((r) => setTimeout(r, 1000));
    expect(ended).toBe(false);
    await removePv("pvc-db-1");
    await new Promise((r) => setTimeout(r, 1000));
    expect(ended).toBe(false); // pvc-hcp-1 (local-path) remains

    await removePv("pvc-hcp-1");
    await drain;
    expect(ended).toBe(true);
    // The other class's PV was never waited for, and is still there.
    expect((await call("GET", "/api/v1/persistentvolumes/someone-else")).status).toBe(200);
    await removePv("someone-else");
  }, 60_000);

  // Pending: the phase the API server gives a new PV; no PV controller runs here to make it Available.
  it("fails past its bound, naming each leftover PV with its class, claim and phase", async () => {
    expect((await call("POST", "/api/v1/persistentvolumes", pv("pvc-etcd-7", "hcpbench-io2-datastore", { namespace: "hcpbench-data", name: "data-kamaji-etcd-0" }))).status).toBe(201);
    const provider = await deserializedProvider();
    const started = Date.now();
    await expect(provider.delete!("volume-drain", { kubeconfig, storageClasses: ["hcpbench-io2-datastore"], timeoutSeconds: 2, pollSeconds: 0.5 })).rejects.toThrow(
      /^1 PersistentVolume\(s\) of hcpbench-io2-datastore still exist after 2 s: pvc-etcd-7 \(hcpbench-io2-datastore, claim hcpbench-data\/data-kamaji-etcd-0, Pending\); their provisioner must delete them/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    await removePv("pvc-etcd-7");
  }, 60_000);
});
