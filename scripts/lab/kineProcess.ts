import * as path from "node:path";
import type { LabRun } from "./labRun";
import { waitUntil, type LabProcess } from "./labProcesses";
import { tcpOpen } from "./labPorts";

export interface LabKine {
  readonly process: LabProcess;
  /** etcd-protocol endpoint the API server uses. */
  readonly endpoint: string;
}


/**
 * One kine per HCP, as k0smotron runs it beside each control plane. Both of
 * kine's listeners default to every interface (2379 and :8080), so both are
 * set to loopback ports. The data source, which holds the HCP's password, goes
 * to kine as it is through KINE_ENDPOINT (kine's --endpoint reads it:
 * pkg/app/app.go): a process's environment is private to its user, while its
 * argv is readable by every user in /proc/<pid>/cmdline.
 */
export async function startKine(run: LabRun, backend: string, hcp: string, dataSource: string, ports: { listen: number; metrics: number }): Promise<LabKine> {
  const dir = run.folder(backend, hcp);
  const p = await run.launch({
    role: `kine ${backend}/${hcp}`,
    exe: run.bin("kine"),
    args: ["--listen-address", `127.0.0.1:${ports.listen}`, "--metrics-bind-address", `127.0.0.1:${ports.metrics}`, ...(run.extraFlags.kine ?? [])],
    env: { KINE_ENDPOINT: dataSource },
    log: path.join(dir, "kine.log"),
    cwd: dir,
  });
  await waitUntil(p, `a listener on 127.0.0.1:${ports.listen}`, () => tcpOpen(ports.listen), 120_000, run.signal);
  return { process: p, endpoint: `http://127.0.0.1:${ports.listen}` };
}
