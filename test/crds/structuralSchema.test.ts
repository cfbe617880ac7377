import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CrdValidator, fixtureCrdDir, loadCrds, toJsonSchema, validateAgainst } from "./structuralSchema";

const validator = new CrdValidator(
  loadCrds(["k0smotron.io_clusters.yaml", "kamaji.clastix.io_datastores.yaml"].map((f) => path.join(fixtureCrdDir, f))),
);

const cluster = (spec: Record<string, unknown>, apiVersion = "k0smotron.io/v1beta2") => ({
  apiVersion,
  kind: "Cluster",
  metadata: { name: "hcp-001", namespace: "hcpbench-fleet" },
  spec,
});

describe("CrdValidator (the checks the API server would make)", () => {
  it("accepts a valid object", () => {
    expect(validator.validate(cluster({ replicas: 1, service: { type: "ClusterIP" } }))).toEqual({ ok: true, errors: [] });
  });

  it("treats a field the API server would prune as an error, naming it", () => {
    const r = validator.validate(cluster({ replicas: 1, storage: { type: "kine", kine: { dataSourceUrl: "x" } } }));
    expect(r.ok).toBe(false);
    expect(r.errors).toContain("/spec/storage/kine: must NOT have additional properties (dataSourceUrl)");
  });

  it("keeps fields under x-kubernetes-preserve-unknown-fields (k0sConfig)", () => {
    expect(validator.validate(cluster({ k0sConfig: { anything: { goes: 1 } } })).ok).toBe(true);
  });

  it("checks enums, types and int-or-string", () => {
    expect(validator.validate(cluster({ storage: { type: "sqlite" } })).errors[0]).toMatch(/^\/spec\/storage\/type: must be equal to one of/);
    expect(validator.validate(cluster({ replicas: "1" })).ok).toBe(false);
    expect(validator.validate(cluster({ storage: { etcd: { image: "e", persistence: { size: "1Gi" } } } })).ok).toBe(true);
    expect(validator.validate(cluster({ storage: { etcd: { image: "e", persistence: { size: 1024 } } } })).ok).toBe(true);
    expect(validator.validate(cluster({ storage: { etcd: { image: "e", persistence: { size: true } } } })).ok).toBe(false);
  });

  it("refuses a version the CRD does not define or serve", () => {
    expect(validator.validate(cluster({}, "k0smotron.io/v1")).errors).toEqual(["k0smotron.io/v1 Cluster: no such version in the CRD"]);
    const unserved = new CrdValidator([{ group: "g.io", kind: "K", version: "v1", served: false, scope: "Cluster", schema: { type: "object" } }]);
    expect(unserved.validate({ apiVersion: "g.io/v1", kind: "K", metadata: { name: "k" } }).errors).toEqual(["g.io/v1 K: version is not served"]);
  });

  it("checks metadata and scope", () => {
    expect(validator.validate({ ...cluster({}), metadata: { name: "Bad_Name", namespace: "n" } }).ok).toBe(false);
    expect(validator.validate({ ...cluster({}), metadata: { name: "hcp-001" } }).errors).toContain("/metadata/namespace: Cluster is namespaced and needs one");
    const ds = { apiVersion: "kamaji.clastix.io/v1alpha1", kind: "DataStore", metadata: { name: "d", namespace: "x" }, spec: { driver: "etcd", endpoints: ["a:1"] } };
    expect(validator.validate(ds).errors).toEqual(["/metadata/namespace: DataStore is cluster-scoped"]);
  });
});

describe("toJsonSchema", () => {
  it("nullable adds null, OpenAPI boolean exclusive bounds become numbers", () => {
    expect(validateAgainst({ type: "string", nullable: true }, null).ok).toBe(true);
    const bounded = { type: "integer", minimum: 0, exclusiveMinimum: true };
    expect(toJsonSchema(bounded)).toEqual({ type: "integer", minimum: 0, exclusiveMinimum: 0 });
    expect(validateAgainst(bounded, 0).ok).toBe(false);
  });

  it("an object schema with no properties and no preserve flag accepts no fields (they would be pruned)", () => {
    expect(validateAgainst({ type: "object" }, { a: 1 }).ok).toBe(false);
    expect(validateAgainst({ type: "object", additionalProperties: { type: "string" } }, { a: "1" }).ok).toBe(true);
  });
});

describe("applyDefaults", () => {
  it("fills absent defaulted fields where their parent is present, as the API server does before validating", async () => {
    const { applyDefaults } = await import("./structuralSchema");
    const schema = {
      type: "object",
      properties: {
        etcd: { type: "object", required: ["image"], properties: { image: { type: "string", default: "etcd:1" }, size: { type: "string" } } },
        absent: { type: "object", properties: { x: { type: "string", default: "d" } } },
        list: { type: "array", items: { type: "object", properties: { y: { type: "integer", default: 3 } } } },
      },
    };
    expect(applyDefaults(schema, { etcd: { size: "1Gi" }, list: [{}, { y: 1 }] })).toEqual({ etcd: { size: "1Gi", image: "etcd:1" }, list: [{ y: 3 }, { y: 1 }] });
    expect(validateAgainst(schema, { etcd: {} }).ok).toBe(true);
    expect(validateAgainst({ ...schema, properties: { etcd: { ...schema.properties.etcd, properties: { image: { type: "string" } } } } }, { etcd: {} }).ok).toBe(false);
  });

  it("RE2 POSIX classes in CRD patterns work in JavaScript", async () => {
    const { re2ToJs } = await import("./structuralSchema");
    expect(re2ToJs("^a[[:xdigit:]]{2}$")).toBe("^a[0-9A-Fa-f]{2}$");
    expect(validateAgainst({ type: "string", pattern: "^[[:xdigit:]]+$" }, "beef").ok).toBe(true);
    expect(validateAgainst({ type: "string", pattern: "^[[:xdigit:]]+$" }, "beefy").ok).toBe(false);
  });
});
