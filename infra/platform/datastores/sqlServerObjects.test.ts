import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/stackFiles";
import { placementFor } from "../../substrate/pools";
import { sqlServerObjects } from "./sqlServerObjects";

const cfg = (tuning: "default" | "tuned") => parseConfig({ fleet: { backend: "kine-postgres", count: 100 }, databases: { tuning, volume: { sizeGiB: 250 } } });
const build = (engine: "postgres" | "mysql", tuning: "default" | "tuned" = "default") =>
  sqlServerObjects({ cfg: cfg(tuning), engine, placement: placementFor(engine === "postgres" ? "db-postgres" : "db-mysql"), storageClass: "io2-class", adminPassword: "generated" });
const byKind = (objs: ReturnType<typeof build>, kind: string) => objs.find((o) => o.kind === kind)!;

describe.each(["postgres", "mysql"] as const)("%s server objects", (engine) => {
  const objs = build(engine);
  const sts = byKind(objs, "StatefulSet") as unknown as { spec: { template: { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> }; volumeClaimTemplates: { spec: Record<string, unknown> }[] } };
  const pod = sts.spec.template.spec as { containers: { name: string; image: string; env: Record<string, unknown>[]; readinessProbe: unknown; resources: { requests: Record<string, string> } }[] };

  it("pins the official image at the configured version", () => {
    expect(pod.containers[0].image).toBe(engine === "postgres" ? "postgres:16.10" : "mysql:8.4.6");
    expect(pod.containers.every((c) => /:[^:]+$/.test(c.image) && !c.image.endsWith(":latest"))).toBe(true);
  });

  it("keeps its data on the database storage class, at the configured size", () => {
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: "io2-class", resources: { requests: { storage: "250Gi" } } });
  });

  it("takes admin credentials only from its Secret", () => {
    const secret = byKind(objs, "Secret") as unknown as { metadata: { name: string }; stringData: Record<string, string> };
    expect(secret.stringData.password).toBe("generated");
    const env = JSON.stringify(pod.containers.flatMap((c) => c.env));
    expect(env).not.toContain("generated");
    expect(env).toContain(`"secretKeyRef":{"name":"${secret.metadata.name}","key":"password"}`);
  });

  it("is ready only when the server answers, and reserves most of an r6i.xlarge", () => {
    expect(pod.containers[0].readinessProbe).toBeDefined();
    expect(pod.containers[0].resources.requests).toEqual({ cpu: "3", memory: "26Gi" });
  });

  it("mounts the tuning file, and rolls the pod when the profile changes", () => {
    const cm = byKind(objs, "ConfigMap") as unknown as { data: Record<string, string> };
    expect(Object.values(cm.data)[0]).toContain("max_connections");
    const tunedSts = byKind(build(engine, "tuned"), "StatefulSet") as unknown as typeof sts;
    expect(tunedSts.spec.template.metadata.annotations["hcpbench.io/config-sha256"]).not.toBe(sts.spec.template.metadata.annotations["hcpbench.io/config-sha256"]);
  });
});
