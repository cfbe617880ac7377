import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Config } from "../../infra/config/schema";
import { namespaces } from "../../infra/namespaces";
import { hcpApiServerMonitor } from "../../infra/platform/monitoring/hcpApiServerMonitor";
import type { Platform } from "../../infra/platform/platformOutputs";
import type { Substrate } from "../../infra/substrate/substrate";
import type { FleetContext } from "../backends/backend";
import { backendByName } from "../backends/registry";
import type { Fleet } from "./fleetOutputs";
import { hcpEndpoint } from "./hcpEndpoint";
import { hcpMonitorTarget } from "./hcpMonitorTarget";
import { creationPredecessor, hcpNames } from "./hcpNames";
import { fleetLabels, type KubeObject } from "./kubeObject";
import { perHcpDatabaseObjects } from "./perHcpDatabaseObjects";
import { hcpReadyTimeout } from "./readinessAnnotations";
import { registerFleetObject } from "./registerFleetObject";

/** The fleet's namespace. */
export function fleetNamespace(backend: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespaces.fleet, labels: fleetLabels(backend) } };
}

/**
 * `hcpbench:fleet:Fleet`: N HCPs of the stack's backend. It only registers
 * what the backend's builders return, in creation waves: HCP i waits for
 * HCP i - parallelism to be Ready (`pulumi.com/waitFor`), so at most
 * `fleet.parallelism` are being created at any time, and `ready` completes
 * only when every HCP is Ready.
 */
class FleetComponent extends pulumi.ComponentResource {
  /** The HCP resources, in creation order. */
  readonly hcpResources: pulumi.Resource[] = [];
  /** What the bench waits for: every HCP Ready, and the monitoring of their API servers in place. */
  readonly ready: pulumi.Resource[] = [];

  constructor(cfg: Config, substrate: Substrate, platform: Platform) {
    super("hcpbench:fleet:Fleet", "fleet", {}, { providers: [substrate.provider] });
    const backend = backendByName(cfg.fleet.backend);
    const names = hcpNames(cfg.fleet.count);
    const ctx: FleetContext = {
      fleet: cfg.fleet,
      namespace: namespaces.fleet,
      placement: substrate.placement("hcp"),
      storageClass: substrate.storageClasses.perHcp,
      platform,
    };
    const child = { parent: this };
    // On the substrate like everything else in the cluster, so destroy removes it before the nodes and add-ons.
    const ns = registerFleetObject(fleetNamespace(backend.name), { ...child, dependsOn: substrate.ready });
    const base: pulumi.Resource[] = [...platform.ready, ns];

    const shared = backend.fleetObjects(ctx).map((o) => registerFleetObject(o, { ...child, dependsOn: base }));

    let passwords: ((hcp: string) => pulumi.Output<string>) | undefined;
    if (backend.perHcpDatabase) {
      // One generated master secret; each HCP's password is derived from it (workloads/fleet/hcpPasswords.ts).
      const master = new random.RandomPassword("hcp-db-master", { length: 48, special: false }, child);
      const server = platform[backend.perHcpDatabase];
      if (!server) throw new Error(`${backend.name}: the platform provides no ${backend.perHcpDatabase} server`);
      const init = perHcpDatabaseObjects({ server, names, master: master.result, placement: substrate.placement("control") });
      const sqlSecret = registerFleetObject(init.sqlSecret, { ...child, dependsOn: base });
      const job = registerFleetObject(init.job, { ...child, dependsOn: [...base, sqlSecret], customTimeouts: { create: "20m" } });
      shared.push(job);
      passwords = init.password;
    }

    names.forEach((name, index) => {
      const { hcp, companions } = backend.hcpObjects({ index, name, databasePassword: passwords?.(name) }, ctx);
      // The first wave waits for the platform and the shared objects; every later HCP (and its own
      // objects) waits for the HCP whose slot it takes, which already waited for them. Short
      // dependency lists keep a 1,000-HCP plan fast.
      const before = creationPredecessor(index, cfg.fleet.parallelism);
      const gate = before === undefined ? [...base, ...shared] : [this.hcpResources[before]];
      const own = companions.map((o) => registerFleetObject(o, { ...child, dependsOn: gate }));
      this.hcpResources.push(
        registerFleetObject(hcp, {
          ...child,
          dependsOn: [...gate, ...own],
          customTimeouts: { create: hcpReadyTimeout, update: hcpReadyTimeout },
        }),
      );
    });

    // Prometheus scrapes every HCP API server (the platform's builder: a ServiceMonitor per HCP, and for
    // k0smotron a client certificate signed by the HCP's CA). All of them go in one ConfigGroup: one
    // resource to plan instead of up to three per HCP. They wait for no HCP: the operators and
    // cert-manager pick up each HCP's Secrets and Service as they appear.
    const monitors = names.flatMap((name) => hcpApiServerMonitor(hcpMonitorTarget(backend.operator, name, namespaces.fleet)));
    const monitoring = new k8s.yaml.v2.ConfigGroup("hcp-apiserver-monitoring", { objs: monitors, skipAwait: true }, { ...child, dependsOn: base });
    this.ready.push(...this.hcpResources, monitoring);
    this.registerOutputs({});
  }
}

export function createFleet(cfg: Config, substrate: Substrate, platform: Platform): Fleet {
  const component = new FleetComponent(cfg, substrate, platform);
  const operator = backendByName(cfg.fleet.backend).operator;
  return {
    hcps: hcpNames(cfg.fleet.count).map((name) => hcpEndpoint(operator, name, namespaces.fleet)),
    ready: component.ready,
  };
}
