import { describe, expect, it } from "vitest";
import { kamajiResources, kamajiShares } from "./kamajiResourceSplit";
import { presetNames, sizePresets } from "../../infra/names/presets";

const milli = (q: string) => Number(q.replace(/m$/, ""));
const mebi = (q: string) => Number(q.replace(/Mi$/, ""));

describe("kamajiResources", () => {
  const limited = presetNames.filter((p) => p !== "unlimited");

  it.each(limited.flatMap((p) => [[p, true], [p, false]] as const))("%s (kine: %s) adds up exactly to the preset", (preset, withKine) => {
    const res = kamajiResources(preset, withKine)!;
    const p = sizePresets[preset] as { milliCpu: number; memoryMiB: number };
    const all = Object.values(res);
    expect(all.reduce((s, r) => s + milli(r.limits.cpu), 0)).toBe(p.milliCpu);
    expect(all.reduce((s, r) => s + mebi(r.limits.memory), 0)).toBe(p.memoryMiB);
    for (const r of all) expect(r.requests).toEqual(r.limits);
  });

  it("gives kine a container only when the driver runs kine", () => {
    expect(Object.keys(kamajiResources("small", true)!).sort()).toEqual(["apiServer", "controllerManager", "kine", "scheduler"]);
    expect(Object.keys(kamajiResources("small", false)!).sort()).toEqual(["apiServer", "controllerManager", "scheduler"]);
  });

  it("the API server gets the largest share, in whole millicores and MiB", () => {
    const res = kamajiResources("tiny", true)!;
    // 250m: kine 62, controller-manager 37, scheduler 25 (floors); the API server takes the rest, 126.
    expect(res.apiServer!.limits).toEqual({ cpu: "126m", memory: "257Mi" });
    expect(res.kine!.limits).toEqual({ cpu: "62m", memory: "128Mi" });
    expect(res.controllerManager!.limits).toEqual({ cpu: "37m", memory: "76Mi" });
    expect(res.scheduler!.limits).toEqual({ cpu: "25m", memory: "51Mi" });
  });

  it("shares sum to 1", () => {
    for (const shares of Object.values(kamajiShares)) expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it("unlimited sets no resources", () => {
    expect(kamajiResources("unlimited", true)).toBeUndefined();
  });
});
