import { etcdBackend } from "./etcd";
import { kinePostgresBackend } from "./kine-postgres";
import { kineMysqlBackend } from "./kine-mysql";
import { kineSqliteBackend } from "./kine-sqlite";
import { kineNatsEmbeddedBackend } from "./kine-nats-embedded";
import { kineT4Backend } from "./kine-t4";
import { t4StandaloneBackend } from "./t4-standalone";
import { kamajiEtcdBackend } from "./kamaji-etcd";
import { kamajiPostgresBackend } from "./kamaji-postgres";
import { kamajiMysqlBackend } from "./kamaji-mysql";
import { kamajiNatsBackend } from "./kamaji-nats";
import type { Backend } from "./backend";

import { backendNames, type BackendName } from "../../infra/names/backends";

/**
 * Every storage backend's builders, bound to its descriptor by name
 * (infra/names/backends.ts). Adding one: a new file beside this one exporting
 * a Backend, its descriptor in the names list, and one entry here; the type
 * below refuses a missing or an unknown name.
 */
const backendsByName = {
  etcd: etcdBackend,
  "kine-postgres": kinePostgresBackend,
  "kine-mysql": kineMysqlBackend,
  "kine-sqlite": kineSqliteBackend,
  "kine-nats-embedded": kineNatsEmbeddedBackend,
  "kine-t4": kineT4Backend,
  "t4-standalone": t4StandaloneBackend,
  "kamaji-etcd": kamajiEtcdBackend,
  "kamaji-postgres": kamajiPostgresBackend,
  "kamaji-mysql": kamajiMysqlBackend,
  "kamaji-nats": kamajiNatsBackend,
} as const satisfies Record<BackendName, Backend>;

/** In the order of the names list. */
export const backends: readonly Backend[] = backendNames.map((name) => backendsByName[name]);

export function backendByName(name: string): Backend {
  const found = backends.find((b) => b.name === name);
  if (!found) throw new Error(`unknown backend ${name}; known: ${backendNames.join(", ")}`);
  return found;
}
