/** Lint on migration source, without a database or the sandbox (every file here is literal DSL). */
import { interpretMigration } from "../../src/dsl/migration/index";
import type { Finding } from "../../src/lint/finding";
import { lintMigrations } from "../../src/lint/lint";
import { readLiteralFile } from "../../src/sandbox/literal-record";
import { type Capabilities, capabilitiesFor } from "../../src/sql/capabilities";

export const SERVERS = {
  postgres: capabilitiesFor("postgres", "16.2"),
  mysql: capabilitiesFor("mysql", "8.0.36"),
  "mysql-8.0.16": capabilitiesFor("mysql", "8.0.16"),
  mariadb: capabilitiesFor("mysql", "10.11.6-MariaDB"),
  "mariadb-10.3": capabilitiesFor("mysql", "10.3.39-MariaDB"),
  sqlite: capabilitiesFor("sqlite", "3.54.0"),
} as const;

export type ServerName = keyof typeof SERVERS;
export const SERVER_NAMES = Object.keys(SERVERS) as ServerName[];

/** The tables every case starts from (created by migration 001, so they exist and may have rows). */
export const BASE = `export default migration({
  up(m) {
    m.create_table("shop.owner", (t) => { t.id(); t.string("name", 50); });
    m.create_table("shop.tag", (t) => { t.id(); t.string("label", 30); });
    m.create_table("shop.item", (t) => { t.id(); t.string("name", 50); t.enum("status", ["a", "b"]); t.integer("qty").optional(); t.decimal("price", 10, 2); t.text("note").optional(); t.uuid("owner_id").optional(); });
    m.create_index("shop.item", ["name"], { name: "idx_item_name" });
  },
});
`;

/** `up(m) { <body> }` as a file; the body's first line is line 3. */
export function migrationOf(body: string): string {
  const lines = body.trim().split("\n").map((l) => `    ${l.trim()}`);
  return `export default migration({\n  up(m) {\n${lines.join("\n")}\n  },\n});\n`;
}

function def(source: string, file: string) {
  const ev = readLiteralFile({ path: file, source }, "migration");
  if (ev === null) throw new Error(`${file} is not literal DSL: ${source}`);
  return interpretMigration(ev);
}

/** The findings of migration 002 (`source`) after 001 (BASE). */
export function lintSource(source: string, caps: Capabilities): Finding[] {
  const r = lintMigrations(
    { tables: {} },
    [
      { file: "migrations/001_base.js", source: BASE, def: def(BASE, "migrations/001_base.js"), lint: false },
      { file: "migrations/002_change.js", source, def: def(source, "migrations/002_change.js") },
    ],
    caps,
  );
  return [...(r[0]?.findings ?? [])];
}

/** The source with `// alab:allow CODE reason` on the line above `line`. */
export function allowAbove(source: string, line: number, code: string): string {
  const lines = source.split("\n");
  lines.splice(line - 1, 0, `    // alab:allow ${code} checked by hand`);
  return lines.join("\n");
}
