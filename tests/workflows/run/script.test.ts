/**
 * The `--dry` script's comment lines carry text from outside alab (a database name from the URL,
 * the server's version string, file names): a line break in it must not turn the rest into SQL for
 * the shell the script is piped into.
 */
import { describe, expect, test } from "bun:test";
import { comment, renderScript } from "../../../src/workflows/run/script";

describe("comment", () => {
  test.each([
    ["plain text", "-- plain text"],
    ["db\ndrop table victim", "-- db\\u000adrop table victim"],
    ["a\r\nb\u2028c\u0085d\u001b[2Je", "-- a\\u000d\\u000ab\\u2028c\\u0085d\\u001b[2Je"],
  ])("%p", (text, line) => {
    expect(comment(text)).toBe(line);
  });
});

test("a header line with a line break stays one comment line", () => {
  const script = renderScript({
    dialect: "postgres",
    header: ["alab migrate --dry: 1 migration on PostgreSQL at h:5432 (database x\ndrop table victim; --)", "postgres 16\r\nselect 1"],
    setup: [],
    units: [],
    begin: "BEGIN",
    history: () => ({ sql: "" }),
  });
  for (const line of script.split("\n").filter((l) => l !== "")) expect(line.startsWith("-- ")).toBe(true);
});
