import { describe, expect, it } from "vitest";
import { InputError } from "../../../infra/names/inputError";
import { parseSlo, parseSloClauses, sloText } from "./sloExpression";

const limits = (expr?: string) => Object.fromEntries(parseSlo(expr).map((c) => [c.metric, c.limit]));

describe("--slo expression", () => {
  it("defaults to write p99 <= 1 s, watch lag p99 <= 5 s, errors <= 0.1 %", () => {
    expect(limits()).toEqual({ "write.p99": 1, "lag.p99": 5, errors: 0.001 });
    expect(sloText(parseSlo())).toBe("write.p99<=1s,lag.p99<=5s,errors<=0.1%");
  });

  it("reads units by hand: 250ms is 0.25 s, 2.5s is 2.5 s, 1% is 0.01, 0% is 0", () => {
    expect(parseSloClauses("write.p99<=250ms, lag.max <= 2.5s ,errors≤1%").map((c) => [c.metric, c.limit, c.text])).toEqual([
      ["write.p99", 0.25, "write.p99<=250ms"],
      ["lag.max", 2.5, "lag.max<=2.5s"],
      ["errors", 0.01, "errors<=1%"],
    ]);
    expect(parseSloClauses("errors<=0%")[0].limit).toBe(0);
    expect(parseSloClauses("read.p999<=1500ms")[0].limit).toBe(1.5);
  });

  it("a clause replaces the default on its own metric and keeps the others", () => {
    // write.p99 tightened to 200 ms; lag.p99 and errors stay; read.p50 is added.
    expect(limits("write.p99<=200ms,read.p50<=10ms")).toEqual({ "write.p99": 0.2, "lag.p99": 5, errors: 0.001, "read.p50": 0.01 });
    expect(sloText(parseSlo("lag.p99<=2s"))).toBe("write.p99<=1s,errors<=0.1%,lag.p99<=2s");
  });

  it.each([
    ["", /"" is not <metric><=<limit>/],
    ["write.p99<1s", /"write.p99<1s" is not <metric><=<limit>/],
    ["write.p99<=1", /is not <metric><=<limit>/],
    ["write.p98<=1s", /unknown metric "write.p98"/],
    ["delete.p99<=1s", /unknown metric "delete.p99"/],
    ["errors<=1s", /errors takes a limit in % \(got "1s"\)/],
    ["errors<=101%", /errors limit must be at most 100 %/],
    ["lag.p99<=5%", /lag.p99 takes a limit in s or ms/],
    ["write.p99<=0ms", /write.p99 limit must be above 0/],
    ["write.p99<=-1s", /is not <metric><=<limit>/],
    ["write.p99<=1s,write.p99<=2s", /write.p99 is given twice/],
    ["write.p99<=1s,", /"" is not <metric><=<limit>/],
  ])("rejects %j in one line naming --slo and the grammar", (expr, why) => {
    let err: unknown;
    try {
      parseSlo(expr);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^--slo: cannot read /);
    expect(problems[0]).toMatch(why);
    expect(problems[0]).toContain("allowed: clauses <metric><=<limit>, comma-separated");
    expect(problems[0]).not.toContain("\n");
  });
});
