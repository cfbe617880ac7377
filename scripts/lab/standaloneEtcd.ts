import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { requireBinary } from "./labBinaries";
import { freePortRun, PortPlan } from "./labPorts";
import { LabRun } from "./labRun";
import { startLabEtcd } from "./storage/etcdServer";

export interface StandaloneEtcd {
  /** host:port of the gRPC listener (what `--target etcd=` takes). */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * The lab's pinned etcd alone, in a throw-away folder, for benchmarks that drive
 * storage directly: the same etcd an etcd-backed lab HCP uses, without an API server.
 */
export async function startStandaloneEtcd(log: (line: string) => void = () => {}): Promise<StandaloneEtcd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-etcd-"));
  const ports = new PortPlan(await freePortRun(2));
  const run = new LabRun(dir, ports, { etcd: requireBinary("etcd") }, log);
  const stop = async () => {
    await run.stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const etcd = await startLabEtcd(run, "etcd", { client: ports.take("etcd client"), peer: ports.take("etcd peer") });
    return { address: new URL(etcd.endpoint).host, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
