import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsRelease, natsServerConfig, natsUser } from "../../infra/platform/datastores/natsRelease";
import { checkNatsConfig, startNats, type NatsServer } from "../servers/realServers";

/*
 * The server configuration the nats chart renders from hcpbench's values,
 * judged by a real nats-server: `-t` accepts it, and a server started on it
 * runs JetStream with the configured limits and demands the password. The pod
 * gets POD_NAME and NATS_PASSWORD from its environment; so does this process.
 */
const values = natsRelease({ nodeSelector: {}, tolerations: [] }, "io2").values;
const conf = natsServerConfig(values);
const password = "test-nats-password";
let nats: NatsServer;
let pidDir: string;

beforeAll(async () => {
  process.env.POD_NAME = "nats-0";
  process.env.NATS_PASSWORD = password;
  pidDir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-natspid-"));
  // Paths are the pod's: the pid file moves to a temp dir, and the harness passes its own JetStream
  // store directory (-sd), which nats-server refuses to see twice.
  const local = conf.replace("/var/run/nats/nats.pid", path.join(pidDir, "nats.pid")).replace(/^\s*"store_dir": "\/data",\n/m, "");
  expect(local).not.toContain("store_dir");
  nats = await startNats({ configText: local });
});
afterAll(async () => {
  await nats?.stop();
  fs.rmSync(pidDir, { recursive: true, force: true });
});

describe("NATS server configuration from the chart values", () => {
  it("keeps the password a reference to the environment, not text in the ConfigMap", () => {
    expect(conf).toContain('"password": $NATS_PASSWORD');
    expect(conf).not.toContain(password);
  });

  it("is accepted by nats-server -t", () => {
    const verdict = checkNatsConfig(conf);
    expect(verdict.output).not.toMatch(/error/i);
    expect(verdict.ok).toBe(true);
  });

  it("is refused by nats-server -t when the environment lacks the password", () => {
    delete process.env.NATS_PASSWORD;
    try {
      expect(checkNatsConfig(conf).ok).toBe(false);
    } finally {
      process.env.NATS_PASSWORD = password;
    }
  });

  it("runs JetStream with the file-store limit and the raised payload limit", async () => {
    const jsz = (await (await fetch(`${nats.monitorUrl}/jsz`)).json()) as { config?: { max_storage?: number; max_memory?: number } };
    expect(jsz.config?.max_storage).toBe(18 * 1024 ** 3);
    expect(jsz.config?.max_memory).toBe(0);
    const varz = (await (await fetch(`${nats.monitorUrl}/varz`)).json()) as { server_name?: string; max_payload?: number; auth_required?: boolean };
    expect(varz.server_name).toBe("nats-0");
    expect(varz.max_payload).toBe(8 * 1024 * 1024);
    expect(varz.auth_required).toBe(true);
  });

  it("refuses a client without the password and admits the configured user", async () => {
    const connect = (user?: { user: string; pass: string }) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(nats.port, "127.0.0.1");
        let buf = "";
        socket.on("data", (d: Buffer) => {
          buf += d.toString();
          if (buf.startsWith("INFO") && !buf.includes("CONNECT_SENT")) {
            buf += "CONNECT_SENT";
            socket.write(`CONNECT ${JSON.stringify({ verbose: false, pedantic: false, ...(user ?? {}) })}\r\nPING\r\n`);
          }
          if (/PONG|-ERR/.test(buf)) {
            socket.destroy();
            resolve(/-ERR[^\r]*/.exec(buf)?.[0] ?? "PONG");
          }
        });
        socket.on("error", reject);
      });
    expect(await connect()).toMatch(/Authorization Violation/);
    expect(await connect({ user: natsUser, pass: "wrong" })).toMatch(/Authorization Violation/);
    expect(await connect({ user: natsUser, pass: password })).toBe("PONG");
  });
});
