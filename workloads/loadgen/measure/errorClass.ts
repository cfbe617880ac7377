import type { ErrorClass } from "../loadgenResult";

/** A failed operation: its class and a one-line message for first_err columns. */
export interface OpError {
  readonly cls: ErrorClass;
  readonly message: string;
}

/** Class of an HTTP status that is not a success. */
export function classifyStatus(status: number): ErrorClass {
  if (status === 409) return "conflict";
  if (status === 429) return "throttled";
  if (status === 504) return "timeout";
  if (status >= 500) return "server";
  return "rejected";
}

const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT", "ABORT_ERR", "TimeoutError"]);

/** Class of an exception thrown by the HTTP client: timeouts apart, everything else is the network. */
export function classifyThrown(err: unknown): OpError {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code ?? e?.name ?? "";
  const message = `${code ? `${code}: ` : ""}${e?.message ?? String(err)}`;
  return { cls: timeoutCodes.has(code) || e?.name === "TimeoutError" ? "timeout" : "network", message: oneLine(message) };
}

export function httpError(status: number, body: string): OpError {
  return { cls: classifyStatus(status), message: oneLine(`${status} ${statusMessage(body)}`) };
}

/** The message of a Kubernetes Status object (or of etcd's gateway error), else the start of the body. */
function statusMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string; error?: string; reason?: string };
    const msg = parsed.message ?? parsed.error;
    if (msg) return parsed.reason ? `${parsed.reason}: ${msg}` : msg;
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 200);
}

export function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim().slice(0, 300);
}
