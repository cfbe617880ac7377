import { createHmac } from "node:crypto";
import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import type { SqlServer } from "../platformOutputs";
import { scramSha256Verifier } from "./scramVerifier";
import { mysqlGrantDatabase, mysqlIdent, mysqlLiteral, pgIdent, pgLiteral } from "./sqlQuoting";

/**
 * One database and one login per HCP on a shared SQL server. The fleet layer
 * puts perHcpInitSql(...) in a Secret and runs perHcpInitJob(...) against it.
 */
export interface HcpDatabase {
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** Key of the SQL in the Secret the init Job mounts. */
export const initSqlKey = "init.sql";

/** MySQL: where the init SQL remembers which password it last set, so an unchanged one is not re-hashed. */
const mysqlMetaSchema = "hcpbench_meta";

const reserved = {
  postgres: { databases: ["postgres", "template0", "template1"], users: ["postgres", "public"] },
  mysql: { databases: ["mysql", "sys", "information_schema", "performance_schema", mysqlMetaSchema], users: ["root", "mysql.sys", "mysql.session", "mysql.infoschema"] },
} as const;

/** Server limits: PostgreSQL silently truncates names over 63 bytes, MySQL refuses users over 32 characters. */
const maxLength = { postgres: { database: 63, user: 63 }, mysql: { database: 64, user: 32 } } as const;

function validate(engine: "postgres" | "mysql", dbs: readonly HcpDatabase[]): void {
  const problems: string[] = [];
  const seenDb = new Set<string>();
  const seenUser = new Set<string>();
  for (const db of dbs) {
    for (const [kind, value] of [["database", db.database], ["user", db.user]] as const) {
      const bytes = Buffer.byteLength(value, "utf8");
      if (bytes === 0 || bytes > maxLength[engine][kind]) problems.push(`${kind} "${value}" must be 1-${maxLength[engine][kind]} bytes for ${engine}`);
      if ((reserved[engine][kind === "database" ? "databases" : "users"] as readonly string[]).includes(value.toLowerCase())) problems.push(`${kind} "${value}" is reserved on ${engine}`);
    }
    // MySQL keeps each database as a directory; these cannot be part of its name.
    if (engine === "mysql" && (/[/\\.]/.test(db.database) || db.database.endsWith(" "))) problems.push(`database "${db.database}" must not contain / \\ . or end in a space for mysql`);
    if (!/^[\x20-\x7e]+$/.test(db.password)) problems.push(`password of user "${db.user}" must be non-empty printable ASCII`);
    if (seenDb.has(db.database)) problems.push(`database "${db.database}" appears twice`);
    if (seenUser.has(db.user)) problems.push(`user "${db.user}" appears twice: each HCP needs its own login`);
    seenDb.add(db.database);
    seenUser.add(db.user);
  }
  if (problems.length > 0) throw new Error(`per-HCP databases: ${problems.join("; ")}`);
}

/**
 * PostgreSQL, run by psql (`\gexec` executes each generated statement; a query
 * that returns no row executes nothing). Every write is guarded by a check of
 * the catalog, so an unchanged run writes nothing at all.
 */
function postgresSql(dbs: readonly HcpDatabase[]): string {
  const out = ["-- hcpbench per-HCP databases (PostgreSQL). Idempotent; run with psql -v ON_ERROR_STOP=1.", "\\set ON_ERROR_STOP on", "SET standard_conforming_strings = on;"];
  for (const db of dbs) {
    const [name, user, verifier] = [pgLiteral(db.database), pgLiteral(db.user), pgLiteral(scramSha256Verifier(db.user, db.password))];
    out.push(
      "",
      `-- ${pgIdent(db.database)} for ${pgIdent(db.user)}`,
      `SELECT format('CREATE ROLE %I LOGIN', ${user}) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${user})`,
      "\\gexec",
      // A pre-computed SCRAM verifier is stored as given, so equal passwords give equal catalog rows.
      `SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L', rolname, ${verifier}) FROM pg_authid`,
      `  WHERE rolname = ${user} AND (rolpassword IS DISTINCT FROM ${verifier} OR NOT rolcanlogin OR rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication)`,
      "\\gexec",
      `SELECT format('CREATE DATABASE %I OWNER %I', ${name}, ${user}) WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${name})`,
      "\\gexec",
      `SELECT format('ALTER DATABASE %I OWNER TO %I', datname, ${user}) FROM pg_database`,
      `  WHERE datname = ${name} AND datdba <> (SELECT oid FROM pg_roles WHERE rolname = ${user})`,
      "\\gexec",
      // A NULL acl means the defaults, which give PUBLIC (every role) CONNECT and TEMP.
      `SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', datname) FROM pg_database`,
      `  WHERE datname = ${name} AND (datacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(datacl) a WHERE a.grantee = 0))`,
      "\\gexec",
    );
  }
  out.push(
    "",
    // Every role may connect to the maintenance databases by default, and read the catalog there (every
    // HCP's role and database name). No HCP's user needs them: kine tries `postgres` once to create its
    // database and goes on when refused (kine pkg/drivers/pgsql/pgsql.go, createDBIfNotExist).
    "-- the maintenance databases: no way in for the HCPs' users",
    `SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', datname) FROM pg_database`,
    `  WHERE datname IN ('postgres', 'template1') AND (datacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(datacl) a WHERE a.grantee = 0))`,
    "\\gexec",
  );
  return `${out.join("\n")}\n`;
}

/** Identifies the password last set for a user without revealing it (HMAC keyed by the password). */
function passwordFingerprint(db: HcpDatabase): string {
  return createHmac("sha256", db.password).update(`hcpbench:${db.user}`).digest("hex");
}

/**
 * MySQL 8.4 and MariaDB 10.11. Both re-hash a password with a fresh salt (or
 * a new timestamp) on every ALTER USER, so the script records a fingerprint
 * of the password it set and runs ALTER USER only when that differs.
 */
function mysqlSql(dbs: readonly HcpDatabase[]): string {
  const meta = mysqlIdent(mysqlMetaSchema);
  const out = [
    "-- hcpbench per-HCP databases (MySQL/MariaDB). Idempotent; run with the mysql client.",
    // Fixes the quoting rules the literals below rely on (no NO_BACKSLASH_ESCAPES, no ANSI_QUOTES).
    "SET SESSION sql_mode = 'TRADITIONAL';",
    `CREATE DATABASE IF NOT EXISTS ${meta};`,
    `CREATE TABLE IF NOT EXISTS ${meta}.hcp_credentials (user_name VARCHAR(64) NOT NULL PRIMARY KEY, fingerprint CHAR(64) NOT NULL) ENGINE=InnoDB;`,
  ];
  for (const db of dbs) {
    const account = `${mysqlLiteral(db.user)}@'%'`;
    const fingerprint = mysqlLiteral(passwordFingerprint(db));
    const alter = `ALTER USER ${account} IDENTIFIED BY ${mysqlLiteral(db.password)}`;
    out.push(
      "",
      `-- ${mysqlIdent(db.database)} for ${account}`,
      `CREATE DATABASE IF NOT EXISTS ${mysqlIdent(db.database)};`,
      `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${mysqlLiteral(db.password)};`,
      `SET @hcpbench_stmt = IF(EXISTS (SELECT 1 FROM ${meta}.hcp_credentials WHERE user_name = ${mysqlLiteral(db.user)} AND fingerprint = ${fingerprint}), 'DO 0', ${mysqlLiteral(alter)});`,
      "PREPARE hcpbench_stmt FROM @hcpbench_stmt;",
      "EXECUTE hcpbench_stmt;",
      "DEALLOCATE PREPARE hcpbench_stmt;",
      `INSERT INTO ${meta}.hcp_credentials (user_name, fingerprint) VALUES (${mysqlLiteral(db.user)}, ${fingerprint}) ON DUPLICATE KEY UPDATE fingerprint = ${fingerprint};`,
      `GRANT ALL PRIVILEGES ON ${mysqlGrantDatabase(db.database)}.* TO ${account};`,
    );
  }
  out.push("SET @hcpbench_stmt = NULL;");
  return `${out.join("\n")}\n`;
}

/** Idempotent SQL: creates each database and user if missing, grants each user only its own database. */
export function perHcpInitSql(engine: "postgres" | "mysql", dbs: readonly HcpDatabase[]): string {
  validate(engine, dbs);
  return engine === "postgres" ? postgresSql(dbs) : mysqlSql(dbs);
}

/** Waits for the server (the Job may start before the StatefulSet is ready), then runs the SQL once. */
function clientScript(engine: "postgres" | "mysql"): string {
  if (engine === "postgres") {
    return [
      "set -eu",
      'until pg_isready -q -h "$PGHOST" -p "$PGPORT"; do echo "waiting for $PGHOST:$PGPORT"; sleep 2; done',
      `exec psql -X -q -v ON_ERROR_STOP=1 -f /sql/${initSqlKey}`,
    ].join("\n");
  }
  return [
    "set -eu",
    'until mysqladmin ping --protocol=TCP -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" --silent; do echo "waiting for $DB_HOST:$DB_PORT"; sleep 2; done',
    `exec mysql --protocol=TCP -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" < /sql/${initSqlKey}`,
  ].join("\n");
}

/** Admin credentials reach the client only as environment from the server's Secret. */
function clientEnv(server: SqlServer): Record<string, unknown>[] {
  const fromSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: server.adminSecretName, key } } });
  if (server.engine === "postgres") {
    return [
      { name: "PGHOST", value: server.host },
      { name: "PGPORT", value: String(server.port) },
      { name: "PGDATABASE", value: "postgres" },
      { name: "PGCONNECT_TIMEOUT", value: "10" },
      fromSecret("PGUSER", "username"),
      fromSecret("PGPASSWORD", "password"),
    ];
  }
  return [
    { name: "DB_HOST", value: server.host },
    { name: "DB_PORT", value: String(server.port) },
    fromSecret("DB_USER", "username"),
    // Read by the mysql client; keeps the password off the command line.
    fromSecret("MYSQL_PWD", "password"),
  ];
}

/**
 * A batch/v1 Job object (plain) that runs the SQL from Secret `sqlSecretName`
 * (key `init.sql`) against `server` with the admin credentials from
 * `server.adminSecretName`. Both Secrets live in the data namespace, and a pod
 * can read Secrets only from its own namespace, so the Job runs there too.
 * The pod template does not change when the SQL does: name the Job after a
 * hash of the SQL so that a changed set of HCPs runs a new Job.
 */
export function perHcpInitJob(args: { name: string; namespace: string; server: SqlServer; sqlSecretName: string; placement: Placement }): Record<string, unknown> {
  const { name, namespace, server, sqlSecretName, placement } = args;
  if (namespace !== namespaces.data) {
    throw new Error(`per-HCP init Job ${name} must run in namespace ${namespaces.data}, where ${server.adminSecretName} lives (got ${namespace})`);
  }
  const labels = { "app.kubernetes.io/name": "hcpbench-db-init", "app.kubernetes.io/part-of": "hcpbench", "app.kubernetes.io/component": `${server.engine}-init` };
  // uid/gid 999 is the postgres and mysql user in both official images.
  const uid = 999;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace, labels },
    spec: {
      backoffLimit: 4,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          nodeSelector: { ...placement.nodeSelector },
          tolerations: placement.tolerations.map((t) => ({ ...t })),
          securityContext: { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "init",
              image: server.image,
              command: ["/bin/sh", "-c", clientScript(server.engine)],
              env: clientEnv(server),
              volumeMounts: [
                { name: "sql", mountPath: "/sql", readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            },
          ],
          volumes: [
            { name: "sql", secret: { secretName: sqlSecretName, defaultMode: 0o440, items: [{ key: initSqlKey, path: initSqlKey }] } },
            { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
          ],
        },
      },
    },
  };
}
