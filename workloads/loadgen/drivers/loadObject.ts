/**
 * The objects the load generator writes: ConfigMaps `load-%06d`, labelled so
 * leftovers can be found and so lists and watches skip anything else in the
 * namespace (every namespace also holds kube-root-ca.crt). Each write carries
 * its own send time, so a watcher can time the event it causes.
 */
export const loadLabelKey = "hcpbench.io/load";
export const loadLabelValue = "loadgen";
export const sentAnnotation = "hcpbench.io/sent-us";
export const stepAnnotation = "hcpbench.io/step";
/** Exists-selector: every object any load generator run wrote. */
export const loadSelector = loadLabelKey;

export type WriteStep = "create" | "update1" | "update2";

const namePrefix = "load-";

export function objectName(index: number): string {
  const digits = String(index);
  return digits.length >= 6 ? namePrefix + digits : namePrefix + "000000".slice(digits.length) + digits;
}

/** Index of a load object's name, or -1 for anything else. Called once per watch event: no allocation. */
export function objectIndex(name: string): number {
  if (name.length <= namePrefix.length || !name.startsWith(namePrefix)) return -1;
  let n = 0;
  for (let i = namePrefix.length; i < name.length; i++) {
    const d = name.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The ConfigMap as JSON text. Built by concatenation: it is on the hot path
 * (one per write) and the shape never changes; the names are ours, so
 * nothing needs escaping except the payload, which is fixed-alphabet.
 */
export function configMapJson(namespace: string, index: number, step: WriteStep, stampUs: number, payload: string): string {
  return (
    `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${objectName(index)}","namespace":"${namespace}",` +
    `"labels":{"${loadLabelKey}":"${loadLabelValue}"},"annotations":{"${sentAnnotation}":"${Math.round(stampUs)}","${stepAnnotation}":"${step}"}},` +
    `"data":{"payload":"${payload}"}}`
  );
}

/** A payload of the given size from a fixed alphabet (no escaping needed). */
export function payloadOfSize(bytes: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let i = 0; i < bytes; i++) s += alphabet[i % alphabet.length];
  return s;
}

/** Send-time stamp of a stored object (NaN when missing). */
export function stampOf(obj: { metadata?: { annotations?: Record<string, string> } } | undefined): number {
  const v = obj?.metadata?.annotations?.[sentAnnotation];
  return v === undefined ? NaN : Number(v);
}
