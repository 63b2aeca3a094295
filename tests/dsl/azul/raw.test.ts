/**
 * `?` placeholders of query.raw: counted outside literals, identifiers, comments, dollar quotes,
 * by the same lexer as the planner (src/sql/lexer.ts), once per dialect.
 */
import { expect, test } from "bun:test";
import { countPlaceholders } from "../../../src/dsl/azul/raw";

const same = (n: number) => ({ postgres: n, mysql: n, sqlite: n });

const CASES: [string, { postgres: number; mysql: number; sqlite: number }][] = [
  ["SELECT 1", same(0)],
  ["INSERT INTO t (a, b) VALUES (?, ?)", same(2)],
  ["SELECT '?' , ?", same(1)],
  ["SELECT 'it''s ?', ?", same(1)],
  ['SELECT "odd?name" FROM t WHERE a = ?', same(1)],
  ["SELECT ? -- why?\n, ?", same(2)],
  ["SELECT /* ? */ ?", same(1)],
  ["SELECT 'unterminated ?", same(0)],
  // Dialect differences: backticks are plain characters on PostgreSQL, dollar quotes exist only
  // there, `#` comments only on MySQL, and a backslash escapes a quote only on MySQL.
  ["SELECT `odd?name` FROM t WHERE a = ?", { postgres: 2, mysql: 1, sqlite: 1 }],
  ["DO $$ BEGIN PERFORM '?'; END $$; SELECT ?", { postgres: 1, mysql: 1, sqlite: 1 }],
  ["SELECT $tag$ ? $tag$, ?", { postgres: 1, mysql: 2, sqlite: 2 }],
  ["SELECT $1, ?", same(1)],
  ["SELECT ? # ?\n", { postgres: 2, mysql: 1, sqlite: 2 }],
  ["SELECT 'a\\' || ?, ?", { postgres: 2, mysql: 0, sqlite: 2 }],
];

for (const [sql, n] of CASES) {
  test(JSON.stringify(sql), () => expect(countPlaceholders(sql)).toEqual(n));
}
