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

/**
 * Every storage backend hcpbench can deploy. Adding one: a new file beside
 * this one exporting a Backend, and one entry here. The config enum, the stack
 * list, `plan`, the sweep and the report all read this list.
 */
export const backends = [
  etcdBackend,
  kinePostgresBackend,
  kineMysqlBackend,
  kineSqliteBackend,
  kineNatsEmbeddedBackend,
  kineT4Backend,
  t4StandaloneBackend,
  kamajiEtcdBackend,
  kamajiPostgresBackend,
  kamajiMysqlBackend,
  kamajiNatsBackend,
] satisfies readonly Backend[];

export const backendNames = backends.map((b) => b.name) as [string, ...string[]];

export function backendByName(name: string): Backend {
  const found = backends.find((b) => b.name === name);
  if (!found) throw new Error(`unknown backend ${name}; known: ${backendNames.join(", ")}`);
  return found;
}
