/** Hand-built schemas for the generation tests: the seed's auth/blog example and small helpers. */
import { foreignKeyName, indexName } from "../../src/model/names";
import { buildJunction } from "../../src/model/junction";
import type { Column, ForeignKey, Index, Schema, Table } from "../../src/model/types";
import { idColumn, timestampColumns, softDeleteColumn } from "../../src/dsl/migration/shorthand";

export function col(name: string, type: Column["type"], extra: Partial<Column> = {}): Column {
  return { name, type, nullable: false, unique: false, ...extra };
}

export function fk(table: string, column: string, refTable: string, extra: Partial<ForeignKey> = {}): ForeignKey {
  return {
    name: foreignKeyName(table.replace(".", "_"), [column]),
    columns: [column],
    refTable,
    refColumns: ["id"],
    onDelete: "NO ACTION",
    onUpdate: "NO ACTION",
    ...extra,
  };
}

export function table(ref: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    ref,
    sqlName: ref.replace(".", "_"),
    columns,
    primaryKey: columns.some((c) => c.name === "id") ? ["id"] : [],
    indexes: [],
    foreignKeys: [],
    checks: [],
    ...extra,
  };
}

export function schema(...tables: Table[]): Schema {
  return { tables: Object.fromEntries(tables.map((t) => [t.ref, t])) };
}

export function idx(tableSql: string, columns: string[], unique = false): Index {
  return { name: indexName(tableSql, columns), columns, unique };
}

const str = (length: number): Column["type"] => ({ kind: "string", length });

/** The seed's example, as the schema DSL normalizes it. */
export function seedSchema(): Schema {
  const role = table("auth.role", [idColumn(), col("name", str(100), { unique: true }), ...timestampColumns()]);
  const user = table("auth.user", [
    idColumn(),
    col("email", str(255), { unique: true }),
    col("is_active", { kind: "boolean" }, { default: { kind: "literal", value: true } }),
    col("password", str(255)),
    col("username", str(50), { unique: true }),
    ...timestampColumns(),
  ]);
  const junction = buildJunction({ a: { ref: "auth.user", primaryKey: "id" }, b: { ref: "auth.role", primaryKey: "id" }, at: { file: "schemas/auth/user.js" } });
  const post = table(
    "blog.post",
    [
      idColumn(),
      col("author_id", { kind: "uuid" }),
      col("body", { kind: "text" }),
      col("published_at", { kind: "datetime" }, { nullable: true }),
      col("slug", str(255), { unique: true }),
      col("status", { kind: "enum", values: ["draft", "published", "archived"] }, { default: { kind: "literal", value: "draft" } }),
      col("title", str(200)),
      softDeleteColumn(),
      ...timestampColumns(),
    ],
    { foreignKeys: [fk("blog.post", "author_id", "auth.user")], indexes: [idx("blog_post", ["author_id"])] },
  );
  return schema(role, user, junction, post);
}
