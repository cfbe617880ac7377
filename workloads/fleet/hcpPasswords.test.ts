import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hcpNames } from "./hcpNames";
import { hcpDatabasePassword } from "./hcpPasswords";

const master = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL";

describe("hcpDatabasePassword", () => {
  it("is HMAC-SHA256 of the HCP name under the master secret", () => {
    expect(hcpDatabasePassword(master, "hcp-001")).toBe(createHmac("sha256", master).update("hcpbench-db:hcp-001").digest("hex"));
  });

  it("is stable, 64 hex characters, and different for every HCP of a 1,000-HCP fleet", () => {
    const all = hcpNames(1000).map((n) => hcpDatabasePassword(master, n));
    expect(new Set(all).size).toBe(1000);
    expect(all.every((p) => /^[0-9a-f]{64}$/.test(p))).toBe(true);
    expect(hcpDatabasePassword(master, "hcp-0001")).toBe(all[0]);
  });

  it("changes with the master and never contains it", () => {
    const other = `${master.slice(0, -1)}w`;
    expect(hcpDatabasePassword(other, "hcp-001")).not.toBe(hcpDatabasePassword(master, "hcp-001"));
    expect(hcpDatabasePassword(master, "hcp-001")).not.toContain(master.slice(0, 8));
  });
});
