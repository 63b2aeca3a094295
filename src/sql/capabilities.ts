/**
 * What a given server can do, derived once from its version string. Kysely compiles anything for
 * any dialect, so this table — not the compiler — decides how each operation is carried out.
 * docs/dialects.md lists the same facts for people.
 */
import { AlabError, unreachable } from "../errors";
import type { Dialect } from "./dialect";

export interface Capabilities {
  readonly dialect: Dialect;
  /** As reported by the server: "15.19", "10.11.19-MariaDB-0+deb12u1", "8.0.36", "3.54.0". */
  readonly version: string;
  /** Parsed [major, minor, patch]. */
  readonly semver: readonly [number, number, number];
  /** A MariaDB server (spoken as "mysql"). */
  readonly mariadb: boolean;
  /** DDL takes part in transactions (PostgreSQL, SQLite); MySQL/MariaDB commit each DDL statement implicitly. */
  readonly transactionalDdl: boolean;
  /** ALTER TABLE … RENAME COLUMN (MySQL 8.0, MariaDB 10.5.2, SQLite 3.25); otherwise CHANGE COLUMN / rebuild. */
  readonly renameColumn: boolean;
  /** ALTER TABLE … DROP COLUMN (SQLite 3.35, and then only for unconstrained columns). */
  readonly dropColumn: boolean;
  /** Renaming an index in place (PostgreSQL; MySQL 5.7; MariaDB 10.5.2); SQLite drops and recreates. */
  readonly renameIndex: boolean;
  /** ALTER COLUMN type/nullability/default and ADD/DROP CONSTRAINT; false on SQLite (table rebuild). */
  readonly alterTable: boolean;
  /** How a CHECK is dropped: MySQL `DROP CHECK`, MariaDB and PostgreSQL `DROP CONSTRAINT`. */
  readonly dropCheck: "check" | "constraint";
}

type Version = readonly [number, number, number];

/** Oldest servers alab plans for, with the feature that sets the floor. */
const FLOORS: Record<"postgres" | "mysql" | "mariadb" | "sqlite", { min: Version; why: string }> = {
  postgres: { min: [13, 0, 0], why: "gen_random_uuid() is built in from PostgreSQL 13" },
  mysql: { min: [8, 0, 16], why: "CHECK constraints are enforced and expression defaults exist from MySQL 8.0.16" },
  mariadb: { min: [10, 3, 0], why: "CHECK constraints are enforced and DEFAULT (uuid()) works from MariaDB 10.3" },
  sqlite: { min: [3, 25, 0], why: "ALTER TABLE RENAME COLUMN exists from SQLite 3.25" },
};

function parseVersion(dialect: Dialect, version: string): Version {
  const m = /^\s*(?:PostgreSQL\s+)?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  if (!m) {
    throw new AlabError({
      code: "E_SQL_BAD_VERSION",
      message: `cannot read the ${dialect} server version from \`${version}\``,
      hint: "the driver passes the server's version string (e.g. \"15.19\", \"10.11.19-MariaDB\", \"3.54.0\"); this is a bug if you see it",
      exit: 1,
    });
  }
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function atLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  }
  return true;
}

export function capabilitiesFor(dialect: Dialect, version: string): Capabilities {
  const v = parseVersion(dialect, version);
  const mariadb = dialect === "mysql" && /mariadb/i.test(version);
  const product = mariadb ? "mariadb" : dialect;
  const floor = FLOORS[product];
  if (!atLeast(v, floor.min)) {
    throw new AlabError({
      code: "E_SQL_UNSUPPORTED_VERSION",
      message: `${mariadb ? "MariaDB" : dialect} ${version} is older than alab supports (${floor.min.join(".")})`,
      hint: `upgrade the server: ${floor.why}`,
      exit: 1,
    });
  }
  const base = { dialect, version, semver: v, mariadb };
  switch (dialect) {
    case "postgres":
      return { ...base, transactionalDdl: true, renameColumn: true, dropColumn: true, renameIndex: true, alterTable: true, dropCheck: "constraint" };
    case "mysql":
      return {
        ...base,
        transactionalDdl: false,
        renameColumn: mariadb ? atLeast(v, [10, 5, 2]) : true,
        dropColumn: true,
        renameIndex: mariadb ? atLeast(v, [10, 5, 2]) : true,
        alterTable: true,
        dropCheck: mariadb ? "constraint" : "check",
      };
    case "sqlite":
      return {
        ...base,
        transactionalDdl: true,
        renameColumn: atLeast(v, [3, 25, 0]),
        dropColumn: atLeast(v, [3, 35, 0]),
        renameIndex: false,
        alterTable: false,
        dropCheck: "constraint",
      };
    default:
      return unreachable(dialect, "dialect");
  }
}
