/** Short builders for hand-made schema model values in the SQL tests. */
import { foreignKeyName, sqlNameOf } from "../../../src/model/names";
import type { Column, ColumnType, ForeignKey, ReferentialAction, Table } from "../../../src/model/types";
import type { Operation } from "../../../src/dsl/operations";

type Simple = Exclude<ColumnType["kind"], "string" | "enum" | "decimal">;

export function col(name: string, type: Simple | ColumnType, extra: Partial<Column> = {}): Column {
  return { name, type: typeof type === "string" ? ({ kind: type } as ColumnType) : type, nullable: false, unique: false, ...extra };
}

export const str = (length: number): ColumnType => ({ kind: "string", length });
export const en = (...values: string[]): ColumnType => ({ kind: "enum", values });
export const dec = (precision?: number, scale?: number): ColumnType => ({ kind: "decimal", ...(precision === undefined ? {} : { precision }), ...(scale === undefined ? {} : { scale }) });

export const id = (): Column => col("id", "uuid", { default: { kind: "expr", expr: "uuid" } });
export const timestamps = (): Column[] => [
  col("created_at", "datetime", { default: { kind: "expr", expr: "now" } }),
  col("updated_at", "datetime", { default: { kind: "expr", expr: "now" } }),
];

export function fk(table: string, column: string, refTable: string, onDelete: ReferentialAction = "NO ACTION"): ForeignKey {
  return { name: foreignKeyName(sqlNameOf(table), [column]), columns: [column], refTable, refColumns: ["id"], onDelete, onUpdate: "NO ACTION" };
}

export function table(ref: string, columns: Column[], extra: Partial<Omit<Table, "ref" | "sqlName" | "columns">> = {}): Table {
  return { ref, sqlName: sqlNameOf(ref), columns, primaryKey: ["id"], indexes: [], foreignKeys: [], checks: [], ...extra };
}

export const create = (t: Table): Operation => ({ op: "create_table", table: t });

/** auth.user ← blog.post (author, CASCADE) ← blog.comment (post, CASCADE): a parent, a child, a grandchild. */
export const user = table("auth.user", [id(), col("email", str(255), { unique: true }), col("is_active", "boolean", { default: { kind: "literal", value: true } }), ...timestamps()]);
export const post = table(
  "blog.post",
  [
    id(),
    col("author_id", "uuid"),
    col("body", "text"),
    col("status", en("draft", "published", "archived"), { default: { kind: "literal", value: "draft" } }),
    col("title", str(200)),
    ...timestamps(),
  ],
  { foreignKeys: [fk("blog.post", "author_id", "auth.user", "CASCADE")], indexes: [{ name: "idx_blog_post_author_id", columns: ["author_id"], unique: false }] },
);
export const comment = table("blog.comment", [id(), col("body", "text"), col("post_id", "uuid")], {
  foreignKeys: [fk("blog.comment", "post_id", "blog.post", "CASCADE")],
});
export const blog: Operation[] = [create(user), create(post), create(comment)];
