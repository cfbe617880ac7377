import { describe, expect, it } from "vitest";
import schema from "../result.schema.json";
import { profiles } from "./registry";
import { profileNames } from "../../../infra/names/profiles";

describe("profile registry", () => {
  it("names each profile by its key, with sane defaults", () => {
    for (const [key, p] of Object.entries(profiles)) {
      expect(p.name).toBe(key);
      expect(p.defaults.ops).toBeGreaterThan(0);
      expect(p.defaults.concurrency).toBeGreaterThan(0);
      // Profiles that take a fleet are driven at a rate (kplane's scenarios); the others default to a closed loop.
      expect(p.defaults.rate !== undefined).toBe(p.multiTarget);
    }
  });

  it("is what result.json's schema accepts as a profile", () => {
    expect(schema.properties.profile.enum).toEqual([...profileNames]);
  });
});
