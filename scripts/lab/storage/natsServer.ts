import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../../infra/names/inputError";
import { natsRelease, natsServerConfig, natsUser } from "../../../infra/platform/datastores/natsRelease";
import type { LabRun } from "../labRun";
import { waitUntil } from "../labProcesses";

export const natsServerBin = "/usr/sbin/nats-server";

export function checkNatsServerInstalled(): void {
  if (!fs.existsSync(natsServerBin)) throw new InputError(`${natsServerBin}: not found: install the Debian package nats-server (the kine build has no embedded NATS)`);
}

/**
 * kine embeds a NATS server only when built with the `nats` tag (its
 * pkg/drivers/nats/server/server.go is `//go:build nats`). The Go linker
 * keeps the build settings as text in the binary (what `go version -m`
 * prints), so the tags are read from the "build\t-tags=" line.
 */
export function kineEmbedsNats(kineBinary: string): boolean {
  return buildTags(kineBinary).includes("nats");
}

export function buildTags(binary: string): string[] {
  const needle = Buffer.from("\nbuild\t-tags=");
  const fd = fs.openSync(binary, "r");
  try {
    const chunk = Buffer.alloc(8 * 1024 * 1024);
    let carry = Buffer.alloc(0);
    for (let pos = 0; ; ) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) return [];
      const window = Buffer.concat([carry, chunk.subarray(0, n)]);
      const at = window.indexOf(needle);
      if (at >= 0 && window.indexOf(0x0a, at + needle.length) > 0) {
        return window.subarray(at + needle.length, window.indexOf(0x0a, at + needle.length)).toString("utf8").split(",");
      }
      carry = window.subarray(Math.max(0, window.length - 4096));
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export interface LabNats {
  /** nats://user:password@127.0.0.1:port, as kine gets it (without query). */
  readonly url: string;
  readonly password: string;
}

/**
 * Debian's nats-server with JetStream, configured by the platform's own
 * config builder (the nats.conf the chart renders for kamaji-nats), with the
 * cluster-only settings moved to the lab: loopback listen and monitor, store
 * and pid file in the lab folder.
 */
export function labNatsConfig(dir: string, ports: { client: number; monitor: number }): string {
  const values = natsRelease({ nodeSelector: {}, tolerations: [] }, "lab").values as { config: Record<string, unknown> & { merge?: Record<string, unknown>; jetstream: { fileStore: Record<string, unknown> } } };
  const config = {
    ...values.config,
    nats: { port: ports.client },
    monitor: { enabled: false },
    jetstream: { ...values.config.jetstream, fileStore: { ...values.config.jetstream.fileStore, dir: path.join(dir, "jetstream"), maxSize: "4Gi" } },
    merge: { ...values.config.merge, host: "127.0.0.1", http: `127.0.0.1:${ports.monitor}`, pid_file: path.join(dir, "nats.pid") },
  };
  return natsServerConfig({ ...values, config, reloader: { enabled: false } });
}

export async function startLabNats(run: LabRun, backend: string, ports: { client: number; monitor: number }): Promise<LabNats> {
  const dir = run.folder(backend, "nats");
  const conf = path.join(dir, "nats.conf");
  fs.writeFileSync(conf, labNatsConfig(dir, ports), { mode: 0o600 });
  const password = randomBytes(18).toString("base64url");
  const p = await run.launch({
    role: `nats-server (${backend})`,
    exe: natsServerBin,
    args: ["-c", conf],
    log: path.join(dir, "nats.log"),
    cwd: dir,
    env: { NATS_PASSWORD: password, POD_NAME: "hcpbench-lab" },
  });
  await waitUntil(p, "JetStream health", async () => (await fetch(`http://127.0.0.1:${ports.monitor}/healthz?js-enabled-only=true`, { signal: AbortSignal.timeout(2000) })).ok, 60_000, run.signal);
  run.addServer({ backend, engine: "nats-server", managed: true, address: `127.0.0.1:${ports.client}` });
  return { url: `nats://${natsUser}:${encodeURIComponent(password)}@127.0.0.1:${ports.client}`, password };
}
