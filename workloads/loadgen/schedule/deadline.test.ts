import * as v8 from "node:v8";
import * as vm from "node:vm";
import { describe, expect, it } from "vitest";
import { deadline } from "./deadline";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

const abortedWithin = (signal: AbortSignal, ms: number) =>
  new Promise<string>((resolve) => {
    const give = setTimeout(() => resolve("not aborted"), ms);
    signal.addEventListener("abort", () => (clearTimeout(give), resolve((signal.reason as Error).name)));
  });

describe("deadline", () => {
  it("aborts after its time even when garbage is collected while it waits", async () => {
    const parent = new AbortController();
    const { signal } = deadline(200, parent.signal);
    setTimeout(collectGarbage, 20);
    setTimeout(collectGarbage, 80);
    expect(await abortedWithin(signal, 3000)).toBe("TimeoutError");
  });

  it("aborts at once with its parent, with the parent's reason", async () => {
    const parent = new AbortController();
    const d = deadline(60_000, parent.signal);
    parent.abort(new DOMException("stop", "AbortError"));
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as Error).name).toBe("AbortError");
    d.clear();
  });

  it("does not abort once cleared", async () => {
    const d = deadline(50);
    d.clear();
    expect(await abortedWithin(d.signal, 200)).toBe("not aborted");
  });
});
