/**
 * Runs `work` with an AbortSignal that SIGINT / SIGTERM fire, so the lab can
 * stop what it started before the CLI exits (130 / 143). A second signal
 * exits at once.
 */
export async function withInterrupt<T>(what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(sig === "SIGINT" ? 130 : 143);
    process.stderr.write(`hcpbench: ${sig}: ${what} is stopping what it started (again to quit at once)\n`);
    process.exitCode = sig === "SIGINT" ? 130 : 143;
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await work(stop.signal);
  } catch (err) {
    if (!stop.signal.aborted) throw err;
    // The work cleaned up before it threw; what is left to say is that it was interrupted.
    process.stderr.write(`hcpbench: ${what}: interrupted; what it had started is stopped\n`);
    process.exit(process.exitCode as number);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
