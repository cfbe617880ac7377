/**
 * Ctrl-C and SIGTERM for commands that create things. The first signal
 * aborts (an `up` is cancelled the way Pulumi cancels on Ctrl-C); later ones
 * only say what is still running: a destroy is never cut short from here, and
 * the Pulumi CLI runs in its own session, so the terminal's Ctrl-C does not
 * reach it either.
 */
export function cancelOnSignal(messages: { first: string; again: string }, write: (line: string) => void = (l) => process.stderr.write(l)): {
  readonly signal: AbortSignal;
  readonly count: () => number;
  dispose(): void;
} {
  const controller = new AbortController();
  let received = 0;
  const handler = (sig: NodeJS.Signals) => {
    received++;
    if (received === 1) {
      write(`\nhcpbench: ${sig}: ${messages.first}\n`);
      controller.abort(new Error(`${sig} received`));
    } else {
      write(`\nhcpbench: ${sig} again: ${messages.again}\n`);
    }
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    count: () => received,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
