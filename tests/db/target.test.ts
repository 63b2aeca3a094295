import { expect, test } from "bun:test";
import { advisoryKey, advisoryKeyParts, mysqlLockName } from "../../src/db/lock-key";
import { describeTarget, sqliteFileOf, targetText } from "../../src/db/target";

test.each([
  ["sqlite::memory:", ":memory:"],
  ["sqlite:app.db", "app.db"],
  ["sqlite:./data/app.db", "./data/app.db"],
  ["sqlite:///abs/app.db", "/abs/app.db"],
  ["file:app.db?mode=rwc", "app.db"],
  ["file:///abs/app.sqlite3", "/abs/app.sqlite3"],
  ["app.db", "app.db"],
])("sqliteFileOf(%p) = %p", (url, file) => expect(sqliteFileOf(url)).toBe(file));

test.each([
  ["postgres://u:secret@db.internal/app", "postgres", "PostgreSQL at db.internal:5432 (database app)"],
  ["postgresql://u@10.0.0.5:6543/app", "postgres", "PostgreSQL at 10.0.0.5:6543 (database app)"],
  ["mysql://root@127.0.0.1/shop", "mysql", "MySQL/MariaDB at 127.0.0.1:3306 (database shop)"],
  ["mariadb://root@db:3307/shop", "mysql", "MySQL/MariaDB at db:3307 (database shop)"],
  ["postgres://u@/app?host=/var/run/postgresql", "postgres", "PostgreSQL at /var/run/postgresql (database app)"],
  ["sqlite:/srv/app.db", "sqlite", "SQLite at /srv/app.db"],
  ["sqlite::memory:", "sqlite", "SQLite at an in-memory database"],
] as const)("describeTarget(%p)", (url, dialect, text) => {
  const t = describeTarget(url, dialect);
  expect(targetText(t)).toBe(text);
  expect(JSON.stringify(t)).not.toContain("secret");
});

test("lock keys are stable, and scoped to the database on MySQL", () => {
  // A changed key would let an old and a new alab migrate one database at the same time.
  expect(advisoryKey("alab_migrations")).toBe(advisoryKey("alab_migrations"));
  expect(advisoryKey("alab_migrations")).not.toBe(advisoryKey("other"));
  const { classid, objid } = advisoryKeyParts(-1n);
  expect([classid, objid]).toEqual([0xffffffff, 0xffffffff]);
  expect(mysqlLockName("shop", "alab_migrations")).toBe("alab:shop:alab_migrations");
  const long = mysqlLockName("d".repeat(70), "alab_migrations");
  expect(long.length).toBeLessThanOrEqual(64);
  expect(long).not.toBe(mysqlLockName("e".repeat(70), "alab_migrations"));
});
