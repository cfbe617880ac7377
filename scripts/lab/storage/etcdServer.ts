import * as path from "node:path";
import type { LabRun } from "../labRun";
import { waitUntil } from "../labProcesses";

export interface LabEtcd {
  readonly endpoint: string;
  readonly pid: number;
}

/** One etcd (the pinned 3.6) for every HCP of the etcd backend, as a shared etcd is; plain HTTP on loopback. */
export async function startLabEtcd(run: LabRun, backend: string, ports: { client: number; peer: number }): Promise<LabEtcd> {
  const dir = run.folder(backend, "etcd");
  const endpoint = `http://127.0.0.1:${ports.client}`;
  const peer = `http://127.0.0.1:${ports.peer}`;
  const p = await run.launch({
    role: `etcd (${backend})`,
    exe: run.bin("etcd"),
    args: [
      "--name", "lab",
      "--data-dir", path.join(dir, "data"),
      "--listen-client-urls", endpoint,
      "--advertise-client-urls", endpoint,
      "--listen-peer-urls", peer,
      "--initial-advertise-peer-urls", peer,
      "--initial-cluster", `lab=${peer}`,
      "--initial-cluster-state", "new",
      "--quota-backend-bytes", String(4 * 1024 ** 3),
      "--log-level", "warn",
    ],
    log: path.join(dir, "etcd.log"),
    cwd: dir,
  });
  await waitUntil(p, "a healthy /health", async () => {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok && ((await res.json()) as { health?: string }).health === "true";
  }, 60_000, run.signal);
  run.addServer({ backend, engine: "etcd", managed: true, address: endpoint });
  return { endpoint, pid: p.pid };
}
