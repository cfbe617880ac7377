import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { InputError } from "../../infra/names/inputError";

/**
 * lab.json: everything `lab down` needs to end the lab after a crash, and
 * everything a user needs to reach each HCP. It holds data source URLs with
 * passwords, so it is written 0600, and rewritten after every process starts.
 */
const processSchema = z.object({
  role: z.string(),
  pid: z.number().int().positive(),
  exe: z.string(),
  marker: z.string(),
  log: z.string(),
  startedAt: z.string(),
});

const storageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("etcd"), endpoint: z.string(), prefix: z.string() }),
  z.object({
    kind: z.literal("kine"),
    /** The data source kine was started with (KINE_ENDPOINT), exactly. */
    dataSource: z.string(),
    /** kine's etcd-protocol address the API server uses. */
    endpoint: z.string(),
    engine: z.enum(["postgres", "mysql", "sqlite", "nats"]),
    database: z.string().optional(),
    user: z.string().optional(),
    sqliteFile: z.string().optional(),
    natsUrl: z.string().optional(),
    natsBucket: z.string().optional(),
    /** embedded: kine's own NATS server; nats-server: Debian's, with JetStream. */
    nats: z.enum(["embedded", "nats-server"]).optional(),
  }),
]);

const hcpSchema = z.object({
  backend: z.string(),
  name: z.string(),
  kubeconfig: z.string(),
  apiUrl: z.string(),
  pids: z.object({
    apiserver: z.number().int(),
    kine: z.number().int().optional(),
    /** With `lab up --components full`. */
    controllerManager: z.number().int().optional(),
    scheduler: z.number().int().optional(),
  }),
  storage: storageSchema,
  startedAt: z.string(),
  readyAt: z.string(),
  /** First process of the HCP started -> /readyz answered ok (and, with --components full, both components' /healthz). */
  secondsToReady: z.number(),
});

const serverSchema = z.object({
  backend: z.string(),
  engine: z.enum(["etcd", "postgres", "mysql", "nats-server"]),
  /** Started by the lab (its data is in the lab folder), or an existing server given by admin URL. */
  managed: z.boolean(),
  address: z.string(),
  /** Admin login of a server the lab started (generated password; this file is 0600). */
  adminUrl: z.string().optional(),
});

/** A management cluster (`lab cluster up`): one API server, its controllers and kwok's fake nodes. */
const clusterSchema = z.object({
  name: z.string(),
  context: z.string(),
  /** The admin kubeconfig, outside the per-process folders; `lab down` removes it too. */
  kubeconfig: z.string(),
  apiUrl: z.string(),
  storageClass: z.string(),
  nodes: z.array(z.string()),
  /** First process started -> every node Ready and the default service account present. */
  secondsToReady: z.number().optional(),
});

export const labStateSchema = z.object({
  schemaVersion: z.literal(1),
  dir: z.string(),
  createdAt: z.string(),
  status: z.enum(["starting", "up"]),
  processes: z.array(processSchema),
  servers: z.array(serverSchema),
  hcps: z.array(hcpSchema),
  /** Databases the lab created on a server it does not manage; `lab down` drops them. */
  createdDatabases: z.array(z.object({ engine: z.enum(["postgres", "mysql"]), adminUrl: z.string(), database: z.string(), user: z.string() })),
  cluster: clusterSchema.optional(),
});

export type LabState = z.infer<typeof labStateSchema>;
export type LabHcp = z.infer<typeof hcpSchema>;
export type LabStorage = z.infer<typeof storageSchema>;
export type LabServer = z.infer<typeof serverSchema>;
export type LabCluster = z.infer<typeof clusterSchema>;

export const labStateFile = "lab.json";

export function labStatePath(dir: string): string {
  return path.join(dir, labStateFile);
}

/** Written to a temp file and renamed, so a crash never leaves half a lab.json. */
export function writeLabState(state: LabState): void {
  const file = labStatePath(state.dir);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function readLabState(dir: string): LabState | undefined {
  const file = labStatePath(dir);
  if (!fs.existsSync(file)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${file}: not JSON (${(err as Error).message})`);
  }
  const parsed = labStateSchema.safeParse(doc);
  if (!parsed.success) throw new InputError(`${file}: not a lab.json this version writes (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}
