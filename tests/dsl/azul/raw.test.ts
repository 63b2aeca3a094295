/** `?` placeholders of query.raw: counted outside literals, identifiers, comments, dollar quotes. */
import { expect, test } from "bun:test";
import { countPlaceholders } from "../../../src/dsl/azul/raw";

const CASES: [string, number][] = [
  ["SELECT 1", 0],
  ["INSERT INTO t (a, b) VALUES (?, ?)", 2],
  ["SELECT '?' , ?", 1],
  ["SELECT 'it''s ?', ?", 1],
  ['SELECT "odd?name" FROM t WHERE a = ?', 1],
  ["SELECT `odd?name` FROM t WHERE a = ?", 1],
  ["SELECT ? -- why?\n, ?", 2],
  ["SELECT /* ? */ ?", 1],
  ["DO $$ BEGIN PERFORM '?'; END $$; SELECT ?", 1],
  ["SELECT $tag$ ? $tag$, ?", 1],
  ["SELECT $1, ?", 1],
  ["SELECT 'unterminated ?", 0],
];

for (const [sql, n] of CASES) {
  test(JSON.stringify(sql), () => expect(countPlaceholders(sql)).toBe(n));
}
