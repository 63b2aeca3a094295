/**
 * The seed's example project as hand-built recordings: auth.role, auth.user (many_to_many
 * auth.role) and blog.post, as in schemas/ at the repository root.
 */
import type { TableDef } from "../../src/model/def";
import { interpret } from "../dsl/schema/helpers";
import { col, table } from "../dsl/schema/record";

export function seedDefs(): TableDef[] {
  const role = interpret(table({ id: col.id(), name: col.name().unique() }).timestamps(), "auth", "role", "schemas/auth/role.js");
  const user = interpret(
    table({
      id: col.id(),
      email: col.email().unique(),
      username: col.username().unique(),
      password: col.password_hash(),
      is_active: col.flag(true),
    })
      .timestamps()
      .many_to_many("auth.role"),
    "auth",
    "user",
    "schemas/auth/user.js",
  );
  const post = interpret(
    table({
      id: col.id(),
      author: col.belongs_to("auth.user"),
      title: col.title(),
      slug: col.slug(),
      body: col.text(),
      status: col.enum(["draft", "published", "archived"]).default("draft"),
      published_at: col.datetime().optional(),
    })
      .timestamps()
      .soft_delete(),
    "blog",
    "post",
    "schemas/blog/post.js",
  );
  return [post, user, role];
}
