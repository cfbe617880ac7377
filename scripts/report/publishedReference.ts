import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../../infra/config/stackFiles";
import { parseCsv } from "../../infra/names/csv";

/** The numbers of the k0smotron "big bang" write-up, one per row (reference/published-k0smotron-hcp-benchmark.csv). */
export interface PublishedValue {
  readonly section: string;
  readonly storage: string;
  readonly hcpCount?: number;
  readonly concurrency?: number;
  readonly preset?: string;
  readonly replicas: number;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

export const publishedReferenceFile = path.join(projectRoot, "reference", "published-k0smotron-hcp-benchmark.csv");

export function parsePublished(text: string): PublishedValue[] {
  const [header, ...rows] = parseCsv(text);
  const idx = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`published reference: column ${name} missing`);
    return i;
  };
  const c = { section: idx("section"), storage: idx("storage"), count: idx("hcp_count"), conc: idx("concurrency"), preset: idx("preset"), replicas: idx("replicas"), metric: idx("metric"), value: idx("value"), unit: idx("unit") };
  const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s));
  return rows.map((r) => ({
    section: r[c.section],
    storage: r[c.storage],
    hcpCount: num(r[c.count]),
    concurrency: num(r[c.conc]),
    preset: r[c.preset] || undefined,
    replicas: num(r[c.replicas]) ?? 1,
    metric: r[c.metric],
    value: Number(r[c.value]),
    unit: r[c.unit],
  }));
}

export interface ReferenceQuery {
  readonly section: string;
  readonly storage: string;
  readonly metric: string;
  readonly hcpCount?: number;
  readonly concurrency?: number;
  readonly preset?: string;
  readonly replicas?: number;
}

/** Finds the published number for one table cell, by exact coordinates. */
export class PublishedReference {
  private readonly byKey = new Map<string, PublishedValue>();

  constructor(readonly values: readonly PublishedValue[]) {
    for (const v of values) this.byKey.set(PublishedReference.key(v), v);
  }

  static load(file = publishedReferenceFile): PublishedReference {
    return new PublishedReference(parsePublished(fs.readFileSync(file, "utf8")));
  }

  private static key(q: { section: string; storage: string; metric: string; hcpCount?: number; concurrency?: number; preset?: string; replicas?: number }): string {
    return [q.section, q.storage, q.metric, q.hcpCount ?? "", q.concurrency ?? "", q.preset ?? "", q.replicas ?? 1].join("|");
  }

  find(q: ReferenceQuery): PublishedValue | undefined {
    return this.byKey.get(PublishedReference.key(q));
  }
}
