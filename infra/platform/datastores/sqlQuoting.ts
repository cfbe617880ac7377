/**
 * Quoting for the SQL the platform generates. Names and passwords are
 * generated, but a quoting mistake here would be an injection into the admin
 * session, so each engine's rules are applied exactly.
 */

function refuseNul(value: string, what: string): void {
  if (value.includes("\u0000")) throw new Error(`${what} must not contain a NUL character`);
}

/** PostgreSQL string literal; correct because every script sets standard_conforming_strings = on. */
export function pgLiteral(value: string): string {
  refuseNul(value, "a PostgreSQL literal");
  return `'${value.replaceAll("'", "''")}'`;
}

/** PostgreSQL quoted identifier. */
export function pgIdent(value: string): string {
  refuseNul(value, "a PostgreSQL identifier");
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * MySQL/MariaDB string literal; correct under any sql_mode that lacks
 * NO_BACKSLASH_ESCAPES (every script sets sql_mode itself).
 */
export function mysqlLiteral(value: string): string {
  refuseNul(value, "a MySQL literal");
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** MySQL/MariaDB quoted identifier. */
export function mysqlIdent(value: string): string {
  refuseNul(value, "a MySQL identifier");
  return `\`${value.replaceAll("`", "``")}\``;
}

/**
 * A database name as it must appear in GRANT ... ON `db`.*: there `_` and `%`
 * are wildcards, so `hcp_1` would also grant on `hcpx1` unless escaped.
 */
export function mysqlGrantDatabase(value: string): string {
  return mysqlIdent(value.replace(/[\\_%]/g, (c) => `\\${c}`));
}
