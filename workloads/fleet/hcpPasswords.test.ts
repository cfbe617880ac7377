import { describe, expect, it } from "vitest";
import { hcpNames } from "./hcpNames";
import { hcpDatabasePassword } from "./hcpPasswords";

const master = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL";

describe("hcpDatabasePassword", () => {
  it("is HMAC-SHA256 of the HCP name under the master secret (known answers from a second implementation)", () => {
    // printf 'hcpbench-db:hcp-001' | openssl dgst -sha256 -hmac "$master"   (OpenSSL 3; Python's hmac agrees)
    expect(hcpDatabasePassword(master, "hcp-001")).toBe("1771812280c54c851bca5b6a86be1e0575b2a90b602dc3fc2d93795f50df4ac2");
    // printf 'hcpbench-db:hcp-002' | openssl dgst -sha256 -hmac "$master"
    expect(hcpDatabasePassword(master, "hcp-002")).toBe("1c89fbef265b0758201b3ae8fdcfb8b9c3a197623d75a3eeda0478f84e29d6bb");
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
