/**
 * A signal that aborts after `ms`, or earlier when `parent` does; call
 * `clear()` once the work is over. Not `AbortSignal.any([parent,
 * AbortSignal.timeout(ms)])`: Node holds the timeout signal only weakly there,
 * so a garbage collection before it fires drops it and the combined signal
 * never aborts (nodejs/node#57736; seen on Node 20.20 as a point that outlived
 * its budget and never stopped). Here the timer holds the controller.
 */
export function deadline(ms: number, parent?: AbortSignal): { readonly signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError")), ms);
  return {
    signal: parent ? AbortSignal.any([parent, controller.signal]) : controller.signal,
    clear: () => clearTimeout(timer),
  };
}
