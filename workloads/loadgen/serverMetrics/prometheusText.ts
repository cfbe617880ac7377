/** One sample of the Prometheus text exposition format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const lineRe = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export interface ParsedMetrics {
  readonly samples: Sample[];
  /** Lines that are neither a comment nor a sample: counted and reported, so a format change cannot silently empty a delta. */
  readonly unparsedLines: number;
  readonly firstUnparsed?: string;
}

/**
 * Parses the samples whose metric name is wanted (by prefix of the family,
 * so a histogram's _bucket, _sum and _count come along). An API server's
 * /metrics runs to megabytes; the filter keeps this cheap.
 */
export function parsePrometheusText(text: string, wantFamily: (name: string) => boolean): ParsedMetrics {
  const out: Sample[] = [];
  let unparsedLines = 0;
  let firstUnparsed: string | undefined;
  for (const raw of text.split("\n")) {
    if (raw.trim() === "" || raw.startsWith("#")) continue;
    const m = lineRe.exec(raw.trim());
    if (!m) {
      unparsedLines++;
      firstUnparsed ??= raw.slice(0, 200);
      continue;
    }
    const name = m[1];
    if (!wantFamily(familyOf(name))) continue;
    const labels: Record<string, string> = {};
    if (m[2]) for (const l of m[2].matchAll(labelRe)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    out.push({ name, labels, value: parseValue(m[3]) });
  }
  return { samples: out, unparsedLines, ...(firstUnparsed !== undefined ? { firstUnparsed } : {}) };
}

export function familyOf(name: string): string {
  return name.replace(/_(bucket|sum|count|total)$/, "");
}

function parseValue(v: string): number {
  if (v === "+Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  return Number(v);
}
