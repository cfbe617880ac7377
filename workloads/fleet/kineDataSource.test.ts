import { describe, expect, it } from "vitest";
import { mysqlDataSource, postgresDataSource, t4DataSource } from "./kineDataSource";

const d = { host: "db.svc", port: 5432, database: "hcp_001", user: "hcp_001", password: "p@ss/w:rd" };

describe("kine data sources", () => {
  it("postgres URL escapes the password and disables TLS", () => {
    const url = new URL(postgresDataSource(d));
    expect(url.protocol).toBe("postgres:");
    expect(decodeURIComponent(url.password)).toBe("p@ss/w:rd");
    expect(url.host).toBe("db.svc:5432");
    expect(url.pathname).toBe("/hcp_001");
    expect(url.searchParams.get("sslmode")).toBe("disable");
  });

  it("mysql DSN is go-sql-driver's user:pass@tcp(host:port)/db", () => {
    expect(mysqlDataSource({ ...d, port: 3306, password: "hex0123" })).toBe("mysql://hcp_001:hex0123@tcp(db.svc:3306)/hcp_001");
    expect(() => mysqlDataSource({ ...d, user: "a/b" })).toThrow(/must not contain/);
  });

  it("t4 URL: bucket as host, prefix as path, endpoint and region as parameters", () => {
    const url = new URL(t4DataSource({ bucket: "b", prefix: "kine-t4/hcp-001", endpoint: "http://minio:9000", region: "us-east-1" }));
    expect(url.protocol).toBe("t4:");
    expect(url.hostname).toBe("b");
    expect(url.pathname).toBe("/kine-t4/hcp-001");
    expect(Object.fromEntries(url.searchParams)).toEqual({ "data-dir": "/var/lib/k0s/t4", "s3-endpoint": "http://minio:9000", region: "us-east-1" });
  });

  it("t4 URL names the peer service only for replicated HCPs", () => {
    const url = new URL(t4DataSource({ bucket: "b", prefix: "p", endpoint: "http://m:9000", region: "r", peerServiceFqdn: "x.ns.svc.cluster.local" }));
    expect(url.searchParams.get("service-name")).toBe("x.ns.svc.cluster.local");
  });
});
