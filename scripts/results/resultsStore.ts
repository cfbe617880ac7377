import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A place results are read from or written to: a local folder or an S3/MinIO
 * bucket under a key prefix. Keys are relative to the store's root and use
 * `/` on every platform.
 */
export interface ResultsStore {
  /** Human-readable location (`./results/s1`, `s3://bucket/results/s1/`). */
  readonly where: string;
  /** Every key under `prefix` (recursive), relative to the store root. */
  list(prefix?: string): Promise<string[]>;
  get(key: string): Promise<Buffer>;
  put(key: string, body: Buffer | string): Promise<void>;
}

/** A folder on disk. Writes go through a temporary file so a reader never sees half a file. */
export class LocalResultsStore implements ResultsStore {
  constructor(readonly root: string) {}

  get where(): string {
    return this.root.endsWith("/") ? this.root : `${this.root}/`;
  }

  async list(prefix = ""): Promise<string[]> {
    const start = path.join(this.root, prefix);
    if (!fs.existsSync(start)) return [];
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && !entry.name.endsWith(".partial")) out.push(path.relative(this.root, full).split(path.sep).join("/"));
      }
    };
    if (fs.statSync(start).isDirectory()) walk(start);
    else out.push(prefix);
    return out.sort();
  }

  async get(key: string): Promise<Buffer> {
    // Synchronous on purpose: for thousands of small result files the thread-pool round trip of
    // fs.promises costs more than the read (a 10,000-run report reads 20,000 files).
    return fs.readFileSync(path.join(this.root, key));
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const file = path.join(this.root, key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.partial`;
    await fs.promises.writeFile(tmp, body);
    await fs.promises.rename(tmp, file);
  }
}

/** A sub-tree of another store: keys are relative to `prefix`. */
export class PrefixedResultsStore implements ResultsStore {
  private readonly prefix: string;

  constructor(
    private readonly inner: ResultsStore,
    prefix: string,
  ) {
    this.prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  }

  get where(): string {
    return `${this.inner.where.replace(/\/$/, "")}/${this.prefix}`;
  }

  async list(prefix = ""): Promise<string[]> {
    const keys = await this.inner.list(`${this.prefix}${prefix}`);
    return keys.filter((k) => k.startsWith(this.prefix)).map((k) => k.slice(this.prefix.length));
  }

  get(key: string): Promise<Buffer> {
    return this.inner.get(`${this.prefix}${key}`);
  }

  put(key: string, body: Buffer | string): Promise<void> {
    return this.inner.put(`${this.prefix}${key}`, body);
  }
}

/** Files whose presence marks a point or a capture as finished; they are copied after everything else. */
const doneMarkers = new Set(["result.json", "capacity.json"]);

/** True when a result.json body is marked partial (a point stopped midway, which the Job's resume reruns). */
function isPartialResult(body: Buffer): boolean {
  try {
    return (JSON.parse(body.toString("utf8")) as { partial?: unknown }).partial === true;
  } catch {
    return false;
  }
}

/**
 * Points `to` holds only partially while `from` has them complete: the Job
 * reruns a partial point, so its complete result supersedes the partial one.
 */
async function supersededPoints(from: ResultsStore, to: ResultsStore, common: readonly string[]): Promise<Set<string>> {
  const dirs = new Set<string>();
  for (const key of common.filter((k) => k === "result.json" || k.endsWith("/result.json"))) {
    if (isPartialResult(await to.get(key)) && !isPartialResult(await from.get(key))) dirs.add(key.slice(0, key.length - "result.json".length));
  }
  return dirs;
}

/**
 * Copies every key of `from` that `to` does not hold yet; returns the keys
 * copied. Results are immutable, so an existing key is never overwritten, with
 * one exception: a point `to` holds as partial is replaced by a complete one.
 * A point's result.json lands only after its other files.
 */
export async function copyMissing(from: ResultsStore, to: ResultsStore, prefix = ""): Promise<string[]> {
  const [source, present] = await Promise.all([from.list(prefix), to.list(prefix)]);
  const have = new Set(present);
  const superseded = await supersededPoints(from, to, source.filter((k) => have.has(k)));
  const missing = source.filter((k) => !have.has(k) || [...superseded].some((dir) => k.startsWith(dir)));
  const isMarker = (k: string) => doneMarkers.has(k.slice(k.lastIndexOf("/") + 1));
  for (const batch of [missing.filter((k) => !isMarker(k)), missing.filter(isMarker)]) {
    // A few at a time: enough to hide S3 latency without opening hundreds of sockets.
    const queue = [...batch];
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) await to.put(key, await from.get(key));
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  }
  return missing;
}
