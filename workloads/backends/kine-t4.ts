import { k0smotronCluster } from "../fleet/k0smotronCluster";
import { t4DataSource } from "../fleet/kineDataSource";
import { t4ControlPlanePatch, t4CredentialsSecret, t4PeerService, t4PeerServiceName } from "../fleet/t4Objects";
import { required, type Backend } from "./backend";
import { backendDescriptor } from "../../infra/names/backends";

export const kineT4Backend: Backend = {
  ...backendDescriptor("kine-t4"),
  fleetObjects: (ctx) => {
    const minio = required(ctx.platform.minio, "MinIO object store", "kine-t4");
    // The HCP pods read MinIO's credentials from their own namespace; the URL never carries them.
    return [t4CredentialsSecret(ctx.namespace, "kine-t4", minio.accessKey, minio.secretKey)];
  },
  hcpObjects: (hcp, ctx) => {
    const minio = required(ctx.platform.minio, "MinIO object store", "kine-t4");
    const ha = ctx.fleet.replicas > 1;
    const peers = ha ? t4PeerServiceName(hcp.name) : undefined;
    const dataSource = t4DataSource({
      bucket: minio.bucket,
      // Each HCP keeps its WAL, checkpoints and election lock under its own prefix of the shared bucket.
      prefix: `kine-t4/${hcp.name}`,
      endpoint: minio.endpoint,
      region: minio.region,
      peerServiceFqdn: peers ? `${peers}.${ctx.namespace}.svc.cluster.local` : undefined,
    });
    return {
      hcp: k0smotronCluster({
        name: hcp.name,
        namespace: ctx.namespace,
        fleet: ctx.fleet,
        storage: { type: "kine", kine: { dataSourceURL: dataSource } },
        placement: ctx.placement,
        // Stock k0s images carry a kine without the T4 driver (fleet.kineT4Image).
        image: ctx.fleet.kineT4Image,
        extraPatches: [t4ControlPlanePatch(peers)],
      }),
      companions: ha ? [t4PeerService(hcp.name, ctx.namespace, "kine-t4")] : [],
    };
  },
};
