import * as path from "node:path";
import { hcpDatabaseName } from "../../../workloads/fleet/hcpNames";
import { startKine } from "../kineProcess";
import { checkNatsServerInstalled, kineEmbedsNats, startLabNats } from "../storage/natsServer";
import type { LabBackend } from "./labBackend";

/**
 * kine on NATS JetStream, one key-value bucket per HCP. kine embeds a NATS
 * server only when built with the `nats` tag; a kine without it (the plain
 * `go install` build) gets Debian's nats-server, configured by the platform's
 * NATS config builder, and lab.json says which one ran.
 */
export const kineNatsEmbeddedBackend: LabBackend = {
  name: "kine-nats-embedded",
  binaries: ["kine"],
  async plan(ports, hcps, opts) {
    const embedded = opts.kineBinary ? kineEmbedsNats(opts.kineBinary) : false;
    if (!embedded) checkNatsServerInstalled();
    const natsPorts = embedded ? undefined : { client: ports.take("nats-server client"), monitor: ports.take("nats-server monitor") };
    const perHcp = new Map(
      hcps.map((h) => [h, { listen: ports.take(`kine of kine-nats-embedded/${h}`), metrics: ports.take(`kine metrics of kine-nats-embedded/${h}`), nats: embedded ? ports.take(`embedded NATS of ${h}`) : 0 }]),
    );
    return {
      async start(run) {
        const shared = natsPorts ? await startLabNats(run, "kine-nats-embedded", natsPorts) : undefined;
        return {
          async storageFor(r, hcp) {
            const p = perHcp.get(hcp)!;
            const bucket = hcpDatabaseName(hcp);
            const natsUrl = shared ? shared.url : `nats://127.0.0.1:${p.nats}`;
            const query = shared ? `bucket=${bucket}` : `bucket=${bucket}&dataDir=${encodeURIComponent(path.join(r.folder("kine-nats-embedded", hcp, "nats")))}`;
            const dataSource = `${natsUrl}?${query}`;
            const kine = await startKine(r, "kine-nats-embedded", hcp, dataSource, { listen: p.listen, metrics: p.metrics });
            return {
              etcdServers: kine.endpoint,
              etcdPrefix: "/registry",
              kine: kine.process,
              storage: { kind: "kine", dataSource, endpoint: kine.endpoint, engine: "nats", natsUrl: natsUrl.replace(/\/\/[^@/]*@/, "//"), natsBucket: bucket, nats: shared ? "nats-server" : "embedded" },
            };
          },
        };
      },
    };
  },
};
