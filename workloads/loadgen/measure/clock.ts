/**
 * Microseconds on the monotonic clock. Every thread of one process reads the
 * same clock, so a send time stamped by a writer on the main thread can be
 * compared with a receive time taken in a watcher worker. (Wall-clock time
 * could step; performance.now() has a different origin in each worker.)
 */
export function nowMicros(): number {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
}
