import { describe, expect, it } from "vitest";
import { classifyStatus, classifyThrown, httpError } from "./errorClass";

describe("error classes", () => {
  it("maps HTTP statuses to the five classes plus rejected", () => {
    expect([409, 429, 500, 503, 504, 404, 403, 422].map(classifyStatus)).toEqual(["conflict", "throttled", "server", "server", "timeout", "rejected", "rejected", "rejected"]);
  });

  it("keeps a Status object's reason and message", () => {
    const body = JSON.stringify({ kind: "Status", code: 409, reason: "AlreadyExists", message: 'configmaps "load-000001" already exists' });
    expect(httpError(409, body)).toEqual({ cls: "conflict", message: '409 AlreadyExists: configmaps "load-000001" already exists' });
  });

  it("tells client timeouts from network failures", () => {
    expect(classifyThrown(Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" })).cls).toBe("timeout");
    expect(classifyThrown(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })).cls).toBe("network");
    expect(classifyThrown(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).message).toMatch(/^ECONNREFUSED: /);
  });
});
