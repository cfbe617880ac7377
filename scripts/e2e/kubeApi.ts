/** Two small pieces the e2e's cluster code shares: a controller-like poll loop and API status checks. */

/**
 * Runs `round` every `pollMs` until stopped, as a controller's resync would;
 * a round that fails is tried again on the next. The e2e's stand-ins use it.
 */
export function pollLoop(round: () => Promise<void>, pollMs: number): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      await round().catch(() => undefined);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Whether the API server answered `err` with this HTTP status (client-node's ApiException carries it as `code`). */
export const hasStatus = (err: unknown, status: number): boolean => (err as { code?: unknown }).code === status;
