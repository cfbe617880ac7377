import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/stackFiles";
import { platformPieces } from "./platformPieces";

const pieces = (backend: string, sink: "s3" | "minio" = "s3") => platformPieces(parseConfig({ fleet: { backend, count: 10 } }), { kind: sink });

describe("platformPieces", () => {
  it("installs the backend's operator and only the datastores it names", () => {
    expect(pieces("kine-postgres")).toEqual({ operator: "k0smotron", postgres: true, mysql: false, minio: false, t4: false, nats: false, kamajiEtcd: false });
    expect(pieces("kamaji-mysql")).toEqual({ operator: "kamaji", postgres: false, mysql: true, minio: false, t4: false, nats: false, kamajiEtcd: false });
    expect(pieces("t4-standalone")).toMatchObject({ operator: "k0smotron", minio: true, t4: true });
    expect(pieces("kamaji-etcd")).toMatchObject({ operator: "kamaji", kamajiEtcd: true, minio: false });
    expect(pieces("etcd")).toEqual({ operator: "k0smotron", postgres: false, mysql: false, minio: false, t4: false, nats: false, kamajiEtcd: false });
  });

  it("runs MinIO whenever results go to it, whatever the backend", () => {
    expect(pieces("etcd", "minio").minio).toBe(true);
    expect(pieces("kamaji-nats", "minio")).toMatchObject({ minio: true, t4: false, nats: true });
  });
});
