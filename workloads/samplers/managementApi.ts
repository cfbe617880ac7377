import { Agent, request } from "undici";
import type { ApiCredentials } from "./kubeconfigCredentials";
import { deadline } from "../loadgen/schedule/deadline";

/** A non-2xx answer from the API server, with its status so callers can tell 403 from 404. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    body: string,
  ) {
    super(`GET ${path}: HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ""}`);
  }
}

/** The few read calls the bench makes on the management cluster (Secrets, PodMetrics). */
export interface ManagementApi {
  getJson<T>(path: string, signal?: AbortSignal): Promise<T>;
  close(): Promise<void>;
}

/** A small undici client: one keep-alive pool, TLS from the credentials, bearer token per request. */
export function managementApi(creds: ApiCredentials, opts: { timeoutMs?: number } = {}): ManagementApi {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const dispatcher = new Agent({
    connect: { ca: creds.ca, cert: creds.cert, key: creds.key, rejectUnauthorized: !creds.insecureSkipTlsVerify },
    connections: 4,
  });
  return {
    async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
      const headers: Record<string, string> = { accept: "application/json" };
      const token = await creds.token?.();
      if (token) headers.authorization = `Bearer ${token}`;
      const timeout = deadline(timeoutMs, signal);
      try {
        const res = await request(`${creds.server}${path}`, { method: "GET", headers, dispatcher, signal: timeout.signal });
        const body = await res.body.text();
        if (res.statusCode < 200 || res.statusCode >= 300) throw new ApiError(res.statusCode, path, body);
        return JSON.parse(body) as T;
      } finally {
        timeout.clear();
      }
    },
    close: () => dispatcher.close(),
  };
}
