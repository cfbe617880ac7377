import { runMixed } from "./mixedLoad";
import type { Profile } from "./profile";

/** mixed-hot: the per-HCP rate on a hot subset of the fleet (hotFraction, 10 % by default). */
export const mixedHotProfile: Profile = {
  name: "mixed-hot",
  summary: "writes and reads at a per-HCP rate on a hot 10 % of the fleet (open loop)",
  defaults: { ops: 600, concurrency: 100, rate: 20, watchers: 1 },
  multiTarget: true,
  uses: ["watchers", "readFraction", "hotFraction"],
  run: (ctx) => runMixed(ctx, ctx.settings.hotFraction),
};
