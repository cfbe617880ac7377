import { createHash, createHmac, pbkdf2Sync } from "node:crypto";

/** PostgreSQL's own defaults (src/include/common/scram-common.h). */
const ITERATIONS = 4096;
const SALT_BYTES = 16;

/**
 * A PostgreSQL SCRAM-SHA-256 verifier, computed client-side so the plain
 * password never reaches the server or its logs, and deterministic so that
 * re-running the init SQL with an unchanged password writes nothing.
 *
 * The salt is itself derived by PBKDF2 (same iteration count) from the
 * password and user: it differs per user and per password, and knowing it
 * makes guessing the password no cheaper than the verifier already does.
 * Passwords must be printable ASCII, for which SASLprep is the identity.
 */
export function scramSha256Verifier(user: string, password: string): string {
  if (!/^[\x20-\x7e]+$/.test(password)) throw new Error(`password of ${user} must be non-empty printable ASCII`);
  const salt = pbkdf2Sync(password, `hcpbench-scram-salt\u0000${user}`, ITERATIONS, SALT_BYTES, "sha256");
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
