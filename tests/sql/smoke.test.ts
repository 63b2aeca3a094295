import { expect, test } from "bun:test";
import { emptySchema } from "../../src/model/types";
import { plan } from "../../src/sql/plan";
import { withDatabase } from "./support/exec";
import { blog } from "./support/model";

for (const d of ["postgres", "mysql", "sqlite"] as const) {
  test(`smoke ${d}`, async () => {
    await withDatabase(d, async (x) => {
      const p = plan(blog, emptySchema, x.caps);
      console.log(p.statements.map((s) => s.sql).join(";\n"));
      await x.apply(p);
      await x.query(`insert into auth_user (email) values ('a@b.c')`);
      console.log(await x.query(`select * from auth_user`));
      expect(1).toBe(1);
    });
  });
}
