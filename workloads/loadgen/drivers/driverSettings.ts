/** What every driver needs besides its target; plain data, so a worker thread can rebuild a driver. */
export interface DriverSettings {
  readonly namespace: string;
  /** Connections for operations (closed loop: one per client). Watches get their own. */
  readonly connections: number;
  readonly requestTimeoutMs: number;
  /** Size of each object's data payload, in bytes. */
  readonly payloadBytes: number;
  /** Objects this run may touch (warm-up + measured), so drivers can keep per-object state in flat arrays. */
  readonly objectCapacity: number;
}
