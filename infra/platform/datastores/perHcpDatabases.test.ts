import { describe, expect, it } from "vitest";
import { namespaces } from "../../namespaces";
import { placementFor } from "../../substrate/pools";
import type { SqlServer } from "../platformOutputs";
import { initSqlKey, perHcpInitJob, perHcpInitSql } from "./perHcpDatabases";
import { mysqlGrantDatabase, mysqlLiteral, pgIdent, pgLiteral } from "./sqlQuoting";

// Running the SQL against real servers is test/platform/perHcpDatabases.test.ts; these pin the builders' shape.
const server = (engine: "postgres" | "mysql"): SqlServer => ({
  engine,
  host: `${engine}.hcpbench-data.svc.cluster.local`,
  port: engine === "postgres" ? 5432 : 3306,
  adminSecretName: `${engine}-admin`,
  adminPassword: undefined as never,
  image: engine === "postgres" ? "postgres:16.10" : "mysql:8.4.6",
});

describe("quoting", () => {
  it("doubles quotes; MySQL literals also escape backslashes; grant names escape wildcards", () => {
    expect(pgLiteral(`it's`)).toBe(`'it''s'`);
    expect(pgIdent(`a"b`)).toBe(`"a""b"`);
    expect(mysqlLiteral(`a'b\\c`)).toBe(`'a''b\\\\c'`);
    expect(mysqlGrantDatabase("hcp_1%")).toBe("`hcp\\_1\\%`");
    expect(() => pgLiteral("a\u0000b")).toThrow(/NUL/);
  });
});

describe("perHcpInitSql", () => {
  const dbs = [{ database: "hcp_001", user: "hcp_001", password: "p4ssw0rd" }];

  it("refuses what a server would truncate, reserve or mix up", () => {
    expect(() => perHcpInitSql("postgres", [{ database: "x".repeat(64), user: "u", password: "p" }])).toThrow(/1-63 bytes/);
    expect(() => perHcpInitSql("mysql", [{ database: "d", user: "u".repeat(33), password: "p" }])).toThrow(/1-32 bytes/);
    expect(() => perHcpInitSql("postgres", [{ database: "template1", user: "u", password: "p" }])).toThrow(/reserved/);
    expect(() => perHcpInitSql("mysql", [{ database: "a.b", user: "u", password: "p" }])).toThrow(/must not contain/);
    expect(() => perHcpInitSql("postgres", [...dbs, { database: "other", user: "hcp_001", password: "p" }])).toThrow(/appears twice/);
    expect(() => perHcpInitSql("postgres", [{ database: "d", user: "u", password: "pässword" }])).toThrow(/printable ASCII/);
  });

  it("PostgreSQL: stores a SCRAM verifier, never the password", () => {
    const sql = perHcpInitSql("postgres", dbs);
    expect(sql).toMatch(/'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'/);
    expect(sql).not.toContain("p4ssw0rd");
    // Deterministic, so an unchanged password writes nothing on the next run.
    expect(perHcpInitSql("postgres", dbs)).toBe(sql);
  });

  it("MySQL: remembers a fingerprint of the password it set, not the password", () => {
    const sql = perHcpInitSql("mysql", dbs);
    const recorded = /INSERT INTO `hcpbench_meta`\.hcp_credentials \(user_name, fingerprint\) VALUES \('hcp_001', '([0-9a-f]{64})'\)/.exec(sql);
    expect(recorded).not.toBeNull();
    // The password itself appears only where MySQL must hash it: CREATE USER and the conditional ALTER USER.
    expect(sql.match(/p4ssw0rd/g)).toHaveLength(2);
    expect(sql.split("\n").filter((l) => l.includes("p4ssw0rd")).map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual(["CREATE USER", "SET @hcpbench_stmt"]);
  });
});

describe("perHcpInitJob", () => {
  const placement = placementFor("db-postgres");

  it.each(["postgres", "mysql"] as const)("%s: runs the engine's client with the admin login from its Secret, on the given pool", (engine) => {
    const job = perHcpInitJob({ name: "pg-init-abc", namespace: namespaces.data, server: server(engine), sqlSecretName: "hcp-sql", placement });
    expect(job).toMatchObject({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "pg-init-abc", namespace: namespaces.data } });
    const pod = (job.spec as { template: { spec: Record<string, unknown> } }).template.spec as {
      nodeSelector: unknown;
      tolerations: unknown;
      containers: { image: string; env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[]; volumeMounts: { mountPath: string }[] }[];
      volumes: { secret?: { secretName: string; items: { key: string }[] } }[];
      securityContext: { runAsNonRoot: boolean };
    };
    expect(pod.nodeSelector).toEqual(placement.nodeSelector);
    expect(pod.tolerations).toEqual(placement.tolerations);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const [container] = pod.containers;
    expect(container.image).toBe(server(engine).image);
    const fromSecret = container.env.filter((e) => e.valueFrom).map((e) => e.valueFrom!.secretKeyRef);
    expect(fromSecret.map((r) => r.name)).toEqual([`${engine}-admin`, `${engine}-admin`]);
    expect(fromSecret.map((r) => r.key).sort()).toEqual(["password", "username"]);
    expect(pod.volumes[0].secret).toMatchObject({ secretName: "hcp-sql", items: [{ key: initSqlKey }] });
    expect(JSON.stringify(job)).not.toMatch(/password"\s*,\s*"value"/);
  });

  it("refuses a namespace where the admin Secret is not", () => {
    expect(() => perHcpInitJob({ name: "x", namespace: namespaces.fleet, server: server("postgres"), sqlSecretName: "s", placement })).toThrow(/must run in namespace hcpbench-data/);
  });
});
