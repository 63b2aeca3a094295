/**
 * The seed's example project (auth.role, auth.user many_to_many auth.role, blog.post) as the
 * schema DSL normalizes it, created on every dialect: the junction, the foreign keys and the
 * semantic types work together, the constraints they carry are enforced, and the database holds
 * exactly the schema (no drift).
 */
import { expect, test } from "bun:test";
import type { Operation } from "../../src/dsl/operations";
import { buildSchema } from "../../src/model/normalize";
import { emptySchema, type Schema, type Table } from "../../src/model/types";
import { plan } from "../../src/sql/plan";
import { seedDefs } from "../model/seed";
import { DIALECTS, expectFailure } from "./support/cases";
import { withDatabase } from "./support/exec";
import { expectNoDrift } from "../support/drift";
import { requireService } from "../support/services";

/** create_table ops, referenced tables first, each table's indexes as create_index. */
function createOps(schema: Schema): Operation[] {
  const done = new Set<string>();
  const ops: Operation[] = [];
  const visit = (t: Table) => {
    if (done.has(t.ref)) return;
    done.add(t.ref);
    for (const fk of t.foreignKeys) if (fk.refTable !== t.ref) visit(schema.tables[fk.refTable]!);
    ops.push({ op: "create_table", table: { ...t, indexes: [] } });
    for (const index of t.indexes) ops.push({ op: "create_index", ref: t.ref, index });
  };
  for (const ref of Object.keys(schema.tables).sort()) visit(schema.tables[ref]!);
  return ops;
}

const servers = { postgres: await requireService("postgres"), mysql: await requireService("mysql"), sqlite: {} };

for (const d of DIALECTS) {
  test.skipIf(servers[d] === null)(`the seed's example project on ${d}`, async () => {
    const schema = buildSchema(seedDefs());
    await withDatabase(d, async (x) => {
      const p = plan(createOps(schema), emptySchema, x.caps);
      expect(p.schema).toEqual(schema);
      await x.apply(p);
      await expectNoDrift(x.driver, schema);
      await x.query("insert into auth_role (name) values ('admin')");
      await x.query("insert into auth_user (email, username, password) values ('a@example.com', 'ann', 'x')");
      const [role] = await x.query("select id from auth_role");
      const [user] = await x.query("select id, is_active from auth_user");
      expect(user!.is_active).toBe(d === "postgres" ? true : 1);
      const pair = `('${String(role!.id)}', '${String(user!.id)}')`;
      const junction = Object.values(schema.tables).find((t) => t.ref.includes("_"))!;
      const [a, b] = junction.columns.map((c) => c.name).filter((n) => n.endsWith("_id"));
      await x.query(`insert into ${junction.sqlName} (${a}, ${b}) values ${pair}`);
      await expectFailure(x.query(`insert into ${junction.sqlName} (${a}, ${b}) values ${pair}`), /unique|duplicate/i);
      await x.query(`insert into blog_post (author_id, title, slug, body) values ('${String(user!.id)}', 'T', 'first-post', 'B')`);
      const [post] = await x.query("select status, created_at, deleted_at from blog_post");
      expect([post!.status, post!.created_at !== null, post!.deleted_at]).toEqual(["draft", true, null]);
      await expectFailure(x.query(`insert into blog_post (author_id, title, slug, body, status) values ('${String(user!.id)}', 'T', 's2', 'B', 'gone')`), /chk_blog_post_status_enum/);
    });
  });
}
