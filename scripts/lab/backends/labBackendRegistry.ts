import { etcdBackend } from "./etcdBackend";
import { kineNatsEmbeddedBackend } from "./kineNatsBackend";
import { kineMysqlBackend, kinePostgresBackend } from "./kineSqlBackend";
import { kineSqliteBackend } from "./kineSqliteBackend";
import type { LabBackend } from "./labBackend";

/** Every backend `lab up` can start; adding one is one file and one line here. */
export const labBackends: readonly LabBackend[] = [etcdBackend, kinePostgresBackend, kineMysqlBackend, kineSqliteBackend, kineNatsEmbeddedBackend];

export const labBackendNames = labBackends.map((b) => b.name);

export function labBackendByName(name: string): LabBackend | undefined {
  return labBackends.find((b) => b.name === name);
}
