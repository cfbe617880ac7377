/** Kubernetes equality-based label selectors: `k`, `!k`, `k=v`, `k==v`, `k!=v`, comma-separated (all must hold). */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

export function parseLabelSelector(selector: string | null | undefined): LabelMatcher {
  if (!selector) return () => true;
  const terms = selector.split(",").map((t) => t.trim()).filter(Boolean).map((t): LabelMatcher => {
    let m: RegExpExecArray | null;
    if ((m = /^([^!=]+)!=(.*)$/.exec(t))) {
      const [k, v] = [m[1].trim(), m[2].trim()];
      return (l) => l?.[k] !== v;
    }
    if ((m = /^([^!=]+)==?(.*)$/.exec(t))) {
      const [k, v] = [m[1].trim(), m[2].trim()];
      return (l) => l?.[k] === v;
    }
    if (t.startsWith("!")) {
      const k = t.slice(1).trim();
      return (l) => l?.[k] === undefined;
    }
    return (l) => l?.[t] !== undefined;
  });
  return (labels) => terms.every((f) => f(labels));
}
