import type { LabHcp, LabState } from "./labState";
import { parseAdminUrl, runSql, type SqlAdmin } from "./storage/sqlAdmin";

/** The datastore's side of a lab backend, read from the server itself after the load. */
export interface DatastoreRecord {
  readonly engine: "etcd" | "postgres" | "mysql";
  /** etcd: the backend file's size, the part of it in use, and 1 - inUse / size (what a defrag would give back). */
  readonly etcd?: { readonly dbSizeBytes: number; readonly dbInUseBytes: number; readonly fragmentation: number };
  /** SQL under kine: client connections against max_connections, and per HCP its kine table. */
  readonly sql?: {
    readonly connections: number;
    readonly maxConnections: number;
    /** rows: every revision kine keeps; compactionLag: revisions written since the last compaction (max(id) - compacted revision). */
    readonly tables: readonly { readonly hcp: string; readonly database: string; readonly rows: number; readonly compactionLag: number }[];
  };
}

/** One sample of a Prometheus text exposition (no labels), or undefined. */
function sample(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return m ? Number(m[1]) : undefined;
}

async function etcdRecord(endpoint: string): Promise<DatastoreRecord> {
  const res = await fetch(`${endpoint.replace(/\/$/, "")}/metrics`);
  if (!res.ok) throw new Error(`etcd ${endpoint}/metrics answered ${res.status}`);
  const text = await res.text();
  const size = sample(text, "etcd_mvcc_db_total_size_in_bytes");
  const inUse = sample(text, "etcd_mvcc_db_total_size_in_use_in_bytes");
  if (size === undefined || inUse === undefined) throw new Error(`etcd ${endpoint}/metrics has no etcd_mvcc_db_total_size_in_bytes / _in_use_in_bytes`);
  return { engine: "etcd", etcd: { dbSizeBytes: size, dbInUseBytes: inUse, fragmentation: size > 0 ? 1 - inUse / size : 0 } };
}

const connectionsSql = {
  postgres: "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'; SELECT current_setting('max_connections');",
  mysql: "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'Threads_connected'; SELECT @@max_connections;",
} as const;

// kine keeps the compacted revision in the prev_revision of its compact_rev_key row.
const kineTableSql = "SELECT count(*), COALESCE(max(id), 0) - COALESCE(max(CASE WHEN name = 'compact_rev_key' THEN prev_revision END), 0) FROM kine;";

async function sqlRecord(admin: SqlAdmin, hcps: readonly LabHcp[]): Promise<DatastoreRecord> {
  const [connections, maxConnections] = (await runSql(admin, connectionsSql[admin.engine])).split("\n").map((l) => Number(l.trim()));
  const tables = [];
  for (const h of hcps) {
    if (h.storage.kind !== "kine" || !h.storage.database) continue;
    const [rows, lag] = (await runSql(admin, kineTableSql, { user: admin.user, password: admin.password, database: h.storage.database })).split(/[|\t]/).map(Number);
    tables.push({ hcp: h.name, database: h.storage.database, rows, compactionLag: lag });
  }
  return { engine: admin.engine, sql: { connections, maxConnections, tables } };
}

/** The record of one backend of a lab that is up; undefined for storage without a shared server (SQLite, NATS). */
export async function datastoreRecord(state: LabState, backend: string): Promise<DatastoreRecord | undefined> {
  const hcps = state.hcps.filter((h) => h.backend === backend);
  if (hcps.length === 0) return undefined;
  const s = hcps[0].storage;
  if (s.kind === "etcd") return etcdRecord(s.endpoint);
  if (s.engine !== "postgres" && s.engine !== "mysql") return undefined;
  const server = state.servers.find((x) => x.backend === backend && x.engine === s.engine && x.adminUrl);
  const adminUrl = server?.adminUrl ?? state.createdDatabases.find((d) => d.engine === s.engine)?.adminUrl;
  if (!adminUrl) return undefined;
  return sqlRecord(parseAdminUrl("lab", s.engine, adminUrl), hcps);
}
