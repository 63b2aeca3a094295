/**
 * Lock identities derived from a name (the tracking table's): stable across processes, versions
 * and machines, so every alab that migrates one database contends for the same lock.
 */
import { createHash } from "node:crypto";

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** PostgreSQL advisory lock key: the first 8 bytes of sha256(name) as a signed 64-bit integer. */
export function advisoryKey(name: string): bigint {
  return digest(`alab:${name}`).readBigInt64BE(0);
}

/** The two 32-bit halves PostgreSQL shows in pg_locks (classid, objid) for a bigint key. */
export function advisoryKeyParts(key: bigint): { classid: number; objid: number } {
  const unsigned = BigInt.asUintN(64, key);
  return { classid: Number(unsigned >> 32n), objid: Number(unsigned & 0xffffffffn) };
}

/** MySQL/MariaDB GET_LOCK name (server-wide, at most 64 characters): scoped to the database. */
export function mysqlLockName(database: string, name: string): string {
  const plain = `alab:${database}:${name}`;
  return plain.length <= 64 ? plain : `alab:${digest(`${database}:${name}`).toString("hex").slice(0, 40)}`;
}
