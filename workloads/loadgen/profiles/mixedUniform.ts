import { runMixed } from "./mixedLoad";
import type { Profile } from "./profile";

/** mixed-uniform: the same per-HCP rate as mixed-hot, on every HCP of the fleet. */
export const mixedUniformProfile: Profile = {
  name: "mixed-uniform",
  summary: "writes and reads at a per-HCP rate on every HCP (open loop)",
  defaults: { ops: 600, concurrency: 100, rate: 20, watchers: 1 },
  multiTarget: true,
  uses: ["watchers", "readFraction"],
  run: (ctx) => runMixed(ctx, undefined),
};
