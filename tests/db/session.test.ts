import { describe, expect, test } from "bun:test";
import { ddlLockStatements } from "../../src/db/session";
import type { Dialect } from "../../src/sql/dialect";
import { availableDialects, withTestDatabase } from "../support/db";

const dialects = await availableDialects();

/** The statement per dialect and seconds, and what the server then reports. */
const CASES: readonly { dialect: Dialect; seconds: number; sql: string[]; shows?: { query: string; value: string } }[] = [
  { dialect: "postgres", seconds: 5, sql: ["SET lock_timeout = '5000ms'"], shows: { query: "show lock_timeout", value: "5s" } },
  { dialect: "postgres", seconds: 0.25, sql: ["SET lock_timeout = '250ms'"], shows: { query: "show lock_timeout", value: "250ms" } },
  { dialect: "postgres", seconds: 0, sql: ["SET lock_timeout = '0ms'"], shows: { query: "show lock_timeout", value: "0" } },
  { dialect: "mysql", seconds: 5, sql: ["SET SESSION lock_wait_timeout = 5"], shows: { query: "select @@session.lock_wait_timeout as v", value: "5" } },
  { dialect: "mysql", seconds: 0.25, sql: ["SET SESSION lock_wait_timeout = 1"], shows: { query: "select @@session.lock_wait_timeout as v", value: "1" } },
  { dialect: "mysql", seconds: 0, sql: ["SET SESSION lock_wait_timeout = 31536000"], shows: { query: "select @@session.lock_wait_timeout as v", value: "31536000" } },
  { dialect: "sqlite", seconds: 5, sql: [] },
];

describe("the DDL lock timeout per dialect", () => {
  test.each(CASES.map((c) => [c.dialect, c.seconds, c] as const))("%s, %p s", async (dialect, seconds, c) => {
    const statements = ddlLockStatements(dialect, seconds);
    expect(statements.map((s) => s.sql)).toEqual(c.sql);
    if (!dialects.includes(dialect) || c.shows === undefined) return;
    const shows = c.shows;
    await withTestDatabase(dialect, async (_url, driver) => {
      await driver.exec(statements);
      const [row] = await driver.query({ sql: shows.query });
      expect(String(Object.values(row ?? {})[0])).toBe(shows.value);
    });
  });
});
