/**
 * Which database errors are the database's fault, by each database's own codes. Most of these
 * cannot be produced on a shared test server (a full disk, a hot standby, a server-wide
 * read_only), so the tables are checked here; tests/workflows/database-faults.test.ts meets the
 * ones that can be produced (read-only SQLite file and mount, read-only PostgreSQL database, a
 * MariaDB user without a privilege) through the binary.
 */
import { describe, expect, test } from "bun:test";
import { fault, type FaultKind, lostFault, mysqlFaultKind, postgresFaultKind, sqliteFaultKind } from "../../src/db/faults";
import { describeTarget, hiddenTarget } from "../../src/db/target";

describe("SQLite result codes", () => {
  test.each([
    ["SQLITE_READONLY", "read-only"],
    ["SQLITE_READONLY_DIRECTORY", "read-only"],
    ["SQLITE_PERM", "permission"],
    ["SQLITE_FULL", "full"],
    ["SQLITE_IOERR", "io"],
    ["SQLITE_IOERR_WRITE", "io"],
    ["SQLITE_CANTOPEN", "io"],
    ["SQLITE_CORRUPT", "corrupt"],
    ["SQLITE_NOTADB", "corrupt"],
    ["SQLITE_BUSY", "busy"],
    ["SQLITE_BUSY_SNAPSHOT", "busy"],
    ["SQLITE_LOCKED", "busy"],
    ["SQLITE_ERROR", undefined],
    ["SQLITE_CONSTRAINT_UNIQUE", undefined],
    ["SQLITE_MISMATCH", undefined],
  ] as [string, FaultKind | undefined][])("%p → %p", (code, kind) => expect(sqliteFaultKind(code)).toBe(kind));
});

describe("PostgreSQL SQLSTATE", () => {
  test.each([
    ["25006", "read-only"],
    ["42501", "permission"],
    ["53100", "full"],
    ["58030", "io"],
    ["XX001", "corrupt"],
    ["XX002", "corrupt"],
    ["57P01", "connection-lost"],
    ["08006", "connection-lost"],
    ["CONNECTION_CLOSED", "connection-lost"],
    ["ECONNRESET", "connection-lost"],
    ["42P01", undefined],
    ["23505", undefined],
    ["42601", undefined],
    ["57014", undefined],
  ] as [string, FaultKind | undefined][])("%p → %p", (code, kind) => expect(postgresFaultKind(code)).toBe(kind));
});

describe("MySQL/MariaDB error numbers", () => {
  test.each([
    [1290, undefined, "The MariaDB server is running with the --read-only option so it cannot execute this statement", "read-only"],
    [1290, undefined, "The MySQL server is running with the --secure-file-priv option so it cannot execute this statement", undefined],
    [1836, undefined, "Running in read-only mode", "read-only"],
    [1792, undefined, "Cannot execute statement in a READ ONLY transaction", "read-only"],
    [1142, undefined, "CREATE command denied to user", "permission"],
    [1044, undefined, "Access denied for user", "permission"],
    [1114, undefined, "The table 't' is full", "full"],
    [1021, undefined, "Disk full", "full"],
    [1030, undefined, "Got error 28 from storage engine", "io"],
    [1194, undefined, "Table 't' is marked as crashed", "corrupt"],
    [1927, undefined, "Connection was killed", "connection-lost"],
    [2013, undefined, "Lost connection to server during query", "connection-lost"],
    [undefined, "ERR_MYSQL_CONNECTION_CLOSED", "Connection closed", "connection-lost"],
    [1146, undefined, "Table 'x' doesn't exist", undefined],
    [1064, undefined, "You have an error in your SQL syntax", undefined],
    [1062, undefined, "Duplicate entry", undefined],
  ] as [number | undefined, string | undefined, string, FaultKind | undefined][])("%p %p %p → %p", (errno, code, message, kind) => expect(mysqlFaultKind(errno, code, message)).toBe(kind));
});

describe("what a fault says", () => {
  const sqlite = describeTarget("sqlite:/srv/app.db", "sqlite");
  const pg = describeTarget("postgres://u:secret@db.example:5432/app", "postgres");
  test("names the database and the reason, with a hint about the database", () => {
    const f = fault("read-only", sqlite, "attempt to write a readonly database", "the file is on a read-only file system");
    expect(f).toMatchObject({ code: "E_DB_READ_ONLY", exit: 1, problem: "SQLite at /srv/app.db is read-only: attempt to write a readonly database (the file is on a read-only file system)", unknownOutcome: false });
    expect(f.hint).toStartWith("make /srv/app.db and its folder writable");
    expect(fault("full", pg, "could not extend file").problem).toBe("PostgreSQL at db.example:5432 (database app) is full: could not extend file");
  });
  test("a lost connection leaves the statement's outcome unknown only when it was sent", () => {
    expect(lostFault(pg, true)).toMatchObject({ code: "E_DB_CONNECTION_LOST", problem: "the connection to PostgreSQL at db.example:5432 (database app) was lost", unknownOutcome: true });
    expect(lostFault(pg, false).unknownOutcome).toBe(false);
  });
  test("a URL that is a variable's value: neither the database's words nor the file are shown", () => {
    const hidden = hiddenTarget("sqlite", "${DB_URL}");
    const f = fault("read-only", hidden, "attempt to write a readonly database", "its folder /srv is on a read-only file system");
    expect(f.problem).toBe("SQLite at ${DB_URL} is read-only: details are not shown because the URL is the value of ${DB_URL}");
    expect(fault("permission", hiddenTarget("mysql", "${DB_URL}"), "INDEX command denied to user 'app'@'10.0.0.7'").problem).not.toContain("10.0.0.7");
  });
  test("never shows the password", () => {
    for (const kind of ["read-only", "permission", "full", "io", "corrupt"] as const) expect(JSON.stringify(fault(kind, pg, "x"))).not.toContain("secret");
  });
});
